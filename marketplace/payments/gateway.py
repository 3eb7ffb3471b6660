"""The one place that talks to Stripe (or an emulator such as localstripe at STRIPE_API_BASE).

Amounts cross here only through `split.to_stripe_amount` / `from_stripe_amount` (VND is zero-decimal).
Every call that creates something at Stripe carries an idempotency key derived from ours, so a retried
request cannot charge or refund twice at a Stripe that honours them (localstripe ignores them: the
services enforce idempotency themselves). Stripe's failures become domain errors, never a 500.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

import stripe
from django.conf import settings

from .errors import CardGatewayError, WebhookRefused
from .split import STRIPE_CURRENCY, SplitError, from_stripe_amount, to_stripe_amount

CURRENCY = STRIPE_CURRENCY


def enabled() -> bool:
    """Card payments are offered only when the keys are set (the demo runs without: bank transfer)."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def client() -> stripe.StripeClient:
    options: dict[str, Any] = {"max_network_retries": 1}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE.rstrip("/")}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount: int  # VND
    client_secret: str
    error_code: str = ""


def _vnd(amount, currency) -> int:
    try:
        return from_stripe_amount(amount, currency)
    except SplitError:
        return -1  # not a VND amount: never equal to anything due, so reported and never applied


def _field(obj, name: str):
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _intent(pi) -> Intent:
    error = _field(pi, "last_payment_error")
    code = _field(error, "code") or ""
    if not code and pi.status == "requires_payment_method" and _field(pi, "latest_charge"):
        code = "card_declined"  # an attempt was made and failed (Stripe does not confirm it again)
    return Intent(
        id=pi.id,
        status=pi.status,
        amount=_vnd(pi.amount, pi.currency),
        client_secret=pi.client_secret or "",
        error_code=str(code),
    )


def create_intent(*, amount: int, payment_id: int, reference: str, idempotency_key: str) -> Intent:
    try:
        pi = client().v1.payment_intents.create(
            params={
                "amount": to_stripe_amount(amount),
                "currency": CURRENCY,
                "payment_method_types": ["card"],
                "metadata": {"payment_id": str(payment_id), "reference": reference},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise CardGatewayError() from exc
    return _intent(pi)


def retrieve_intent(intent_id: str) -> Intent:
    try:
        return _intent(client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as exc:
        raise CardGatewayError() from exc


@dataclass(frozen=True)
class Attempt:
    """What confirming a card did: `declined` carries Stripe's decline code."""

    intent: Intent | None
    declined: str = ""


def confirm_with_token(*, intent_id: str, token: str, new_intent: dict[str, Any] | None = None) -> Attempt:
    """Attach the card of `token` (made by Stripe.js in the payer's browser) and confirm.

    `new_intent` (amount, payment_id, reference, idempotency_key) asks for a fresh intent: the one
    before was declined and Stripe does not confirm a failed intent twice.
    """
    api = client().v1
    try:
        card = api.tokens.retrieve(token).card
        if new_intent is not None:
            pi = api.payment_intents.create(
                params={
                    "amount": to_stripe_amount(new_intent["amount"]),
                    "currency": CURRENCY,
                    "payment_method_types": ["card"],
                    "payment_method": card.id,
                    "confirm": True,
                    "metadata": {
                        "payment_id": str(new_intent["payment_id"]),
                        "reference": new_intent["reference"],
                    },
                },
                options={"idempotency_key": new_intent["idempotency_key"]},
            )
        else:
            api.payment_intents.update(intent_id, params={"payment_method": card.id})
            pi = api.payment_intents.confirm(intent_id)
    except stripe.CardError as exc:
        return Attempt(intent=None, declined=exc.code or "card_declined")
    except stripe.InvalidRequestError as exc:
        if getattr(exc, "http_status", None) == 404:
            return Attempt(intent=None, declined="invalid_card")
        raise CardGatewayError() from exc
    except stripe.StripeError as exc:
        raise CardGatewayError() from exc
    return Attempt(intent=_intent(pi))


def demo_card_token() -> str:
    """A card token for the demo data (Stripe's 4242 test card). localstripe makes one from the card
    number; Stripe's test mode refuses raw card numbers from servers but knows `tok_visa`."""
    try:
        made = client().v1.tokens.create(
            params={"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
        )
    except stripe.StripeError:
        return "tok_visa"
    return made.id


def cancel_intent(intent_id: str) -> None:
    """Best effort: an abandoned attempt that could still be confirmed is cancelled."""
    with contextlib.suppress(stripe.StripeError):
        client().v1.payment_intents.cancel(intent_id)


@dataclass(frozen=True)
class Refund:
    id: str
    amount: int  # VND
    status: str
    payment_intent: str


def create_refund(*, intent_id: str, amount: int, idempotency_key: str) -> Refund:
    try:
        refund = client().v1.refunds.create(
            params={"payment_intent": intent_id, "amount": to_stripe_amount(amount)},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise CardGatewayError() from exc
    return Refund(
        id=refund.id,
        amount=_vnd(refund.amount, refund.currency),
        status=refund.status,
        payment_intent=refund.payment_intent or intent_id,
    )


def list_intents() -> list[Intent]:
    """Every PaymentIntent of the account (auto-paginated), for the reconciliation."""
    try:
        return [
            _intent(pi) for pi in client().v1.payment_intents.list(params={"limit": 100}).auto_paging_iter()
        ]
    except stripe.StripeError as exc:
        raise CardGatewayError() from exc


def list_refunds(intent_id: str) -> list[Refund]:
    try:
        refunds = client().v1.refunds.list(params={"payment_intent": intent_id, "limit": 100})
        return [
            Refund(id=r.id, amount=_vnd(r.amount, r.currency), status=r.status, payment_intent=intent_id)
            for r in refunds.auto_paging_iter()
        ]
    except stripe.StripeError as exc:
        raise CardGatewayError() from exc


def verify_event(payload: bytes, signature: str) -> dict[str, Any]:
    """The event as a plain dict when its signature verifies with STRIPE_WEBHOOK_SECRET; else refused."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or not signature:
        raise WebhookRefused()
    try:
        event = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WebhookRefused() from exc
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not event["id"]:
        raise WebhookRefused()
    if not isinstance(event.get("data"), dict) or not isinstance(event["data"].get("object"), dict):
        raise WebhookRefused()
    try:
        # checks the HMAC and the timestamp (a replay older than Stripe's 5-minute tolerance is refused)
        stripe.Webhook.construct_event(payload, signature, secret)
    except (ValueError, TypeError, AttributeError, stripe.SignatureVerificationError) as exc:
        raise WebhookRefused() from exc
    return event
