"""Payment pages: one payment with what to transfer (text and VietQR) or, once paid, its receipt."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from . import gateway, selectors, vietqr
from .errors import PaymentNotFound


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
