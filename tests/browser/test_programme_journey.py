"""Real Chromium: an officer reads the programme dashboard on a phone and on a desktop, drills down
from a number to its records and cuts an indicator by ward; anyone reads the public summary."""

import pytest

from tests.consultants.factories import certified_consultant
from tests.factories import PASSWORD, EnterpriseFactory, OfficerFactory
from tests.programme.helpers import assessed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _records():
    enterprise = EnterpriseFactory(name="Công ty TNHH Gốm Biên Hòa")
    assessed(enterprise, "2026-02-03")
    certified_consultant()
    return enterprise


@pytest.mark.parametrize("context_name", ["phone_context", "desktop_context"])
def test_officer_reads_dashboard_and_drills_down(live_server, checks, request, context_name):
    enterprise = _records()
    officer = OfficerFactory()
    page = request.getfixturevalue(context_name).new_page()
    page_checks = checks(page)
    log_in(page, live_server.url, officer.email)

    page.goto(live_server.url + "/programme/")
    page_checks.audit()
    card = page.locator('[data-indicator="smes_supported"]')
    assert card.get_by_test_id("value").inner_text() == "1"
    assert "10.000" in card.inner_text()
    # designations feed it (issue 17): none here, so a real 0 rather than "not available"
    assert page.locator('[data-indicator="exemplary_smes"]').get_by_test_id("value").inner_text() == "0"
    assert page.locator("svg.pg-chart").count() == 3

    card.get_by_test_id("value").get_by_role("link").click()
    page.wait_for_load_state()
    page_checks.audit()
    assert enterprise.name in page.get_by_test_id("records").inner_text()

    page.goto(live_server.url + "/programme/indicators/smes_supported/")
    page.get_by_label("Phân theo").select_option("ward")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    page_checks.audit()
    assert "cut=ward" in page.url
    assert page.get_by_test_id("indicator-table").locator("tfoot").inner_text().split()[-1] == "1"
    page_checks.finish()


def test_public_summary_on_a_phone(live_server, checks, phone_context):
    enterprise = _records()
    page = phone_context.new_page()
    page_checks = checks(page)
    page.goto(live_server.url + "/programme/public/")
    page_checks.audit()
    text = page.locator("main").inner_text()
    assert "10.000" in text and enterprise.name not in text
    page_checks.finish()
