"""An order's amount due as something payments can settle (registered in apps.py with payments.registry).

What is due is the amount's own split, made when it was recorded (price and co-investment); payments
divides it again with `payments.split.split_amount` and the support granted, so both agree. Paying
marks the amount paid (through AMOUNT_WORKFLOW, with its audit record filed in the order's history);
a refund is recorded in the order's history (the amount stays paid: the refund is the payment's).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.core.audit import audit_record
from marketplace.core.support import SOLUTION
from marketplace.core.transitions import transition
from marketplace.payments.registry import Due

from . import selectors
from . import workflow as wf
from .errors import AmountNotPayable, OrderChanged, OrderNotFound, OrderTransitionRefused
from .models import AmountDue, AmountStatus


def amount_get_for(*, user, pk) -> AmountDue:
    """An amount of an order the user may see; anyone else gets the order's 404."""
    amount = (
        AmountDue.objects.select_related("order__enterprise", "order__solution", "order__vendor")
        .filter(pk=pk, order__in=selectors.orders_visible_to(user).values("pk"))
        .first()
    )
    if amount is None:
        raise OrderNotFound()
    return amount


def amount_due(amount: AmountDue) -> Due:
    if amount.status != AmountStatus.DUE or amount.sme_share <= 0:
        raise AmountNotPayable()
    order = amount.order
    period = amount.period_start.strftime("%d/%m/%Y")
    return Due(
        enterprise=order.enterprise,
        description=f"{order.solution.name} · {order.plan_name} — {amount.get_kind_display()} {period}",
        price=amount.price,
        co_investment=amount.co_investment,
        support_kind=SOLUTION,
    )


def amount_paid(amount: AmountDue, payment) -> None:
    try:
        transition(
            amount,
            workflow=wf.AMOUNT_WORKFLOW,
            action=wf.PAY_AMOUNT,
            actor=None,
            audit_subject=amount.order,
            data={"amount": amount.pk, "payment": payment.pk, "paid": payment.sme_share},
            invalid_error=OrderTransitionRefused,
            conflict_error=OrderChanged,
            touch=None,
        )
    except OrderTransitionRefused:
        # cancelled when the order closed while the transfer was on its way: the money is still
        # recorded (ledger) and the payment shows it; the history says so for the officer to refund
        audit_record(
            subject=amount.order,
            actor=None,
            action="amount.paid_after_cancel",
            data={"amount": amount.pk, "payment": payment.pk, "paid": payment.sme_share},
            reason=_("paid after the amount was cancelled"),
        )


def amount_refunded(amount: AmountDue, payment, refunded: int) -> None:
    audit_record(
        subject=amount.order,
        actor=None,
        action="amount.refunded",
        data={"amount": amount.pk, "payment": payment.pk, "refunded": refunded},
    )
