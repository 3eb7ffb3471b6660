"""What payments can settle: higher apps register their payable models here (from AppConfig.ready).

    payments.registry.register(Milestone, kind="milestone", get_for=..., describe=..., on_paid=..., on_refunded=...)

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
    kind: str  # the name clients use ("milestone")
    get_for: Callable[..., models.Model]  # get_for(user=..., pk=...): the object or the app's 404
    describe: Callable[[models.Model], Due]
    on_paid: Callable[[models.Model, Any], None]
    on_refunded: Callable[[models.Model, Any, int], None]


_entries: dict[str, Entry] = {}


def _noop(*args, **kwargs) -> None:
    return None


def register(
    model: type[models.Model],
    *,
    kind: str,
    get_for: Callable[..., models.Model],
    describe: Callable[[models.Model], Due],
    on_paid: Callable[[models.Model, Any], None] = _noop,
    on_refunded: Callable[[models.Model, Any, int], None] = _noop,
) -> None:
    _entries[model._meta.label_lower] = Entry(
        kind=kind, get_for=get_for, describe=describe, on_paid=on_paid, on_refunded=on_refunded
    )


def entry_for(model: type[models.Model] | models.Model) -> Entry | None:
    return _entries.get(model._meta.label_lower)


def entry_by_kind(kind: str) -> Entry | None:
    return next((entry for entry in _entries.values() if entry.kind == kind), None)


def kinds() -> list[str]:
    """The payable kinds the apps registered (the API's choices for `payable_kind`)."""
    return sorted(entry.kind for entry in _entries.values())
