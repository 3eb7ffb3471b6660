"""Real headless Chromium: a vendor lists a solution with a screenshot and submits it; an officer
publishes it; the public catalogue shows it; an SME compares it with two others (on a phone)."""

import io

import pytest
from PIL import Image

from tests.catalogue.factories import SolutionFactory, VendorFactory
from tests.factories import PASSWORD, EnterpriseFactory, OfficerFactory, enterprise_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url: str, email: str, audit) -> None:
    page.goto(base_url + "/accounts/login/")
    audit()
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    audit()


def log_out(page) -> None:
    page.context.clear_cookies()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 120), (11, 92, 171)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_vendor_lists_officer_publishes_sme_compares(live_server, page, phone_context, checks):
    vendor = VendorFactory(name="Công ty TNHH Phần mềm Hạ Nguồn")
    vendor_user = vendor.memberships.get().user
    officer = OfficerFactory()
    others = [
        SolutionFactory(status="published", name="Hóa Đơn Nhanh Miền Đông"),
        SolutionFactory(status="published", name="Kế Toán Gọn Nhẹ"),
    ]
    sme = enterprise_owner(EnterpriseFactory())
    base = live_server.url
    audit = checks(page).audit  # every page this journey shows, desktop and phone

    # the vendor lists a solution
    log_in(page, base, vendor_user.email, audit)
    page.goto(base + "/solutions/vendor/")
    audit()
    page.locator(f"a[href='/solutions/vendor/{vendor.pk}/solutions/new/']").click()
    page.wait_for_url("**/solutions/new/")
    audit()
    page.locator("#id_name").fill("Hạ Nguồn eInvoice")
    page.locator("#id_short_description").fill("Hóa đơn điện tử cho cửa hàng bán lẻ.")
    page.locator("#id_description").fill("Kết nối cơ quan thuế, gửi hóa đơn qua Zalo.")
    page.locator("#id_category").select_option("e-invoice")
    page.locator('input[name="sectors"][value="47"]').check()  # a checkbox list since issue 12
    page.locator("#id_readiness_min").select_option("0")
    page.locator("#id_readiness_max").select_option("3")
    page.locator("#id_pricing_model").select_option("subscription_yearly")
    page.locator("#id_price").fill("990000")
    page.locator("#id_billing_unit").fill("năm")
    page.locator("input[name=deployment][value=saas]").check()
    page.locator("input[name=languages][value=vi]").check()
    page.locator("#id_support_contact").fill("1900 0000")
    page.locator("main form.card button[type=submit]").click()
    page.wait_for_url("**/edit/")
    audit()

    page.locator("#id_image").set_input_files(
        files=[{"name": "man-hinh.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.locator("main form[enctype] button[type=submit]").click()
    page.get_by_test_id("screenshot-thumb").first.wait_for()
    audit()
    page.goto(page.url.removesuffix("edit/"))  # the preview, where the vendor submits
    audit()
    with page.expect_navigation():
        page.locator("form[action$='/submit/'] button").click()
    audit()
    assert page.get_by_test_id("status").inner_text().strip() in {"Đã gửi duyệt", "Submitted for review"}
    log_out(page)

    # an officer publishes it
    log_in(page, base, officer.email, audit)
    page.goto(base + "/solutions/review/")
    audit()
    page.get_by_test_id("queue-submitted").get_by_role("link", name="Hạ Nguồn eInvoice").click()
    page.get_by_test_id("diff").wait_for()
    audit()
    page.locator("button[name=decision][value=publish]").click()
    page.wait_for_url("**/solutions/review/")
    audit()
    log_out(page)

    # the public catalogue shows it, and an SME compares it with two others on a phone
    phone = phone_context.new_page()
    phone_audit = checks(phone).audit
    log_in(phone, base, sme.email, phone_audit)
    phone.goto(base + "/solutions/?category=e-invoice")
    card = phone.get_by_test_id("solution-card").filter(has_text="Hạ Nguồn eInvoice")
    card.wait_for()
    phone_audit()
    assert card.locator("img").count() == 1
    from catalogue.models import Solution

    listed = Solution.objects.get(name="Hạ Nguồn eInvoice")
    with phone.expect_navigation():
        phone.get_by_test_id(f"compare-add-{listed.pk}").click()
    phone_audit()
    phone.goto(base + "/solutions/")
    phone_audit()
    for other in others:
        with phone.expect_navigation():
            phone.get_by_test_id(f"compare-add-{other.pk}").click()
        phone_audit()
    phone.goto(base + "/solutions/compare/")
    table = phone.get_by_test_id("compare-table")
    table.wait_for()
    text = table.inner_text()
    assert "Hạ Nguồn eInvoice" in text
    assert all(other.name in text for other in others)
    assert "990.000 ₫" in text
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    # all three solutions side by side, and the page ends with what to do next
    assert (
        phone.get_by_test_id("compare-actions").get_by_role("link", name="Liên hệ nhà cung cấp").count() == 3
    )
    phone_audit()
