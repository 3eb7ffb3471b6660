"""Payment pages: one payment with what to transfer (text and VietQR) or, once paid, its receipt."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from . import selectors, vietqr
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
        },
    )


@login_required
def mine(request):
    return render(
        request,
        "payments/mine.html",
        {"payments": selectors.payments_visible_to(request.user).order_by("-created_at", "-pk")[:100]},
    )
