"""Order pages: the enterprise orders a plan and follows its orders; the vendor answers them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.roles import is_officer
from marketplace.core.errors import DomainError
from marketplace.core.forms import MoneyField
from marketplace.enterprises.selectors import enterprises_of
from marketplace.payments import gateway as payment_gateway
from marketplace.payments.selectors import live_payments_of

from . import selectors, services
from . import workflow as wf
from .errors import InvalidOrderInput, OrderNotFound
from .models import AmountStatus, OrderStatus


def _order_or_404(request, pk: int):
    try:
        return selectors.order_get_for(request.user, pk)
    except OrderNotFound as exc:
        raise Http404 from exc


@login_required
def place(request, plan_pk: int):
    plan = selectors.orderable_plan(plan_pk)
    if plan is None:
        raise Http404
    enterprises = list(enterprises_of(request.user))
    error = None
    if request.method == "POST":
        chosen = request.POST.get("enterprise", "")
        enterprise = next((e for e in enterprises if str(e.pk) == chosen), None)
        if enterprise is None and len(enterprises) == 1:
            enterprise = enterprises[0]
        try:
            if enterprise is None:
                raise InvalidOrderInput(_("Choose the enterprise you order for."))
            order = services.order_place(
                plan=plan, enterprise=enterprise, actor=request.user, note=request.POST.get("note", "")
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Order sent. The vendor will confirm it."))
            return redirect(order.get_absolute_url())
    return render(
        request,
        "orders/place.html",
        {"plan": plan, "solution": plan.solution, "enterprises": enterprises, "error": error},
        status=400 if error else 200,
    )


def _actions_for(order, user) -> list[str]:
    allowed = set(wf.ORDER_WORKFLOW.actions_from(order.status))
    names = []
    if selectors.is_vendor_side(order, user):
        names += [a for a in (wf.CONFIRM, wf.DECLINE) if a in allowed]
    if selectors.is_enterprise_side(order, user):
        names += [a for a in (wf.CONFIRM_IN_USE, wf.CANCEL, wf.WITHDRAW) if a in allowed]
        if order.pricing == "revenue_sharing" and order.status in (OrderStatus.ACTIVE, OrderStatus.IN_USE):
            names.append("order.revenue")
    if wf.END in allowed and (
        selectors.is_vendor_side(order, user) or selectors.is_enterprise_side(order, user)
    ):
        names.append(wf.END)
    return [name.split(".", 1)[1] for name in names]


@login_required
def detail(request, pk: int):
    order = _order_or_404(request, pk)
    amounts = selectors.order_amounts(order)
    payments = live_payments_of(amounts)
    payer = selectors.is_enterprise_side(order, request.user)
    vendor = selectors.is_vendor_side(order, request.user)
    # the payment page is the payer's (and officers'): the vendor sees the payment's state only
    can_open_payment = payer or is_officer(request.user)
    for amount in amounts:
        # each row: its open or paid payment (a link), else a "Pay" button for the enterprise's members
        amount.payment = next((p for (_t, pk_), p in payments.items() if pk_ == amount.pk), None)
        amount.payable = payer and amount.payment is None and amount.status == AmountStatus.DUE
        amount.can_invoice = vendor and amount.status == AmountStatus.PAID and amount.price > 0
    return render(
        request,
        "orders/detail.html",
        {
            "order": order,
            "actions": _actions_for(order, request.user),
            "amounts": amounts,
            "today": timezone.localdate().isoformat(),
            "pay_key": uuid.uuid4().hex,
            "card_enabled": payment_gateway.enabled(),
            "can_open_payment": can_open_payment,
        },
    )


def _amount_of(order, pk: str):
    """One of the order's amounts by the posted id; anything else is the order's 404."""
    pk = (pk or "").strip()
    amount = (
        order.amounts.filter(pk=int(pk)).first() if pk.isascii() and pk.isdigit() and len(pk) < 12 else None
    )
    if amount is None:
        raise Http404
    return amount


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        message = _("Enter a date.")
        raise InvalidOrderInput(message, fields={field: [message]}) from exc


def _amount(value: str, field: str) -> int:
    try:
        return MoneyField().clean(value)
    except Exception as exc:
        message = " ".join(getattr(exc, "messages", [])) or _("Enter an amount in đồng.")
        raise InvalidOrderInput(message, fields={field: [message]}) from exc


@login_required
@require_POST
def act(request, pk: int):
    order = _order_or_404(request, pk)
    action = request.POST.get("action", "")
    data = request.POST
    user = request.user
    calls = {
        "confirm": lambda: services.order_confirm(
            order=order,
            actor=user,
            start_date=_date(data.get("start_date", ""), "start_date"),
            contract_number=data.get("contract_number", ""),
        ),
        "decline": lambda: services.order_decline(order=order, actor=user, reason=data.get("reason", "")),
        "withdraw": lambda: services.order_withdraw(order=order, actor=user, reason=data.get("reason", "")),
        "confirm_in_use": lambda: services.order_confirm_in_use(order=order, actor=user),
        "cancel": lambda: services.order_cancel(order=order, actor=user, reason=data.get("reason", "")),
        "end": lambda: services.order_end(order=order, actor=user, reason=data.get("reason", "")),
        "revenue": lambda: services.order_report_revenue(
            order=order,
            actor=user,
            month=_date(
                data.get("month", "") + "-01" if len(data.get("month", "")) == 7 else data.get("month", ""),
                "month",
            ),
            revenue=_amount(data.get("revenue", ""), "revenue"),
        ),
        "invoice": lambda: services.amount_record_invoice(
            amount=_amount_of(order, data.get("amount", "")),
            actor=user,
            number=data.get("e_invoice_number", ""),
        ),
    }
    if action not in calls:
        raise Http404
    try:
        calls[action]()
    except DomainError as exc:
        details = [m for messages_ in exc.fields.values() for m in messages_]
        messages.error(request, " ".join([exc.message, *details]) if details else exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect(order.get_absolute_url())


@login_required
def my_orders(request):
    return render(
        request,
        "orders/list.html",
        {"orders": selectors.orders_of_enterprise_member(request.user)[:100], "side": "sme"},
    )


@login_required
def vendor_orders(request):
    return render(
        request,
        "orders/list.html",
        {"orders": selectors.orders_of_vendor_member(request.user)[:100], "side": "vendor"},
    )
