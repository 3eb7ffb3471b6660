"""Card payments through Stripe (localstripe): the intent made with the payment, the card confirmed,
declines and retries, the webhook (signed events crafted here, with the same secret), card refunds and
the reconciliation. Real signed webhooks from localstripe: test_stripe_webhooks_live.py."""

import io
import time

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError

from marketplace.core.audit import audit_history
from marketplace.payments import cards, errors, gateway, services
from marketplace.payments.models import (
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentMethod,
    PaymentStatus,
    StripeEvent,
)
from tests.engagements.factories import active
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner
from tests.stripe_fixtures import event, sign

pytestmark = pytest.mark.django_db
CARD = PaymentMethod.CARD
WEBHOOK = "/api/v1/stripe/webhook/"


@pytest.fixture
def milestone():
    return active(amounts=(2_500_000, 6_000_000)).milestones.get(position=1)


@pytest.fixture
def payer(milestone):
    return enterprise_owner(milestone.engagement.enterprise)


def pay(milestone, payer, key="k-1"):
    return services.payment_create(payable=milestone, by=payer, method=CARD, idempotency_key=key)


def stripe_client():
    return gateway.client().v1


def paid_by_card(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    assert (
        cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token()).status == "processing"
    )
    payment.refresh_from_db()
    return payment


def post_event(client, payload: bytes, signature: str | None = None):
    headers = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signature}
    return client.post(WEBHOOK, data=payload, content_type="application/json", **headers)


def intent_event(payment, kind="payment_intent.succeeded", event_id="evt_1", **changes):
    obj = {
        "id": payment.stripe_payment_intent,
        "object": "payment_intent",
        "amount": payment.sme_share,
        "currency": "vnd",
        "status": "succeeded",
        "metadata": {"payment_id": str(payment.pk), "reference": payment.reference},
        **changes,
    }
    return event(event_id, kind, obj)


def refund_event(payment, refund_id, amount, event_id="evt_r1"):
    return event(
        event_id,
        "refund.created",
        {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "currency": "vnd",
            "status": "succeeded",
            "payment_intent": payment.stripe_payment_intent,
        },
    )


def test_without_keys_card_stays_unavailable_with_a_clear_message(milestone, payer, settings):
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(errors.CardNotAvailable) as caught:
        pay(milestone, payer)
    assert "chuyển khoản" in caught.value.message  # Vietnamese first: pay by bank transfer
    assert not Payment.objects.exists()


