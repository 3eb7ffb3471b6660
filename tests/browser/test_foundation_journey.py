"""Real headless Chromium: home → language switch → SME sign-up → enterprise profile → size class."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sme_signs_up_and_sees_computed_size_class(live_server, page, checks):
    from marketplace.taxonomy.models import AdminUnit, Sector

    sector = Sector.objects.get(code="47")  # retail: trade and services group
    ward = AdminUnit.objects.get(code="26068")

    audit = checks(page).audit
    page.goto(live_server.url + "/")
    audit()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("search").is_visible()

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Digital transformation")

    page.get_by_test_id("lang-vi").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"

    page.get_by_role("link", name="Bắt đầu với tư cách doanh nghiệp").click()
    page.wait_for_load_state()
    audit()
    page.get_by_label("Họ và tên").fill("Trần Thị Ngọc")
    page.get_by_label("Địa chỉ e-mail").fill("ngoc@tapHoaBienHoa.vn")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill("Cua-hang-2026!")
    page.get_by_label("Nhập lại mật khẩu").fill("Cua-hang-2026!")
    page.get_by_role("button", name="Đăng ký").click()

    page.wait_for_url("**/enterprises/new/")
    audit()
    page.get_by_label("Tên doanh nghiệp").fill("Công ty TNHH Tạp Hóa Biên Hòa")
    page.get_by_label("Mã số thuế").fill("3600111222")
    page.get_by_label("Ngành nghề chính").select_option(str(sector.pk))
    page.get_by_label("Xã / phường").select_option(str(ward.pk))
    page.get_by_label("Địa chỉ").fill("20 Phạm Văn Thuận")
    page.get_by_label("Người liên hệ").fill("Trần Thị Ngọc")
    page.get_by_label("E-mail liên hệ").fill("ngoc@taphoa.vn")
    page.get_by_label("Điện thoại liên hệ").fill("0913555777")
    page.get_by_label("Số lao động tham gia BHXH").fill("9")
    page.get_by_label("Tổng doanh thu năm (đồng)").fill("9000000000")
    page.get_by_label("Tổng nguồn vốn (đồng)").fill("5000000000")
    page.get_by_role("button", name="Lưu").click()

    badge = page.get_by_test_id("size-class")
    badge.wait_for()
    audit()
    # trade and services: ≤10 staff and revenue ≤10 bn → micro, even though capital is over 3 bn
    assert badge.inner_text() == "Doanh nghiệp siêu nhỏ"


def test_home_page_fits_a_phone(live_server, phone_context, checks):
    page = phone_context.new_page()
    audit = checks(page).audit
    page.goto(live_server.url + "/")
    audit()
    menu = page.get_by_role("button", name="Danh mục")
    assert menu.is_visible()
    menu.click()
    assert page.locator("#site-nav").get_by_role("link", name="Đăng nhập", exact=True).is_visible()
