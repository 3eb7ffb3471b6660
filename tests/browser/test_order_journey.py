"""Real headless Chromium on a 390 px phone: an SME orders a plan from the solution page, the vendor
confirms it with a start date and a contract number, and the SME confirms the solution is in use.
Every page passes the shared checks (axe, console, overflow, no English on Vietnamese pages)."""

import pytest

from marketplace.orders.models import Order, OrderStatus
from tests.catalogue.factories import vendor_owner
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_owner
from tests.orders.factories import published_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_sme_orders_a_plan_vendor_confirms_sme_confirms_in_use(live_server, phone_context, checks):
    plan = published_plan(
        name="Gói Đồng hành",
        price=600_000,
        pricing="co_investment",
        co_investment=200_000,
        co_investor="vendor",
    )
    owner = enterprise_owner(EnterpriseFactory(name="Công ty TNHH Gốm Biên Hòa"))
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    # the SME opens the solution page and orders the plan
    log_in(page, base, owner.email)
    page.goto(base + plan.solution.get_absolute_url())
    audit()
    assert "400.000 ₫" in page.get_by_test_id("plan").inner_text()  # its share after co-investment
    page.get_by_test_id("order-plan").click()
    page.wait_for_load_state()
    audit()
    page.fill("#id_note", "Cần triển khai cho phòng kế toán")
    page.get_by_test_id("order-submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("order-status").inner_text() == "Chờ nhà cung cấp"
    audit()
    page.context.clear_cookies()

    # the vendor confirms from its orders list
    log_in(page, base, vendor_owner(plan.solution.vendor).email)
    page.goto(base + "/orders/vendor/")
    audit()
    page.get_by_test_id("order-item").locator("a").first.click()
    page.wait_for_load_state()
    audit()
    page.fill("#id_contract_number", "HĐ-2026/015")
    page.get_by_test_id("action-confirm").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("order-status").inner_text() == "Đang hoạt động"
    assert page.get_by_test_id("contract-number").inner_text() == "HĐ-2026/015"
    audit()
    page.context.clear_cookies()

    # the SME sees what falls due and confirms the solution is in use
    log_in(page, base, owner.email)
    page.goto(base + "/orders/")
    audit()
    page.get_by_test_id("order-item").locator("a").first.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("amount-sme-share").first.inner_text() == "400.000 ₫"
    audit()
    page.get_by_test_id("action-confirm_in_use").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("order-status").inner_text() == "Đang sử dụng"
    audit()
    assert Order.objects.get().status == OrderStatus.IN_USE
