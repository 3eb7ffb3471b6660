"""Row locks taken in one order everywhere, so two services locking the same rows cannot deadlock.

Call inside `transaction.atomic()`. On PostgreSQL these are `SELECT ... FOR UPDATE` in primary-key
order; on SQLite every write transaction is already `BEGIN IMMEDIATE` (settings), which serialises
writers, so the same code is correct on both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db import models, transaction

from .errors import NotFound

M = TypeVar("M", bound=models.Model)


def _require_atomic(using: str) -> None:
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("row locks are held only inside transaction.atomic()")


def lock_rows(queryset: models.QuerySet[M], pks: Iterable | None = None) -> list[M]:
    """Lock the rows of `queryset` (optionally only `pks`) in primary-key order and return them."""
    _require_atomic(queryset.db)
    if pks is not None:
        queryset = queryset.filter(pk__in=sorted(set(pks)))
    return list(queryset.select_for_update().order_by("pk"))


def lock_row(queryset: models.QuerySet[M], pk) -> M:
    """Lock one row and return its current state; a missing row is a domain NotFound (404)."""
    rows = lock_rows(queryset, [pk])
    if not rows:
        raise NotFound()
    return rows[0]
