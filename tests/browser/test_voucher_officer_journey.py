"""Real headless Chromium on a 390 px phone: an officer opens a support call on the page (budget typed
the Vietnamese way), then redeems a milestone's reserved support with the e-invoice number, records
the disbursement and claws it back. Every page passes the shared checks (axe, console, overflow, no
English on Vietnamese pages)."""

import pytest

from marketplace.vouchers.models import Call
from tests.engagements.factories import active
from tests.factories import PASSWORD, OfficerFactory
from tests.vouchers.factories import default_scheme, voucher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_an_officer_opens_a_call_and_moves_support_on_a_phone(live_server, phone_context, checks):
    default_scheme()
    issued = voucher(amount=100_000_000)
    active(enterprise=issued.enterprise, amounts=(20_000_000,))
    officer = OfficerFactory()
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    log_in(page, base, officer.email)
    page.goto(base + "/vouchers/officer/")
    audit()
    page.get_by_test_id("call-new").click()
    page.wait_for_load_state()
    audit()
    page.fill("#id_code", "HT-2026-Q4")
    page.fill("#id_title", "Đợt hỗ trợ quý IV")
    page.fill("#id_budget", "abc")
    page.fill("#id_opens_on", "2026-12-01")
    page.fill("#id_closes_on", "2026-12-31")
    page.fill("#id_voucher_valid_until", "2027-12-31")
    page.get_by_test_id("open-call").click()
    page.wait_for_load_state()
    audit()  # the error page too
    assert not Call.objects.filter(code="HT-2026-Q4").exists()
    page.fill("#id_budget", "1,5 tỷ")
    page.fill("#id_ward_quotas", "26734: 500 triệu")
    page.get_by_test_id("open-call").click()
    page.wait_for_load_state()
    assert Call.objects.get(code="HT-2026-Q4").budget == 1_500_000_000

    page.get_by_test_id("money").click()
    page.wait_for_load_state()
    audit()
    payable = page.get_by_test_id("payable").first
    payable.locator("input[name=e_invoice_number]").fill("C26TAA-0000123")
    payable.get_by_test_id("redeem").click()
    page.wait_for_load_state()
    audit()
    payable = page.get_by_test_id("payable").first
    assert "10.000.000" in payable.get_by_test_id("redeemed").inner_text()
    payable.locator("input[name=bank_reference]").fill("VCB-20261202-1")
    payable.get_by_test_id("disburse").click()
    page.wait_for_load_state()
    payable = page.get_by_test_id("payable").first
    assert "10.000.000" in payable.get_by_test_id("disbursed").inner_text()
    payable.locator("input[name=reason]").fill("Hóa đơn không có trên hệ thống thuế")
    payable.get_by_test_id("claw-back").click()
    page.wait_for_load_state()
    audit()
