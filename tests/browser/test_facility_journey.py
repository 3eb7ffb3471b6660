"""Real headless Chromium on a 390 px phone: an SME opens the innovation centre's AI test bench,
books a session, the centre confirms, and the SME sees it confirmed in its facility bookings."""

import pytest

from tests.browser.test_booking_journey import log_in
from tests.facilities.factories import facility, sme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sme_books_a_test_bench_session_on_a_phone(live_server, phone_context, checks):
    bench = facility(slug="ai-test-bench", name="Bàn thử nghiệm AI")
    _enterprise, owner = sme()
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    log_in(page, base, owner.email, audit)
    page.goto(base + "/facilities/")
    audit()
    page.get_by_role("link", name="Bàn thử nghiệm AI").first.click()
    page.wait_for_load_state()
    audit()
    assert "400.000" in page.get_by_test_id("facility-share").inner_text()

    page.locator("[data-testid=facility-slots] input[type=radio]").first.check()
    page.fill("#id_purpose", "Thử chatbot chăm sóc khách hàng")
    page.get_by_test_id("facility-book").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("facility-booking-status").inner_text() == "Đang chờ xác nhận"
    audit()
    page.context.clear_cookies()

    # the centre confirms
    log_in(page, base, bench.manager.email, audit)
    page.goto(base + "/facilities/provider/")
    audit()
    page.get_by_test_id("provider-calendar").locator("a").first.click()
    page.wait_for_load_state()
    page.get_by_test_id("action-confirm").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("facility-booking-status").inner_text() == "Đã xác nhận"
    page.context.clear_cookies()

    # the SME sees it in its bookings
    log_in(page, base, owner.email, audit)
    page.goto(base + "/facilities/bookings/")
    audit()
    item = page.get_by_test_id("facility-booking-item").first
    assert "Bàn thử nghiệm AI" in item.inner_text()
    assert item.get_by_test_id("facility-booking-status").inner_text() == "Đã xác nhận"
    item.locator("a").first.click()
    page.wait_for_load_state()
    audit()
    assert page.get_by_test_id("facility-ics").is_visible()
