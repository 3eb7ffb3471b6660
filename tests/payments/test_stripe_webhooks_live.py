"""localstripe's own signed webhooks reach the live server's endpoint; concurrent and duplicate
deliveries of one event change state once (real threads; on PostgreSQL with DATABASE_URL)."""

import threading
import time

import pytest
import requests
from django.db import connection

from marketplace.core.errors import DomainError
from marketplace.payments import cards, gateway, services
from marketplace.payments.models import (
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentMethod,
    PaymentStatus,
    StripeEvent,
)
from tests.engagements.factories import active
from tests.factories import OfficerFactory, enterprise_owner
from tests.stripe_fixtures import event, sign

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def card_payment(key="k"):
    milestone = active(amounts=(1_800_000,)).milestones.get(position=1)
    payer = enterprise_owner(milestone.engagement.enterprise)
    payment = services.payment_create(
        payable=milestone, by=payer, method=PaymentMethod.CARD, idempotency_key=key
    )
    return payment, payer


def wait_for(condition, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_localstripes_signed_succeeded_webhook_marks_the_card_payment_paid(live_server, stripe_keys):
    stripe_keys.webhooks_to(live_server.url)
    payment, payer = card_payment()
    assert (
        cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token()).status == "processing"
    )
    assert wait_for(lambda: Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED)
    received = LedgerEntry.objects.get(payment=payment, kind=LedgerKind.RECEIVED)
    assert (received.amount, received.external_reference) == (1_800_000, payment.stripe_payment_intent)
    stored = StripeEvent.objects.get(type="payment_intent.succeeded")
    assert stored.outcome == "paid" and stored.processed_at


def test_localstripes_signed_failed_webhook_keeps_it_pending_with_the_decline(live_server, stripe_keys):
    stripe_keys.webhooks_to(live_server.url)
    payment, payer = card_payment()
    answer = cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token("4000000000000341"))
    assert answer.status == "declined"
    assert wait_for(lambda: StripeEvent.objects.filter(type="payment_intent.payment_failed").exists())
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.card_error == "card_declined"
    assert not LedgerEntry.objects.exists()


def test_unsigned_and_forged_posts_to_the_live_endpoint_are_refused(live_server, stripe_keys):
    payment, payer = card_payment()
    cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token())
    payload = event(
        "evt_forged",
        "payment_intent.succeeded",
        {"id": payment.stripe_payment_intent, "amount": payment.sme_share, "currency": "vnd"},
    )
    url = live_server.url + "/api/v1/stripe/webhook/"
    for headers in ({}, {"Stripe-Signature": sign(payload, secret="whsec_attacker")}):
        response = requests.post(
            url, data=payload, headers={"Content-Type": "application/json", **headers}, timeout=5
        )
        assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not StripeEvent.objects.exists()


def _race(work, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes = []

    def run(index):
        try:
            barrier.wait()
            outcomes.append(work(index))
        except DomainError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_one_event_delivered_many_times_at_once_pays_once(live_server, stripe_keys):
    payment, payer = card_payment()
    cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token())
    obj = {"id": payment.stripe_payment_intent, "amount": payment.sme_share, "currency": "vnd"}
    url = live_server.url + "/api/v1/stripe/webhook/"
    # half the threads redeliver one event, the other half send distinct events saying the same
    payloads = [
        event("evt_same" if i % 2 else f"evt_{i}", "payment_intent.succeeded", obj) for i in range(THREADS)
    ]
    outcomes = _race(
        lambda i: requests.post(
            url,
            data=payloads[i],
            headers={"Content-Type": "application/json", "Stripe-Signature": sign(payloads[i])},
            timeout=30,
        ).json()["outcome"]
    )
    assert set(outcomes) <= {"paid", "already_done"}, outcomes  # a redelivery answers its event's outcome
    assert StripeEvent.objects.filter(outcome="paid").count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerKind.RECEIVED).count() == 1
    assert StripeEvent.objects.count() == THREADS // 2 + 1
    assert sum(StripeEvent.objects.values_list("deliveries", flat=True)) == THREADS


def test_two_officers_refunding_a_card_payment_at_once_refund_once(live_server, stripe_keys):
    payment, payer = card_payment()
    cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token())
    paid = event(
        "evt_paid",
        "payment_intent.succeeded",
        {"id": payment.stripe_payment_intent, "amount": payment.sme_share, "currency": "vnd"},
    )
    requests.post(
        live_server.url + "/api/v1/stripe/webhook/",
        data=paid,
        headers={"Stripe-Signature": sign(paid)},
        timeout=10,
    )
    officers = [OfficerFactory() for _ in range(4)]
    outcomes = _race(
        lambda i: (
            services.payment_refund(
                payment=Payment.objects.get(pk=payment.pk), by=officers[i], amount=1_800_000, reason="huỷ"
            ).status
        ),
        count=4,
    )
    assert outcomes.count("refunded") == 1, outcomes
    assert LedgerEntry.objects.filter(kind=LedgerKind.REFUND).count() == 1
    assert len(gateway.list_refunds(payment.stripe_payment_intent)) == 1
