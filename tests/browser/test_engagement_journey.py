"""Real headless Chromium on a 390 px phone: the consultant proposes an engagement with milestones
(amounts typed the Vietnamese way), the SME accepts the version it read, pays the first milestone by
bank transfer (payment page with the VietQR code), an officer records the transfer with the bank's
reference, the consultant delivers with a PDF as evidence, the SME accepts the delivery and the
receipt shows. Every page passes the shared checks (axe, console, overflow, no English)."""

import pytest

from marketplace.engagements.models import Engagement, EngagementStatus, MilestoneStatus
from marketplace.payments.models import Payment, PaymentStatus
from tests.consultants.factories import make_consultant
from tests.core.imagefiles import minimal_pdf
from tests.engagements.factories import met
from tests.factories import PASSWORD, EnterpriseFactory, OfficerFactory, enterprise_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def submit(page, testid):
    page.get_by_test_id(testid).click()
    page.wait_for_load_state()


def test_proposal_accepted_first_milestone_paid_by_transfer_delivered_and_accepted(
    live_server, phone_context, checks, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    consultant = make_consultant(display_name="Nguyễn Thị Tư Vấn")
    enterprise = EnterpriseFactory(name="Công ty TNHH Gốm Biên Hòa")
    met(consultant, enterprise)
    owner, officer = enterprise_owner(enterprise), OfficerFactory()
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    # the consultant proposes from "my engagements"
    log_in(page, base, consultant.user.email)
    page.goto(base + "/engagements/")
    audit()
    submit(page, "propose")
    audit()
    page.fill("#id_title", "Số hoá bán hàng và kho")
    page.fill("#id_scope", "Khảo sát hiện trạng và số hoá quy trình bán hàng")
    page.fill("#id_pillars", "Vận hành\nKhách hàng")
    page.fill("#id_deliverables", "Báo cáo khảo sát; phần mềm kho")
    page.fill("#id_start_date", "2026-03-01")
    page.fill("#id_end_date", "2026-06-30")
    page.fill("#id_milestones-0-title", "Khảo sát hiện trạng")
    page.fill("#id_milestones-0-due_date", "2026-03-20")
    page.fill("#id_milestones-0-amount", "15.000.000")
    page.fill("#id_milestones-1-title", "Triển khai phần mềm kho")
    page.fill("#id_milestones-1-due_date", "2026-05-15")
    page.fill("#id_milestones-1-amount", "25 triệu")
    submit(page, "proposal-submit")
    assert page.get_by_test_id("engagement-status").inner_text() == "Đã đề xuất"
    assert page.get_by_test_id("version-total").inner_text() == "40.000.000 ₫"
    audit()
    engagement = Engagement.objects.get()

    # the SME reads the proposal and accepts version 1
    log_in(page, base, owner.email)
    page.goto(base + "/engagements/")
    audit()
    page.get_by_test_id("engagement-item").locator("a").first.click()
    page.wait_for_load_state()
    audit()
    submit(page, "accept-proposal")
    assert page.get_by_test_id("engagement-status").inner_text() == "Đang thực hiện"
    assert "Phiên bản 1" in page.get_by_test_id("acceptance").inner_text()
    audit()

    # it pays the first milestone by bank transfer: the payment page shows the VietQR code
    page.get_by_test_id("pay-milestone").first.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("payment-status").inner_text() == "Chờ thanh toán"
    assert page.get_by_test_id("sme-share").inner_text() == "15.000.000 ₫"
    assert page.locator(".vietqr svg").count() == 1
    reference = page.get_by_test_id("transfer-reference").inner_text()
    payment_url = page.url
    audit()
    payment = Payment.objects.get()
    assert payment.reference == reference and payment.status == PaymentStatus.PENDING

    # an officer records the transfer with the bank's reference
    log_in(page, base, officer.email)
    page.goto(payment_url)
    audit()
    page.fill("#id_bank_reference", "FT26336123456")
    submit(page, "mark-received")
    assert page.get_by_test_id("payment-status").inner_text() == "Đã thanh toán"
    audit()

    # the consultant delivers the first milestone with a PDF as evidence
    evidence = tmp_path / "bao-cao-khao-sat.pdf"
    evidence.write_bytes(minimal_pdf())
    deliver_then_accept(
        page,
        base,
        audit,
        engagement=engagement,
        consultant=consultant,
        owner=owner,
        evidence=evidence,
        note="Báo cáo khảo sát hiện trạng đính kèm",
    )
    assert "FT26336123456" in page.locator("main").inner_text()
    audit()

    milestone = engagement.milestones.get(position=1)
    assert milestone.status == MilestoneStatus.ACCEPTED and milestone.evidence.count() == 1
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE  # the second milestone is still to do
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


def deliver_then_accept(page, base, audit, *, engagement, consultant, owner, evidence, note) -> None:
    """The consultant delivers the first milestone with `evidence` (a file); the SME sees the review
    deadline and the file, accepts the delivery, and opens the milestone's receipt."""
    log_in(page, base, consultant.user.email)
    page.goto(base + f"/engagements/{engagement.pk}/")
    audit()
    first = page.get_by_test_id("milestone").first
    first.locator("textarea[name=note]").fill(note)
    first.locator("input[type=file]").set_input_files(str(evidence))
    first.get_by_test_id("deliver").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("milestone-status").first.inner_text() == "Đã bàn giao, chờ xem xét"
    audit()

    log_in(page, base, owner.email)
    page.goto(base + f"/engagements/{engagement.pk}/")
    assert page.get_by_test_id("review-due").count() == 1
    assert page.get_by_test_id("evidence-file").inner_text() == evidence.name
    audit()
    page.get_by_test_id("accept-delivery").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("milestone-status").first.inner_text() == "Đã chấp nhận"
    audit()
    page.get_by_test_id("milestone-payment").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Biên lai")
