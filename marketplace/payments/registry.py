"""What payments can settle: higher apps register their payable models here (from AppConfig.ready).

    payments.registry.register(Milestone, describe=..., on_paid=..., on_refunded=...)

`describe(obj)` answers what is due (price, co-investment, kind of support, the enterprise that
pays, a description) or raises a domain error when nothing is due; `on_paid(obj, payment)` and
`on_refunded(obj, payment, amount)` run in the payment's transaction. Payments imports no payer app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Due:
    enterprise: Any  # marketplace.enterprises.models.Enterprise
    description: str
    price: int
    co_investment: int = 0
    support_kind: str = "consulting"  # marketplace.core.support: CONSULTING or SOLUTION


@dataclass(frozen=True)
class Entry:
    describe: Callable[[models.Model], Due]
    on_paid: Callable[[models.Model, Any], None]
    on_refunded: Callable[[models.Model, Any, int], None]


_entries: dict[str, Entry] = {}


def _noop(*args, **kwargs) -> None:
    return None


def register(
    model: type[models.Model],
    *,
    describe: Callable[[models.Model], Due],
    on_paid: Callable[[models.Model, Any], None] = _noop,
    on_refunded: Callable[[models.Model, Any, int], None] = _noop,
) -> None:
    _entries[model._meta.label_lower] = Entry(describe=describe, on_paid=on_paid, on_refunded=on_refunded)


def entry_for(model: type[models.Model] | models.Model) -> Entry | None:
    return _entries.get(model._meta.label_lower)
