"""Payment pages: one payment with what to transfer (text and VietQR) or, once paid, its receipt."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.roles import is_officer
from marketplace.core.errors import DomainError, NotFound

from . import gateway, registry, selectors, services, vietqr
from .errors import AlreadyPaying, NotThePayer, OfficerOnly, PaymentNotFound
from .models import PaymentMethod


@login_required
def detail(request, pk: int):
    try:
        payment = selectors.payment_get_for(user=request.user, pk=pk)
    except PaymentNotFound as exc:
        raise Http404 from exc
    transfer = selectors.transfer_of(payment)
    # the SVG is drawn by segno from digits and letters we generated: nothing user-typed reaches it
    qr = mark_safe(vietqr.svg(vietqr.encode(transfer))) if transfer else ""  # noqa: S308
    return render(
        request,
        "payments/detail.html",
        {
            "payment": payment,
            "transfer": transfer,
            "qr": qr,
            "account_name": settings.PAYMENTS_BANK_ACCOUNT_NAME,
            "ledger": payment.ledger.all(),
            "can_mark_received": bool(transfer) and is_officer(request.user),
            # the card form: only for the payer of a pending card payment, with Stripe set up
            "card": payment.method == "card"
            and payment.status == "pending"
            and gateway.enabled()
            and payment.enterprise.memberships.filter(user=request.user).exists(),
            "card_error": selectors.card_error_message(payment.card_error)
            if payment.status == "pending"
            else "",
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        },
    )


@login_required
def mine(request):
    return render(
        request,
        "payments/mine.html",
        {"payments": selectors.payments_visible_to(request.user).order_by("-created_at", "-pk")[:100]},
    )


@login_required
@require_POST
def pay(request, kind: str, pk: int):
    """The "Pay" button of a payable's page (a milestone, an order's amount due): create its payment
    (or find the one already open) and go to the payment page. The amount comes from the payable's
    app (`registry`), never from the form; the form's one-time key makes a double click pay once."""
    entry = registry.entry_by_kind(kind)
    if entry is None:
        raise Http404
    try:
        # the payable's app answers its own 404 for what the user may not see
        payable = entry.get_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    method = request.POST.get("method") or PaymentMethod.BANK_TRANSFER
    try:
        payment = services.payment_create(
            payable=payable,
            by=request.user,
            method=method,
            idempotency_key=request.POST.get("idempotency_key", ""),
        )
    except AlreadyPaying:
        payment = selectors.live_payments_of([payable]).get(
            (ContentType.objects.get_for_model(payable).pk, payable.pk)
        )
        if payment is None:  # paid and refunded in between: nothing open to show
            messages.error(request, AlreadyPaying().message)
            return redirect(back or "payments:mine")
    except NotThePayer as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back or "payments:mine")
    return redirect("payments:detail", pk=payment.pk)


@login_required
@require_POST
def mark_received(request, pk: int):
    """An officer records a bank transfer as received, with the bank's reference of the transfer."""
    try:
        payment = selectors.payment_get_for(user=request.user, pk=pk)
    except PaymentNotFound as exc:
        raise Http404 from exc
    try:
        services.payment_mark_received(
            payment=payment,
            by=request.user,
            bank_reference=request.POST.get("bank_reference", ""),
            note=request.POST.get("note", "")[:255],
        )
    except OfficerOnly as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The transfer is recorded as received."))
    return redirect("payments:detail", pk=payment.pk)
