"""Real headless Chromium on a 390 px phone: an SME registers two employees for a workshop → the
organiser opens one attendee's QR link and checks her in → anyone verifies the certificate code on
the public page. The workshop is published through the services (the organiser pages have their own
tests); everything the people do happens on the pages, each passing the shared checks (axe, console,
overflow, Vietnamese)."""

import re

import pytest

from marketplace.training import selectors
from marketplace.training.models import Seat
from tests.factories import PASSWORD
from tests.training.factories import event, micro_sme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_an_sme_registers_two_employees_one_checks_in_and_the_certificate_verifies(
    live_server, phone_context, checks
):
    workshop, _session, organiser_user = event(
        title="Hội thảo thực hành hóa đơn điện tử", starts_in=2, fee=500_000, rule="micro-free"
    )
    _enterprise, owner = micro_sme()
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    # the SME finds the workshop, sees that it pays nothing, and registers two employees by name
    log_in(page, base, owner.email)
    page.goto(base + "/training/")
    audit()
    page.get_by_role("link", name="Hội thảo thực hành hóa đơn điện tử").click()
    page.wait_for_url(re.compile(rf"/training/events/{workshop.pk}/$"))
    audit()
    assert "0" in page.get_by_test_id("shares").inner_text()
    page.fill("#id_name_1", "Nguyễn Thị Lan")
    page.fill("#id_email_1", "lan@gombienhoa.vn")
    page.fill("#id_name_2", "Trần Văn Minh")
    page.fill("#id_email_2", "minh@gombienhoa.vn")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.wait_for_url(re.compile(r"/training/mine/$"))
    audit()
    assert page.get_by_test_id("seat").count() == 2
    page.get_by_role("link", name="Nguyễn Thị Lan").click()
    page.wait_for_url(re.compile(r"/training/seats/\d+/$"))
    audit()
    assert page.get_by_test_id("qr").locator("svg").count() == 1
    lan = Seat.objects.get(attendee_email="lan@gombienhoa.vn")

    # at the door the organiser scans Lan's code, which opens the check-in page, and confirms
    page.context.clear_cookies()
    log_in(page, base, organiser_user.email)
    page.goto(base + f"/training/check-in/{selectors.check_in_token(lan)}/")
    audit()
    assert page.get_by_test_id("attendee-name").inner_text() == "Nguyễn Thị Lan"
    page.get_by_role("button", name="Xác nhận điểm danh").click()
    page.wait_for_load_state()
    audit()
    assert page.get_by_test_id("checked-in").count() == 1
    lan.refresh_from_db()
    code = lan.certificate_code
    assert code and lan.checked_in_at is not None
    assert Seat.objects.get(attendee_email="minh@gombienhoa.vn").checked_in_at is None

    # anyone checks the certificate code on the public page, typed loosely
    page.context.clear_cookies()
    page.goto(base + "/training/certificates/")
    audit()
    page.fill("#id_code", code.lower().replace("-", " "))
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(re.compile(r"/training/certificates/.+/$"))
    audit()
    assert page.get_by_test_id("certificate-status").inner_text() == "Còn hiệu lực"
    assert page.get_by_test_id("certificate-holder").inner_text() == "Nguyễn Thị Lan"
