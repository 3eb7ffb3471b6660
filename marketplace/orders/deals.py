"""What solution orders announce through `marketplace.core.deals` (the vouchers app listens).

An order's amounts due are announced as they are recorded (the vendor's confirmation records the
first period, renewals the next ones): support is reserved on each. Amounts cancelled when an order
closes are announced as released. A solution's use is redeemed by an officer against the vendor's
e-invoice number (orders record no invoice themselves).
"""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.core import deals
from marketplace.core.support import SOLUTION

from .models import AmountDue


def amount_due(row: AmountDue) -> deals.DealAmount:
    order = row.order
    return deals.DealAmount(
        key=deals.payable_key(row),
        contract=deals.payable_key(order),
        enterprise_id=order.enterprise_id,
        kind=SOLUTION,
        price=row.price,
        co_investment=row.co_investment,
        due_date=row.due_date,
        provider=order.vendor.name,
        description=f"{order.solution} · {order.plan_name}"[:500],
    )


def announce_recorded(row: AmountDue, actor) -> None:
    if row.price > 0:
        deals.amounts_accepted.send(sender=AmountDue, amounts=[amount_due(row)], actor=actor)


def announce_released(rows: Iterable[AmountDue], actor, reason: str) -> None:
    keys = [deals.payable_key(r) for r in rows]
    if keys:
        deals.amounts_released.send(sender=AmountDue, keys=keys, actor=actor, reason=reason)
