"""Writes of orders: place, answer, confirm in use, cancel, renew, end, report revenue, invoice.

Every state change goes through ORDER_WORKFLOW with `transition` (compare-and-swap plus audit, so two
confirms or two renewals at once change the order once). Amounts come from the order's terms, which
come from the plan: nothing a client sends sets a price.

Billing: the first period starts when the trial ends (`trial_ends_on`, the start date itself without
a trial) and each later one a whole number of months after it (no drift on 31sts). Standard and
co-investment plans are billed at the start of each period; pay-after-use plans at its end (so the
first payment falls due after the trial and the first period of use); a one-off price is one amount.
Revenue-sharing plans bill their fixed price (if any) like standard plans and an instalment for each
month of revenue the enterprise reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Billing, PlanPricing, SolutionPlan
from marketplace.core.audit import audit_record
from marketplace.core.transitions import transition
from marketplace.enterprises.models import Enterprise
from marketplace.payments.split import split_amount

from . import deals, selectors
from . import workflow as wf
from .amounts import add_months, revenue_share_instalment
from .errors import (
    ContractNumberTaken,
    InvalidOrderInput,
    InvoiceNotDue,
    NotAnEnterpriseMember,
    OrderAlreadyOpen,
    OrderChanged,
    OrderNotFound,
    OrderTransitionRefused,
    PlanNotOrderable,
    RevenueAlreadyReported,
    TooEarly,
)
from .models import AmountDue, AmountKind, AmountStatus, Order, OrderStatus

MONTHS = {Billing.MONTHLY: 1, Billing.YEARLY: 12}


def _today() -> dt.date:
    return timezone.localdate()


def _move(
    order: Order, *, action: str, actor, reason: str = "", changes: dict[str, Any] | None = None, **kwargs
) -> Order:
    return transition(
        order,
        workflow=wf.ORDER_WORKFLOW,
        action=action,
        actor=actor,
        reason=reason,
        changes={"status_reason": reason, **(changes or {})},
        invalid_error=OrderTransitionRefused,
        conflict_error=OrderChanged,
        **kwargs,
    )


def _require_enterprise_side(order: Order, actor) -> None:
    # outsiders learn nothing: the same 404 as for an order that does not exist
    if not selectors.is_enterprise_side(order, actor):
        raise OrderNotFound()


def _require_vendor_side(order: Order, actor) -> None:
    if not selectors.is_vendor_side(order, actor):
        raise OrderNotFound()


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = _("Give a reason: the other side sees it.")
        raise InvalidOrderInput(message, fields={"reason": [message]})
    return reason


# ---------------------------------------------------------------- periods


def _period(order: Order, index: int) -> tuple[dt.date, dt.date | None]:
    """The `index`-th billing period (0-based) as [start, end); a one-off price has no end."""
    anchor = order.trial_ends_on
    months = MONTHS.get(order.billing)
    if months is None:
        return anchor, None
    return add_months(anchor, index * months), add_months(anchor, (index + 1) * months)


def _record_period(order: Order, index: int, *, actor) -> AmountDue:
    start, end = _period(order, index)
    in_arrears = order.pricing == PlanPricing.PAY_AFTER_USE and end is not None
    split = split_amount(price=order.price, co_investment=order.co_investment)
    row = AmountDue.objects.create(
        order=order,
        kind=AmountKind.PERIOD,
        period_start=start,
        period_end=end,
        due_date=end if in_arrears else start,
        price=split.price,
        co_investment=split.co_investment,
        support=split.support,
        sme_share=split.sme_share,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    deals.announce_recorded(row, actor)
    return row


def _bills_periods(order: Order) -> bool:
    # a revenue-sharing plan without a fixed part is billed only from reported revenue
    return not (order.pricing == PlanPricing.REVENUE_SHARING and order.price == 0)


def _cancel_amounts_after(order: Order, day: dt.date) -> int:
    """Amounts not yet fallen due when an order closes are cancelled; those already due stay owed."""
    cancelled = list(AmountDue.objects.filter(order=order, status=AmountStatus.DUE, due_date__gt=day))
    count = AmountDue.objects.filter(pk__in=[r.pk for r in cancelled]).update(status=AmountStatus.CANCELLED)
    deals.announce_released(cancelled, None, order.status_reason or _("The order closed"))
    return count


# ---------------------------------------------------------------- the enterprise orders


@transaction.atomic
def order_place(*, plan: SolutionPlan | int, enterprise: Enterprise, actor, note: str = "") -> Order:
    """The enterprise orders a plan; the price and every term are copied from the plan as offered."""
    if not enterprise.memberships.filter(user=actor).exists():
        raise NotAnEnterpriseMember()
    plan = selectors.orderable_plan(plan.pk if isinstance(plan, SolutionPlan) else plan)
    if plan is None:
        raise PlanNotOrderable()
    try:
        with transaction.atomic():
            order = Order.objects.create(
                enterprise=enterprise,
                plan=plan,
                solution=plan.solution,
                vendor=plan.solution.vendor,
                ordered_by=actor,
                note=(note or "").strip()[:2000],
                **plan.terms(),
            )
    except IntegrityError as exc:
        raise OrderAlreadyOpen() from exc
    audit_record(subject=order, actor=actor, action="order.place", to_state=order.status)
    return order


@transaction.atomic
def order_withdraw(*, order: Order, actor, reason: str = "") -> Order:
    _require_enterprise_side(order, actor)
    return _move(
        order,
        action=wf.WITHDRAW,
        actor=actor,
        reason=(reason or "").strip(),
        changes={"closed_at": timezone.now()},
    )


@transaction.atomic
def order_confirm_in_use(*, order: Order, actor) -> Order:
    """The enterprise says the solution is in use: what the indicators count. Not before the trial ends
    (without a trial, from the start date): a solution is "applied" once it has been tried for real."""
    _require_enterprise_side(order, actor)

    def guard(_state: str) -> None:
        current = Order.objects.get(pk=order.pk)
        if current.trial_ends_on and _today() < current.trial_ends_on:
            raise TooEarly(
                _("You can confirm the solution is in use from %(day)s, when the trial ends.")
                % {"day": current.trial_ends_on.strftime("%d/%m/%Y")}
            )

    return _move(
        order, action=wf.CONFIRM_IN_USE, actor=actor, changes={"in_use_at": timezone.now()}, guard=guard
    )


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: str) -> Order:
    """The enterprise does not adopt the solution (during or after the trial)."""
    _require_enterprise_side(order, actor)
    reason = _require_reason(reason)
    order = _move(order, action=wf.CANCEL, actor=actor, reason=reason, changes={"closed_at": timezone.now()})
    _cancel_amounts_after(order, _today())
    return order


@transaction.atomic
def order_report_revenue(*, order: Order, actor, month: dt.date, revenue: int) -> AmountDue:
    """The enterprise reports a month's revenue on a revenue-sharing order; the instalment is cut from
    the running total (see amounts.py) and falls due ORDERS_REVENUE_SHARE_DUE_DAYS after the month."""
    _require_enterprise_side(order, actor)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.pricing != PlanPricing.REVENUE_SHARING:
        raise OrderTransitionRefused(_("Only revenue-sharing orders report revenue."))
    if order.status not in (OrderStatus.ACTIVE, OrderStatus.IN_USE):
        raise OrderTransitionRefused(_("Revenue is reported only while the order runs."))
    if isinstance(revenue, bool) or not isinstance(revenue, int) or revenue < 0:
        message = _("Enter the revenue as a whole number of đồng.")
        raise InvalidOrderInput(message, fields={"revenue": [message]})
    month = month.replace(day=1)
    next_month = add_months(month, 1)
    if order.start_date and next_month <= order.start_date.replace(day=1):
        message = _("This month is before the order started.")
        raise InvalidOrderInput(message, fields={"month": [message]})
    if next_month > _today():
        message = _("Report a month once it is over.")
        raise InvalidOrderInput(message, fields={"month": [message]})
    before = selectors.revenue_reported(order)
    amount = revenue_share_instalment(
        reported_before=before, revenue=revenue, basis_points=order.revenue_share_basis_points
    )
    split = split_amount(price=amount)
    due = next_month + dt.timedelta(days=settings.ORDERS_REVENUE_SHARE_DUE_DAYS)
    try:
        with transaction.atomic():
            row = AmountDue.objects.create(
                order=order,
                kind=AmountKind.REVENUE_SHARE,
                period_start=month,
                period_end=next_month,
                due_date=max(due, _today()),
                price=split.price,
                co_investment=split.co_investment,
                support=split.support,
                sme_share=split.sme_share,
                revenue=revenue,
                recorded_by=actor,
            )
    except IntegrityError as exc:
        raise RevenueAlreadyReported() from exc
    audit_record(
        subject=order,
        actor=actor,
        action="order.report_revenue",
        from_state=order.status,
        to_state=order.status,
        data={"month": month.isoformat(), "revenue": revenue, "amount": amount},
    )
    return row


# ---------------------------------------------------------------- the vendor answers


@transaction.atomic
def order_confirm(*, order: Order, actor, start_date: dt.date, contract_number: str) -> Order:
    """The vendor confirms: the order runs from `start_date` under `contract_number`, and the first
    period's amount is recorded (falling due after the trial)."""
    _require_vendor_side(order, actor)
    contract_number = (contract_number or "").strip()
    errors: dict[str, list[str]] = {}
    if not contract_number or len(contract_number) > 60:
        errors["contract_number"] = [_("Enter the contract number (at most 60 characters).")]
    if not isinstance(start_date, dt.date):
        errors["start_date"] = [_("Enter the start date.")]
    elif start_date < timezone.localdate(order.created_at):
        errors["start_date"] = [_("The start date cannot be before the order was placed.")]
    if errors:
        raise InvalidOrderInput(fields=errors)
    trial_ends_on = start_date + dt.timedelta(days=order.trial_days)
    changes: dict[str, Any] = {
        "start_date": start_date,
        "contract_number": contract_number,
        "trial_ends_on": trial_ends_on,
        "confirmed_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            order = _move(order, action=wf.CONFIRM, actor=actor, changes=changes)
    except IntegrityError as exc:
        raise ContractNumberTaken(
            fields={"contract_number": [str(ContractNumberTaken.default_message)]}
        ) from exc
    if _bills_periods(order):
        _record_period(order, 0, actor=actor)
        next_start = _period(order, 1)[0] if order.billing != Billing.ONE_OFF else None
        Order.objects.filter(pk=order.pk).update(next_period_start=next_start, periods_recorded=1)
        order.next_period_start, order.periods_recorded = next_start, 1
    return order


@transaction.atomic
def order_decline(*, order: Order, actor, reason: str) -> Order:
    _require_vendor_side(order, actor)
    return _move(
        order,
        action=wf.DECLINE,
        actor=actor,
        reason=_require_reason(reason),
        changes={"closed_at": timezone.now()},
    )


# ---------------------------------------------------------------- either side


@transaction.atomic
def order_end(*, order: Order, actor, reason: str) -> Order:
    """The vendor or the enterprise ends a running order; what already fell due stays owed."""
    if not (selectors.is_vendor_side(order, actor) or selectors.is_enterprise_side(order, actor)):
        raise OrderNotFound()
    order = _move(
        order,
        action=wf.END,
        actor=actor,
        reason=_require_reason(reason),
        changes={"closed_at": timezone.now(), "next_period_start": None},
    )
    _cancel_amounts_after(order, _today())
    return order


# ---------------------------------------------------------------- renewals


@transaction.atomic
def order_renew(*, order: Order, today: dt.date | None = None) -> AmountDue | None:
    """Record the next period's amount if it starts within ORDERS_RENEWAL_LEAD_DAYS; None if not due.

    The compare-and-swap on `next_period_start` makes two concurrent renewals record one period.
    """
    today = today or _today()
    current = Order.objects.get(pk=order.pk)
    lead = dt.timedelta(days=settings.ORDERS_RENEWAL_LEAD_DAYS)
    if (
        current.status != OrderStatus.IN_USE
        or current.next_period_start is None
        or current.next_period_start - lead > today
    ):
        return None
    index = current.periods_recorded
    following = _period(current, index + 1)[0]
    _move(
        current,
        action=wf.RENEW,
        actor=None,
        changes={"next_period_start": following, "periods_recorded": index + 1},
        expect={"next_period_start": current.next_period_start, "periods_recorded": index},
        data={"period": index + 1},
    )
    return _record_period(current, index, actor=None)


def orders_renew_due(*, today: dt.date | None = None) -> int:
    """The daily run: record every period that falls within the lead time (catching up missed days).
    Each renewal is its own transaction; running twice records nothing twice."""
    today = today or _today()
    lead = dt.timedelta(days=settings.ORDERS_RENEWAL_LEAD_DAYS)
    recorded = 0
    for order in selectors.orders_due_for_renewal(until=today + lead):
        while True:
            try:
                amount = order_renew(order=order, today=today)
            except OrderChanged:
                break  # another run renewed it
            if amount is None:
                break
            recorded += 1
    return recorded


def amount_record_invoice(*, amount: AmountDue, actor, number: str) -> AmountDue:
    """The vendor records the e-invoice (hóa đơn điện tử) it issued for a paid amount; the support a
    voucher reserved on it is redeemed against that number (the vouchers app listens). Recording a
    corrected number again changes only the number."""
    _require_vendor_side(amount.order, actor)
    number = (number or "").strip()
    if not number:
        message = _("Give the e-invoice number.")
        raise InvalidOrderInput(message, fields={"e_invoice_number": [message]})
    number = number[:40]
    with transaction.atomic():
        updated = AmountDue.objects.filter(pk=amount.pk, status=AmountStatus.PAID, price__gt=0).update(
            e_invoice_number=number
        )
        if updated != 1:
            raise InvoiceNotDue()
        audit_record(
            subject=amount.order,
            actor=actor,
            action="amount.invoiced",
            data={"amount": amount.pk, "e_invoice_number": number},
        )
        deals.announce_invoiced(amount, actor)
    amount.e_invoice_number = number
    return amount
