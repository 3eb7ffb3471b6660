"""Stripe's webhook events: verified, stored once, processed once, in any order.

`receive` verifies the signature (STRIPE_WEBHOOK_SECRET), stores the event under its unique id (a
redelivery only counts the delivery) and processes it under the event's and the payment's row locks:

- `payment_intent.succeeded` → the payment is paid: ledger RECEIVED (the intent id as its external
  reference), the amount owed to the provider, the payable's `on_paid`; an amount or currency that is
  not what was due changes nothing and is kept for the reconciliation;
- `payment_intent.payment_failed` → the payment stays pending with the decline shown to the payer;
- `charge.refunded`, `refund.created`, `refund.updated`, `charge.refund.updated` → each succeeded
  refund recorded once (the refund id is the ledger row's external reference, so a refund the officer
  made here and its event are one row);
- a refund event that arrives before the payment is paid waits (unprocessed) and is processed right
  after the payment succeeds; anything else is stored and marked ignored.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from marketplace.core.locks import lock_row

from . import gateway, services
from .errors import InvalidRefund, PaymentTransitionError
from .models import Payment, PaymentMethod, PaymentStatus, StripeEvent
from .split import STRIPE_CURRENCY

REFUND_EVENTS = {"charge.refunded", "refund.created", "refund.updated", "charge.refund.updated"}
INTENT_EVENTS = {"payment_intent.succeeded", "payment_intent.payment_failed"}

# outcomes kept on the event (for the reconciliation and for support)
PAID, ALREADY, FAILED_SHOWN, REFUNDED, WAITING, UNKNOWN, MISMATCH, IGNORED = (
    "paid",
    "already_done",
    "failure_shown",
    "refund_recorded",
    "waiting_for_payment",
    "unknown_payment",
    "amount_mismatch",
    "ignored",
)


def receive(payload: bytes, signature: str) -> tuple[StripeEvent, bool]:
    """Verify, store once, process. Returns the stored event and whether it was a redelivery."""
    event = gateway.verify_event(payload, signature)
    duplicate = False
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event["id"][:64],
                type=str(event.get("type", ""))[:64],
                payload=event,
                payment=_payment_of(event),
            )
    except IntegrityError:
        duplicate = True
        StripeEvent.objects.filter(event_id=event["id"][:64]).update(deliveries=F("deliveries") + 1)
        stored = StripeEvent.objects.get(event_id=event["id"][:64])
    process(stored)
    stored.refresh_from_db()
    return stored, duplicate


def _object(event: dict[str, Any]) -> dict[str, Any]:
    return event.get("data", {}).get("object", {}) or {}


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _intent_id_of(event: dict[str, Any]) -> str:
    obj = _object(event)
    kind = _str(event.get("type"))
    if kind in INTENT_EVENTS:
        return _str(obj.get("id"))
    if kind in REFUND_EVENTS:
        return _str(obj.get("payment_intent"))
    return ""


def _payment_of(event: dict[str, Any]) -> Payment | None:
    """Our payment, found by the intent id we stored (the metadata alone is never trusted)."""
    intent_id = _intent_id_of(event)
    if not intent_id.startswith("pi_"):
        return None
    # a declined attempt replaced by a new intent was never charged: its events change nothing
    return Payment.objects.filter(method=PaymentMethod.CARD, stripe_payment_intent=intent_id).first()


def process(stored: StripeEvent) -> None:
    with transaction.atomic():
        event = lock_row(StripeEvent.objects, stored.pk)
        if event.processed_at is not None:
            return
        outcome = _handle(event)
        if outcome == WAITING:
            event.outcome = outcome
            event.save(update_fields=["outcome"])
            return
        event.outcome = outcome
        event.processed_at = timezone.now()
        event.save(update_fields=["outcome", "processed_at"])
    if outcome == PAID and event.payment_id:
        # refund events that came first were waiting for this
        for waiting in StripeEvent.objects.filter(payment_id=event.payment_id, processed_at__isnull=True):
            process(waiting)


def _handle(event: StripeEvent) -> str:
    if event.type not in INTENT_EVENTS | REFUND_EVENTS:
        return IGNORED
    if event.payment_id is None:
        return UNKNOWN
    payment = lock_row(Payment.objects, event.payment_id)
    obj = _object(event.payload)
    if event.type == "payment_intent.succeeded":
        return _succeeded(payment, obj)
    if event.type == "payment_intent.payment_failed":
        if payment.status != PaymentStatus.PENDING or obj.get("id") != payment.stripe_payment_intent:
            return ALREADY
        error = obj.get("last_payment_error") or {}
        code = _str(error.get("code") if isinstance(error, dict) else "") or "card_declined"
        Payment.objects.filter(pk=payment.pk).update(card_error=code[:64], updated_at=timezone.now())
        return FAILED_SHOWN
    return _refunded(payment, event.type, obj)


def _succeeded(payment: Payment, obj: dict[str, Any]) -> str:
    if obj.get("id") != payment.stripe_payment_intent:
        return MISMATCH  # a replaced attempt cannot have been charged; the reconciliation reports it
    if payment.status != PaymentStatus.PENDING:
        return ALREADY
    amount, currency = obj.get("amount"), _str(obj.get("currency")).lower()
    if currency != STRIPE_CURRENCY or isinstance(amount, bool) or amount != payment.sme_share:
        return MISMATCH
    services.record_card_paid(payment, intent_id=payment.stripe_payment_intent)
    return PAID


def _refunds_in(kind: str, obj: dict[str, Any]) -> list[dict[str, Any]]:
    if kind == "charge.refunded":
        refunds = obj.get("refunds") or {}
        data = refunds.get("data") if isinstance(refunds, dict) else None
        return [r for r in data or [] if isinstance(r, dict)]
    return [obj]


def _refunded(payment: Payment, kind: str, obj: dict[str, Any]) -> str:
    if payment.status == PaymentStatus.PENDING:
        return WAITING
    recorded = False
    for refund in _refunds_in(kind, obj):
        refund_id, amount = _str(refund.get("id")), refund.get("amount")
        if not refund_id.startswith("re_") or refund.get("status") != "succeeded":
            continue
        if isinstance(amount, bool) or not isinstance(amount, int):
            continue
        if _str(refund.get("currency")).lower() not in ("", STRIPE_CURRENCY):
            continue
        try:
            recorded |= services.record_refund(
                payment, amount=amount, external_reference=refund_id, actor=None, reason="Stripe"
            )
        except (InvalidRefund, PaymentTransitionError):
            return MISMATCH
        payment.refresh_from_db()
    return REFUNDED if recorded else ALREADY
