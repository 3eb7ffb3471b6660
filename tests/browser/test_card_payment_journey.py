"""Real headless Chromium on a 390 px phone, card payments end to end with localstripe's Stripe.js.

The SME finds the consultant's proposal among the next actions on its account page and accepts it,
presses "Pay by card" on the engagement page for the first milestone, types a declined card on the
real payment page (the Vietnamese message, the form stays), retries with 4242 4242 4242 4242; localstripe's signed webhook marks the payment paid and
the page turns into the receipt. The consultant then delivers the milestone with a PDF as evidence and
the SME accepts the delivery. A second journey pays after the bank's 3-D Secure check. Every page
passes the shared checks (axe, console, overflow, no English)."""

import pytest

from marketplace.engagements.models import EngagementStatus, MilestoneStatus
from marketplace.payments import services
from marketplace.payments.models import LedgerEntry, LedgerKind, Payment, PaymentMethod, PaymentStatus
from tests.browser.test_engagement_journey import deliver_then_accept, log_in, submit
from tests.consultants.factories import make_consultant
from tests.core.imagefiles import minimal_pdf
from tests.engagements.factories import active, proposed
from tests.factories import EnterpriseFactory, enterprise_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_card(page, number):
    card = page.get_by_test_id("card-element")
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")


def test_sme_accepts_pays_the_first_milestone_by_card_and_accepts_the_delivery(
    live_server, phone_context, checks, stripe_keys, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    stripe_keys.webhooks_to(live_server.url)
    consultant = make_consultant(display_name="Trần Văn Tư Vấn")
    enterprise = EnterpriseFactory(name="Công ty TNHH Dệt May Long Thành")
    engagement = proposed(consultant=consultant, enterprise=enterprise, amounts=(3_200_000, 4_800_000))
    owner = enterprise_owner(enterprise)
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    # the SME's account page lists the proposal waiting for its answer; the link opens it
    log_in(page, base, owner.email)
    page.goto(base + "/dashboard/")
    waiting = page.get_by_test_id("deal-action-engagements.proposals_to_answer")
    assert waiting.get_by_test_id("deal-action-count").inner_text() == "1"
    audit()
    waiting.locator("a").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("engagement-status").inner_text() == "Đã đề xuất"
    audit()
    submit(page, "accept-proposal")
    assert page.get_by_test_id("engagement-status").inner_text() == "Đang thực hiện"
    audit()

    # "Pay by card" on the first milestone opens the real payment page with the card form
    page.get_by_test_id("pay-milestone-card").first.click()
    page.wait_for_load_state()
    page.get_by_test_id("card-element").locator("input").first.wait_for()
    assert page.get_by_test_id("payment-status").inner_text() == "Chờ thanh toán"
    assert page.get_by_test_id("sme-share").inner_text() == "3.200.000 ₫"
    payment = Payment.objects.get()
    assert payment.method == PaymentMethod.CARD
    assert payment.payable_id == engagement.milestones.get(position=1).pk
    audit()

    # a declined card: the Vietnamese message, nothing paid, the form stays for a retry
    type_card(page, "4000000000000341")
    page.locator("#card-submit").click()
    page.get_by_test_id("card-message").filter(has_text="từ chối").wait_for()
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    audit()

    # the 4242 card goes through; the page waits for Stripe's webhook, then shows the receipt
    type_card(page, "4242424242424242")
    page.locator("#card-submit").click()
    page.get_by_text("Biên lai").first.wait_for(timeout=20_000)
    assert page.get_by_test_id("payment-status").inner_text() == "Đã thanh toán"
    assert not page.get_by_test_id("card-element").count()
    audit()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and payment.card_attempts == 2
    received = LedgerEntry.objects.get(payment=payment, kind=LedgerKind.RECEIVED)
    assert received.external_reference == payment.stripe_payment_intent

    # the consultant delivers the first milestone with a PDF as evidence
    evidence = tmp_path / "bao-cao-giai-doan-1.pdf"
    evidence.write_bytes(minimal_pdf())
    deliver_then_accept(
        page,
        base,
        audit,
        engagement=engagement,
        consultant=consultant,
        owner=owner,
        evidence=evidence,
        note="Báo cáo giai đoạn 1 đính kèm",
    )
    assert page.get_by_test_id("payment-status").inner_text() == "Đã thanh toán"
    audit()

    milestone = engagement.milestones.get(position=1)
    assert milestone.status == MilestoneStatus.ACCEPTED and milestone.evidence.count() == 1
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE  # the second milestone is still to do
    assert Payment.objects.count() == 1


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
