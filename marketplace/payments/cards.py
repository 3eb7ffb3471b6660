"""Paying by card: the payer's browser turns the card into a Stripe token (Stripe.js); here the token is
attached to the payment's PaymentIntent and confirmed. The payment becomes paid only when Stripe's
signed webhook says so (marketplace.payments.stripe_events), never on the browser's word.

A declined card leaves the payment pending with the decline shown; the next try runs on a new
PaymentIntent (Stripe does not confirm a failed one twice) and the old one is cancelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction

from marketplace.core.locks import lock_row

from . import gateway, selectors
from .errors import NotACardPayment, NotPayable, NotThePayer
from .models import Payment, PaymentMethod, PaymentStatus
from .services import stripe_idempotency_key

TOKEN_RE = re.compile(r"^tok_[A-Za-z0-9_]{1,100}$")


@dataclass(frozen=True)
class CardResult:
    status: str  # processing | requires_action | declined
    message: str = ""
    client_secret: str = ""  # only with requires_action: Stripe.js needs it for the bank's check
    code: str = ""


def card_confirm(*, payment: Payment, by, token: str) -> CardResult:
    if not payment.enterprise.memberships.filter(user=by).exists():
        raise NotThePayer()
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        raise NotPayable(selectors.card_error_message("invalid_card"), code="invalid_card_token")
    with transaction.atomic():
        locked = lock_row(Payment.objects, payment.pk)
        if (
            locked.method != PaymentMethod.CARD
            or locked.status != PaymentStatus.PENDING
            or not locked.stripe_payment_intent
        ):
            raise NotACardPayment()
        current = gateway.retrieve_intent(locked.stripe_payment_intent)
        if current.status in ("succeeded", "processing"):
            return CardResult(status="processing")
        if current.status == "requires_action":
            return CardResult(status="requires_action", client_secret=current.client_secret)
        retry = bool(current.error_code) or current.status == "canceled"
        new_intent = None
        if retry:
            attempt = locked.card_attempts + 1
            new_intent = {
                "amount": locked.sme_share,
                "payment_id": locked.pk,
                "reference": locked.reference,
                "idempotency_key": stripe_idempotency_key("attempt", locked.pk, attempt),
            }
        result = gateway.confirm_with_token(
            intent_id=locked.stripe_payment_intent, token=token, new_intent=new_intent
        )
        if retry:
            # counted even when declined: the next try needs a new idempotency key
            locked.card_attempts = locked.card_attempts + 1
        if result.intent is not None and retry:
            old = locked.stripe_payment_intent
            locked.stripe_payment_intent = result.intent.id
            if current.status != "canceled":
                gateway.cancel_intent(old)
        if result.declined:
            locked.card_error = result.declined[:64]
        else:
            locked.card_error = (
                result.intent.error_code[:64] if result.intent.status.startswith("requires_p") else ""
            )
        locked.save(update_fields=["stripe_payment_intent", "card_attempts", "card_error", "updated_at"])
    payment.refresh_from_db()
    if result.declined or result.intent.status == "requires_payment_method":
        code = result.declined or payment.card_error or "card_declined"
        return CardResult(status="declined", code=code, message=selectors.card_error_message(code))
    if result.intent.status == "requires_action":
        return CardResult(status="requires_action", client_secret=result.intent.client_secret)
    return CardResult(status="processing")
