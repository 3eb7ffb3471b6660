"""What solution orders announce through `marketplace.core.deals` (the vouchers app listens).

An order's amounts due are announced as they are recorded (the vendor's confirmation records the
first period, renewals the next ones): support is reserved on each. Amounts cancelled when an order
closes are announced as released. When the vendor records its e-invoice number against a paid amount,
the amount is announced as settled: the support reserved on it is redeemed against that number.
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


def announce_invoiced(row: AmountDue, actor) -> None:
    """The vendor invoiced a paid amount: the support reserved on it is redeemed against the number."""
    row = AmountDue.objects.select_related("order__vendor", "order__solution").get(pk=row.pk)
    deals.amount_settled.send(
        sender=AmountDue,
        amount=amount_due(row),
        settled=row.price,
        evidence=row.e_invoice_number,
        actor=actor,
    )


def announce_released(rows: Iterable[AmountDue], actor, reason: str) -> None:
    keys = [deals.payable_key(r) for r in rows]
    if keys:
        deals.amounts_released.send(sender=AmountDue, keys=keys, actor=actor, reason=reason)