def test_a_card_payment_creates_its_payment_intent_for_the_sme_share(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    assert payment.stripe_payment_intent.startswith("pi_")
    intent = stripe_client().payment_intents.retrieve(payment.stripe_payment_intent)
    assert (intent.amount, intent.currency, intent.status) == (2_500_000, "vnd", "requires_payment_method")
    assert intent.metadata["payment_id"] == str(payment.pk)
    assert intent.metadata["reference"] == payment.reference
    assert payment.status == PaymentStatus.PENDING


def test_a_retried_create_returns_the_same_payment_and_makes_no_second_intent(milestone, payer, stripe_keys):
    first, again = pay(milestone, payer, key="same"), pay(milestone, payer, key="same")
    assert first.pk == again.pk and first.stripe_payment_intent == again.stripe_payment_intent
    assert len(gateway.list_intents()) == 1


def test_stripe_down_leaves_no_payment(milestone, payer, stripe_keys, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    with pytest.raises(errors.CardGatewayError):
        pay(milestone, payer)
    assert not Payment.objects.exists()


def test_a_confirmed_card_waits_for_the_webhook_before_the_payment_is_paid(milestone, payer, stripe_keys):
    payment = paid_by_card(milestone, payer, stripe_keys)
    assert stripe_client().payment_intents.retrieve(payment.stripe_payment_intent).status == "succeeded"
    assert payment.status == PaymentStatus.PENDING  # the browser's word is not enough
    assert not LedgerEntry.objects.exists()


def test_a_declined_card_is_shown_and_a_retry_runs_on_a_new_intent(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    first_intent = payment.stripe_payment_intent
    declined = cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token("4000000000000341"))
    assert declined.status == "declined" and declined.code == "card_declined"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.card_error == "card_declined"
    # declined again on the retry: still pending, a third try gets yet another key
    declined_again = cards.card_confirm(
        payment=payment, by=payer, token=stripe_keys.card_token("4000000000000341")
    )
    assert declined_again.status == "declined"
    ok = cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token())
    assert ok.status == "processing"
    payment.refresh_from_db()
    assert payment.stripe_payment_intent != first_intent and payment.card_error == ""
    assert payment.card_attempts == 3
    assert stripe_client().payment_intents.retrieve(payment.stripe_payment_intent).status == "succeeded"


def test_a_card_that_needs_the_banks_check_returns_the_client_secret(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    answer = cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token("4000002500003155"))
    assert answer.status == "requires_action"
    assert answer.client_secret.startswith(payment.stripe_payment_intent + "_secret_")
    # asking again (a reload) gives the same check, not a second charge
    again = cards.card_confirm(payment=payment, by=payer, token=stripe_keys.card_token())
    assert again.status == "requires_action"


def test_a_forged_token_is_refused_without_calling_stripe(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    for token in ("", "pm_card_visa", "tok_" + "x" * 200, "tok_a;b"):
        with pytest.raises(errors.NotPayable):
            cards.card_confirm(payment=payment, by=payer, token=token)


def test_another_enterprise_cannot_confirm_or_see_the_card_payment(milestone, payer, stripe_keys, client):
    payment = pay(milestone, payer)
    stranger = enterprise_owner(EnterpriseFactory())
    with pytest.raises(errors.NotThePayer):
        cards.card_confirm(payment=payment, by=stranger, token=stripe_keys.card_token())
    client.force_login(stranger)
    response = client.post(
        f"/api/v1/payments/{payment.pk}/card-confirm/", {"token": "tok_abc"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert (
        stripe_client().payment_intents.retrieve(payment.stripe_payment_intent).status
        == "requires_payment_method"
    )


def test_card_confirm_through_the_api(milestone, payer, stripe_keys, client):
    payment = pay(milestone, payer)
    client.force_login(payer)
    url = f"/api/v1/payments/{payment.pk}/card-confirm/"
    response = client.post(
        url, {"token": stripe_keys.card_token("4000000000000341")}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert client.get(f"/api/v1/payments/{payment.pk}/").json()["card_error"]
    response = client.post(url, {"token": stripe_keys.card_token()}, content_type="application/json")
    assert response.json() == {"status": "processing", "message": "", "code": "", "client_secret": ""}
    assert client.post(url, {}, content_type="application/json").status_code == 400


def test_a_signed_succeeded_event_pays_once_whatever_the_redeliveries(milestone, payer, stripe_keys, client):
    payment = paid_by_card(milestone, payer, stripe_keys)
    payload = intent_event(payment)
    first = post_event(client, payload, sign(payload))
    assert first.status_code == 200 and first.json()["outcome"] == "paid"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.paid_at
    received = LedgerEntry.objects.get(kind=LedgerKind.RECEIVED)
    assert (received.amount, received.external_reference) == (2_500_000, payment.stripe_payment_intent)
    # the engagement heard of it (the payable's on_paid, in the same transaction)
    assert [r.action for r in audit_history(milestone.engagement)].count("milestone.paid") == 1
    # the same event again, and another event saying the same thing: nothing more
    again = post_event(client, payload, sign(payload))
    assert again.json()["duplicate"] is True
    other = intent_event(payment, event_id="evt_2")
    assert post_event(client, other, sign(other)).json()["outcome"] == "already_done"
    assert LedgerEntry.objects.filter(kind=LedgerKind.RECEIVED).count() == 1
    assert LedgerEntry.objects.count() == 2  # received + owed to the provider
    assert StripeEvent.objects.get(event_id="evt_1").deliveries == 2


@pytest.mark.parametrize(
    "signature",
    [None, "", "t=1,v1=00", "garbage", sign(b"{}"), sign(b"x", secret="whsec_other")],
)
def test_unsigned_or_badly_signed_events_are_refused_and_change_nothing(
    milestone, payer, stripe_keys, client, signature
):
    payment = paid_by_card(milestone, payer, stripe_keys)
    payload = intent_event(payment)
    if signature == sign(b"x", secret="whsec_other"):
        signature = sign(payload, secret="whsec_other")
    response = post_event(client, payload, signature)
    assert response.status_code == 400 and response.json()["code"] == "webhook_refused"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not StripeEvent.objects.exists() and not LedgerEntry.objects.exists()


def test_a_replayed_event_with_an_old_signature_is_refused(milestone, payer, stripe_keys, client):
    payment = paid_by_card(milestone, payer, stripe_keys)
    payload = intent_event(payment)
    response = post_event(client, payload, sign(payload, timestamp=int(time.time()) - 3600))
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"not json",
        b"[]",
        b"null",
        b'{"id": 5}',
        b'{"id": "evt_x", "data": []}',
        b"\xff\xfe",
        b'{"id":"evt_y","type":"payment_intent.succeeded","data":{"object":{"id":["pi_x"],"amount":"1"}}}',
    ],
)
def test_no_body_makes_a_500(stripe_keys, client, payload):
    response = post_event(client, payload, sign(payload))
    assert response.status_code in (200, 400)
    assert not LedgerEntry.objects.exists()


def test_a_succeeded_event_with_a_forged_amount_changes_nothing(milestone, payer, stripe_keys, client):
    payment = paid_by_card(milestone, payer, stripe_keys)
    payload = intent_event(payment, amount=1)
    assert post_event(client, payload, sign(payload)).json()["outcome"] == "amount_mismatch"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not LedgerEntry.objects.exists()


def test_a_failed_event_keeps_the_payment_pending_with_the_error_shown(milestone, payer, stripe_keys, client):
    payment = pay(milestone, payer)
    payload = intent_event(
        payment,
        kind="payment_intent.payment_failed",
        status="requires_payment_method",
        last_payment_error={"code": "insufficient_funds", "message": "no"},
    )
    assert post_event(client, payload, sign(payload)).json()["outcome"] == "failure_shown"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.card_error == "insufficient_funds"
    client.force_login(payer)
    page = client.get(f"/payments/{payment.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "card-element" in page


def test_a_refund_event_before_the_payment_succeeded_waits_and_is_applied_after(
    milestone, payer, stripe_keys, client
):
    payment = paid_by_card(milestone, payer, stripe_keys)
    refund = refund_event(payment, "re_early", 500_000)
    assert post_event(client, refund, sign(refund)).json()["outcome"] == "waiting_for_payment"
    assert not LedgerEntry.objects.filter(kind=LedgerKind.REFUND).exists()
    paid = intent_event(payment)
    post_event(client, paid, sign(paid))
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED and payment.refunded_amount == 500_000
    assert LedgerEntry.objects.filter(kind=LedgerKind.REFUND, external_reference="re_early").count() == 1
    assert StripeEvent.objects.get(event_id="evt_r1").outcome == "refund_recorded"
    # redelivered: nothing more
    post_event(client, refund, sign(refund))
    assert LedgerEntry.objects.filter(kind=LedgerKind.REFUND).count() == 1


def test_an_unknown_event_type_is_stored_and_ignored(stripe_keys, client):
    payload = event("evt_c", "customer.created", {"id": "cus_1", "object": "customer"})
    assert post_event(client, payload, sign(payload)).json()["outcome"] == "ignored"


def webhook_paid(client, payment):
    payload = intent_event(payment, event_id=f"evt_paid_{payment.pk}")
    assert post_event(client, payload, sign(payload)).json()["outcome"] == "paid"
    payment.refresh_from_db()


def test_card_refunds_go_to_stripe_and_are_recorded_once_with_their_event(
    milestone, payer, stripe_keys, client
):
    payment = paid_by_card(milestone, payer, stripe_keys)
    webhook_paid(client, payment)
    officer = OfficerFactory()
    services.payment_refund(payment=payment, by=officer, amount=1_000_000, reason="Tranh chấp: hoàn một phần")
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED and payment.refunded_amount == 1_000_000
    at_stripe = gateway.list_refunds(payment.stripe_payment_intent)
    assert [r.amount for r in at_stripe] == [1_000_000]
    row = LedgerEntry.objects.get(kind=LedgerKind.REFUND)
    assert row.external_reference == at_stripe[0].id
    # Stripe's event for the same refund adds nothing
    payload = refund_event(payment, at_stripe[0].id, 1_000_000, event_id="evt_r_same")
    assert post_event(client, payload, sign(payload)).json()["outcome"] == "already_done"
    services.payment_refund(payment=payment, by=officer, amount=1_500_000, reason="Huỷ hợp đồng")
    assert payment.status == PaymentStatus.REFUNDED
    assert LedgerEntry.objects.filter(kind=LedgerKind.REFUND).count() == 2
    with pytest.raises(errors.InvalidRefund):
        services.payment_refund(payment=payment, by=officer, amount=1, reason="thêm")
    assert len(gateway.list_refunds(payment.stripe_payment_intent)) == 2


def test_a_card_refund_of_an_unpaid_payment_is_refused_before_stripe(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    with pytest.raises(errors.PaymentTransitionError):
        services.payment_refund(payment=payment, by=OfficerFactory(), amount=1, reason="x")


def test_reconcile_agrees_then_reports_a_deliberate_mismatch(milestone, payer, stripe_keys, client):
    payment = paid_by_card(milestone, payer, stripe_keys)
    webhook_paid(client, payment)
    services.payment_refund(payment=payment, by=OfficerFactory(), amount=300_000, reason="một phần")
    out = io.StringIO()
    call_command("payments_reconcile", stdout=out)
    assert "agree" in out.getvalue()
    # a refund made at Stripe only (e.g. in its dashboard), and a charge nobody here knows
    stripe_client().refunds.create(
        params={"payment_intent": payment.stripe_payment_intent, "amount": 200_000}
    )
    stray = stripe_client().payment_intents.create(
        params={"amount": 99_000, "currency": "vnd", "payment_method": "pm_card_visa", "confirm": True}
    )
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("payments_reconcile", stdout=out)
    assert caught.value.returncode == 1
    report = out.getvalue()
    assert "Stripe refunded 200000" in report and payment.reference in report
    assert stray.id in report and "99000" in report


def test_reconcile_reports_a_ledger_payment_stripe_does_not_have(milestone, payer, stripe_keys, client):
    payment = paid_by_card(milestone, payer, stripe_keys)
    webhook_paid(client, payment)
    requests.delete(stripe_keys.url + "/_config/data", timeout=5)  # Stripe forgets everything
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("payments_reconcile", stdout=out)
    assert "missing_at_stripe" in out.getvalue()


def test_the_payment_page_mounts_stripe_js_for_the_payer_only(milestone, payer, stripe_keys, client):
    payment = pay(milestone, payer)
    client.force_login(payer)
    page = client.get(f"/payments/{payment.pk}/").content.decode()
    assert stripe_keys.url + "/js.stripe.com/v3/" in page and "pk_test_dxm" in page
    assert "_secret_" not in page  # the client secret is never in the page
    client.force_login(OfficerFactory())
    assert "js.stripe.com" not in client.get(f"/payments/{payment.pk}/").content.decode()


def test_cancelling_an_unpaid_card_payment_cancels_its_intent(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    services.payment_cancel(payment=payment, by=payer)
    assert payment.status == PaymentStatus.CANCELLED
    assert stripe_client().payment_intents.retrieve(payment.stripe_payment_intent).status == "canceled"


def test_a_card_payment_that_went_through_cannot_be_cancelled(milestone, payer, stripe_keys):
    payment = paid_by_card(milestone, payer, stripe_keys)
    with pytest.raises(errors.PaymentTransitionError):
        services.payment_cancel(payment=payment, by=payer)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING  # the webhook will mark it paid


def test_an_officer_cannot_mark_a_card_payment_received(milestone, payer, stripe_keys):
    payment = pay(milestone, payer)
    with pytest.raises(errors.NotPayable):
        services.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT1")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not LedgerEntry.objects.exists()
