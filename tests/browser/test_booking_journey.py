"""Real headless Chromium on a 390 px phone: an SME finds a certified consultant in the registry,
books a free slot from the profile in three taps, the consultant confirms from the request queue,
and both see the confirmed booking."""

import pytest

from tests.consultants.bookings.factories import bookable_consultant, sme
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email, audit):
    page.goto(base_url + "/accounts/login/")
    audit()
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_sme_books_consultant_confirms_both_see_it(live_server, phone_context, checks):
    consultant = bookable_consultant(display_name="Trần Minh Khoa")
    _enterprise, owner = sme()
    base = live_server.url
    page = phone_context.new_page()
    # axe, console errors, 390 px overflow and English on a Vietnamese page, on every page shown
    audit = checks(page).audit

    # the SME finds the consultant in the registry and opens the profile
    log_in(page, base, owner.email, audit)
    page.goto(base + "/consultants/")
    audit()
    page.get_by_role("link", name="Trần Minh Khoa").first.click()
    page.wait_for_load_state()
    audit()

    # three taps from the profile: "Đặt lịch tư vấn", a slot, send
    page.get_by_test_id("book-consultant").click()
    page.wait_for_load_state()
    audit()
    page.locator("[data-testid=booking-slots] input[type=radio]").first.check()
    page.fill("#id_topic", "Số hóa quy trình bán hàng")
    page.get_by_test_id("booking-submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("booking-status").inner_text() == "Đang chờ xác nhận"
    audit()
    page.context.clear_cookies()

    # the consultant confirms from the queue
    log_in(page, base, consultant.user.email, audit)
    page.goto(base + "/bookings/queue/")
    audit()
    page.get_by_test_id("booking-item").locator("a").first.click()
    page.wait_for_load_state()
    page.get_by_test_id("action-confirm").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("booking-status").inner_text() == "Đã xác nhận"
    page.goto(base + "/bookings/agenda/")
    assert "Số hóa quy trình bán hàng" in page.inner_text("main")
    audit()
    page.context.clear_cookies()

    # the SME sees it confirmed, with the consultant's contact now shown
    log_in(page, base, owner.email, audit)
    page.goto(base + "/bookings/")
    audit()
    assert page.get_by_test_id("booking-status").first.inner_text() == "Đã xác nhận"
    page.get_by_test_id("booking-item").locator("a").first.click()
    page.wait_for_load_state()
    assert consultant.user.email in page.get_by_test_id("contact").inner_text()
    audit()
