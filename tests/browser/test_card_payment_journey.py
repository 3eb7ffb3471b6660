"""Real headless Chromium on a 390 px phone: an SME with an accepted engagement pays its first milestone
by card on the real payment page, with localstripe's Stripe.js (card 4242); localstripe's signed
webhook marks it paid and the page turns into the receipt. A declined card first shows the Vietnamese
message and the retry goes through. Every page passes the shared checks."""

import pytest

from marketplace.payments import services
from marketplace.payments.models import LedgerEntry, LedgerKind, Payment, PaymentMethod, PaymentStatus
from tests.engagements.factories import active
from tests.factories import PASSWORD, enterprise_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def type_card(page, number):
    card = page.get_by_test_id("card-element")
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")


def test_sme_pays_the_first_milestone_by_card_and_sees_the_receipt(
    live_server, phone_context, checks, stripe_keys
):
    stripe_keys.webhooks_to(live_server.url)
    engagement = active(amounts=(3_200_000, 4_800_000))
    milestone = engagement.milestones.get(position=1)
    owner = enterprise_owner(engagement.enterprise)
    # the SME chose "pay by card" for the first milestone (the engagement page's button does this)
    payment = services.payment_create(
        payable=milestone, by=owner, method=PaymentMethod.CARD, idempotency_key="journey-1"
    )
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    log_in(page, base, owner.email)
    page.goto(f"{base}/payments/{payment.pk}/")
    page.get_by_test_id("card-element").locator("input").first.wait_for()
    assert "3.200.000 ₫" in page.get_by_test_id("sme-share").inner_text()
    audit()

    # a declined card: the Vietnamese message, nothing paid, the form stays for a retry
    type_card(page, "4000000000000341")
    page.locator("#card-submit").click()
    message = page.get_by_test_id("card-message")
    message.filter(has_text="từ chối").wait_for()
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    audit()

    # the 4242 card goes through; the page waits for Stripe's webhook, then shows the receipt
    type_card(page, "4242424242424242")
    page.locator("#card-submit").click()
    page.get_by_text("Biên lai").first.wait_for(timeout=20_000)
    assert page.get_by_test_id("payment-status").inner_text() == "Đã thanh toán"
    audit()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.card_attempts == 2
    received = LedgerEntry.objects.get(payment=payment, kind=LedgerKind.RECEIVED)
    assert received.external_reference == payment.stripe_payment_intent
    assert not page.get_by_test_id("card-element").count()


def test_a_card_that_needs_the_banks_check_is_paid_after_the_check(
    live_server, phone_context, checks, stripe_keys
):
    stripe_keys.webhooks_to(live_server.url)
    engagement = active(amounts=(1_500_000,))
    owner = enterprise_owner(engagement.enterprise)
    payment = services.payment_create(
        payable=engagement.milestones.get(position=1),
        by=owner,
        method=PaymentMethod.CARD,
        idempotency_key="3ds",
    )
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit
    log_in(page, base, owner.email)
    page.goto(f"{base}/payments/{payment.pk}/")
    page.get_by_test_id("card-element").locator("input").first.wait_for()
    type_card(page, "4000002500003155")
    page.locator("#card-submit").click()
    # localstripe's stand-in for the bank's 3-D Secure window (Stripe's own in production)
    page.get_by_role("button", name="Complete authentication").click()
    page.get_by_text("Biên lai").first.wait_for(timeout=20_000)
    audit()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.card_attempts == 1
