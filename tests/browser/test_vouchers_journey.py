"""Real headless Chromium on a 390 px phone: an SME applies for a support voucher under an open call,
an officer approves it, the SME's consulting milestone then asks it to pay only its share (the
voucher reserved half), and the public page shows the support granted."""

import pytest

from marketplace.payments import services as payment_services
from marketplace.payments.models import PaymentMethod
from tests.engagements.factories import active
from tests.factories import PASSWORD, OfficerFactory, enterprise_owner
from tests.vouchers.factories import eligible_enterprise, open_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email, audit):
    page.goto(base_url + "/accounts/login/")
    audit()
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_sme_applies_officer_approves_sme_pays_its_share_public_sees_it(live_server, phone_context, checks):
    call = open_call(budget=1_000_000_000, title="Đợt 1/2026: hỗ trợ tư vấn chuyển đổi số")
    enterprise = eligible_enterprise("small", name="Công ty TNHH Gốm Biên Hòa")
    owner = enterprise_owner(enterprise)
    officer = OfficerFactory()
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    # the SME applies under the open call
    log_in(page, base, owner.email, audit)
    page.goto(base + "/vouchers/")
    audit()
    page.get_by_test_id(f"apply-{call.code}").click()
    page.wait_for_load_state()
    audit()
    page.fill("#id_amount", "60 triệu")
    page.fill("#id_purpose", "Tư vấn số hóa quy trình bán hàng và kho")
    page.get_by_test_id("apply-submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("application-status").first.inner_text() == "Chờ quyết định"
    audit()
    page.context.clear_cookies()

    # the officer approves from the queue
    log_in(page, base, officer.email, audit)
    page.goto(base + "/vouchers/officer/")
    audit()
    page.get_by_test_id("queue-item").first.get_by_role("button", name="Duyệt").click()
    page.wait_for_load_state()
    assert "Đã duyệt" in page.inner_text("main")
    audit()
    page.context.clear_cookies()

    # a consulting engagement is accepted: the voucher reserves half of each milestone
    engagement = active(enterprise=enterprise, amounts=(20_000_000, 30_000_000))
    milestone = engagement.milestones.get(position=1)
    payment = payment_services.payment_create(
        payable=milestone, by=owner, method=PaymentMethod.BANK_TRANSFER, idempotency_key="journey-1"
    )

    # the SME sees its voucher and pays only its share
    log_in(page, base, owner.email, audit)
    page.goto(base + "/vouchers/")
    audit()
    assert page.get_by_test_id("voucher-remaining").first.inner_text() == "35.000.000 ₫"
    page.goto(base + f"/payments/{payment.pk}/")
    audit()
    assert page.get_by_test_id("sme-share").inner_text() == "10.000.000 ₫"
    assert "10.000.000" in page.inner_text("main")
    page.context.clear_cookies()

    # the public page shows the support, by enterprise name and tax code
    page.goto(base + "/vouchers/public/")
    audit()
    row = page.get_by_test_id("grant-row").first.inner_text()
    assert "Công ty TNHH Gốm Biên Hòa" in row and enterprise.tax_code in row and "25.000.000" in row
