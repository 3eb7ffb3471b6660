"""Real headless Chromium: a consultant signs up, builds a profile with a photo and applies; an officer
certifies; the public registry lists the consultant and the certificate page says valid. Every page
shown passes tests.browser.checks (axe, console errors, 390 px overflow, English on Vietnamese pages)."""

import io

import pytest
from PIL import Image

from tests.core.imagefiles import minimal_pdf
from tests.factories import PASSWORD, OfficerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def log_in(page, base_url, email, password, audit=None):
    page.goto(base_url + "/accounts/login/")
    if audit:
        audit()
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_consultant_applies_officer_certifies_public_verifies(live_server, desktop_context, checks):
    base = live_server.url
    officer = OfficerFactory()
    page = desktop_context.new_page()
    audit = checks(page).audit

    # 1. sign up as a consultant
    page.goto(base + "/accounts/signup/?role=consultant")
    audit()
    page.get_by_label("Họ và tên").fill("Lý Thanh Tùng")
    page.get_by_label("Địa chỉ e-mail").fill("tung@tuvan.vn")
    page.fill("input[name=password1]", "Tu-van-2026!")
    page.fill("input[name=password2]", "Tu-van-2026!")
    page.check("input[name=role][value=consultant]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/consultants/me/")
    audit()

    # 2. the profile
    page.fill("#id_display_name", "Lý Thanh Tùng")
    page.fill("#id_headline", "Tư vấn chuyển đổi số cho doanh nghiệp sản xuất")
    page.check("input[name=expertise] >> nth=0")
    page.fill("#id_years_experience", "7")
    page.fill("#id_hourly_rate", "600000")
    page.locator("form:has(#id_display_name) button[type=submit]").click()
    page.wait_for_selector("#photo-form")

    # 3. a photo, previewed before upload
    page.set_input_files(
        "#photo-form input[type=file]",
        files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": png_photo()}],
    )
    page.locator("#photo-preview").wait_for(state="visible")
    page.locator("#photo-form button[type=submit]").click()
    page.get_by_test_id("current-photo").wait_for()
    audit()

    # 4. the application
    page.goto(base + "/consultants/me/application/")
    audit()
    page.locator("form:has(input[value=start]) button").click()
    page.wait_for_load_state()
    audit()
    page.fill("#id_statement", "Tôi có 7 năm tư vấn chuyển đổi số cho doanh nghiệp sản xuất.")
    for code in ("competence", "experience", "training", "no_complaints"):
        page.fill(f"#id_answer_{code}", "Đáp ứng, có minh chứng.")
    page.locator("form:has(input[value=details]) button[type=submit]").click()
    page.set_input_files(
        "#id_ev-file",
        files=[{"name": "chung-chi.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}],
    )
    page.locator("form:has(input[value=evidence]) button[type=submit]").click()
    page.fill("#id_ref-name", "Phan Văn Lộc")
    page.fill("#id_ref-email", "loc@khachhang.vn")
    page.locator("form:has(input[value=reference]) button[type=submit]").click()
    page.locator("form:has(input[value=reference]) button[type=submit]").wait_for()
    audit()
    page.locator("form:has(input[value=submit]) button[type=submit]").click()
    page.wait_for_load_state()
    audit()
    page.context.clear_cookies()

    # 5. an officer reviews and certifies
    log_in(page, base, officer.email, PASSWORD, audit)
    page.goto(base + "/consultants/officer/applications/")
    audit()
    page.get_by_role("link", name="Lý Thanh Tùng").click()
    page.wait_for_load_state()
    audit()
    page.locator("form:has(input[value=start_review]) button").click()
    page.wait_for_selector("input[name=decision]")
    audit()
    for box in page.locator("input[type=checkbox][name^=check_]").all():
        box.check()
    page.check("input[name=decision][value=certify]")
    page.locator("form:has(input[value=decide]) button[type=submit]").click()
    page.wait_for_load_state()
    audit()
    page.context.clear_cookies()

    # 6. the public registry lists the consultant; the certificate page says valid
    page.goto(base + "/consultants/")
    card = page.get_by_test_id("consultant-card").filter(has_text="Lý Thanh Tùng")
    card.wait_for()
    audit()
    card.get_by_role("link", name="Lý Thanh Tùng").click()
    page.get_by_test_id("certified-badge").wait_for()
    audit()
    page.locator("a[href*='/consultants/certificates/']").click()
    status = page.get_by_test_id("certificate-status")
    status.wait_for()
    audit()
    assert "ok" in status.get_attribute("class")
    assert "Lý Thanh Tùng" in page.content()


def test_unknown_and_mistyped_certificate_codes_get_friendly_pages_on_a_phone(
    live_server, phone_context, checks
):
    from consultants import codes
    from tests.consultants.factories import certificate_of, certified_consultant

    page = phone_context.new_page()
    audit = checks(page).audit
    response = page.goto(live_server.url + "/consultants/certificates/khong-ton-tai/")
    assert response.status == 404
    assert page.get_by_test_id("certificate-not-found").is_visible()
    audit()
    code = certificate_of(certified_consultant()).code
    wrong = code[:-1] + next(c for c in codes.CHECK_ALPHABET if c != code[-1])
    page.goto(live_server.url + f"/consultants/certificates/{wrong}/")
    assert page.get_by_test_id("certificate-mistyped").is_visible()
    audit()


def test_registry_fits_a_phone(live_server, phone_context, checks):
    page = phone_context.new_page()
    audit = checks(page).audit
    page.goto(live_server.url + "/consultants/")
    audit()


def test_consultant_creates_a_firm_manages_members_and_a_member_leaves_on_a_phone(
    live_server, phone_context, checks
):
    from consultants.models import FirmMembership
    from tests.consultants.factories import make_consultant

    base = live_server.url
    founder = make_consultant(display_name="Đặng Minh Khoa")
    colleague = make_consultant(display_name="Bùi Thị Ngọc")
    page = phone_context.new_page()
    audit = checks(page).audit

    # the founder starts from the profile editor
    log_in(page, base, founder.user.email, PASSWORD, audit)
    page.goto(base + "/consultants/me/")
    audit()
    page.get_by_test_id("firm-card").get_by_role("link").click()
    page.fill("#id_name", "Tư vấn Số Long Thành")
    page.fill("#id_tax_code", "12ab")
    page.locator("main form button[type=submit]").click()
    page.locator("#id_tax_code_error").wait_for()  # bad tax code: a field error, nothing created
    audit()
    page.fill("#id_tax_code", "3600123456")
    page.locator("main form button[type=submit]").click()
    page.get_by_test_id("firm-form").wait_for()
    audit()

    # edit the firm's profile
    page.fill("#id_description", "Tư vấn chuyển đổi số cho doanh nghiệp nhỏ ở Long Thành")
    page.get_by_test_id("firm-form").locator("button[type=submit]").click()
    page.get_by_test_id("firm-form").wait_for()
    assert page.input_value("#id_description").startswith("Tư vấn chuyển đổi số")

    # add a colleague by e-mail, then try to remove oneself as the only administrator
    page.fill("#id_member-email", colleague.user.email)
    page.get_by_test_id("member-form").locator("button[type=submit]").click()
    members = page.get_by_test_id("firm-members")
    members.get_by_text("Bùi Thị Ngọc").wait_for()
    members.locator("tr", has_text="Đặng Minh Khoa").locator("form:has(input[value=remove]) button").click()
    page.get_by_text("Tổ chức tư vấn cần ít nhất một quản trị viên.").first.wait_for()
    audit()

    # the colleague sees the firm from their profile editor and leaves it
    phone_context.clear_cookies()
    log_in(page, base, colleague.user.email, PASSWORD)
    page.goto(base + "/consultants/me/")
    page.get_by_test_id("firm-card").get_by_role("link", name="Trang công khai của tổ chức").click()
    page.wait_for_load_state()
    audit()
    page.get_by_test_id("my-membership").get_by_role("button").click()
    page.get_by_test_id("firm-card").get_by_role("link", name="Tạo tổ chức tư vấn").wait_for()
    assert list(FirmMembership.objects.values_list("consultant__display_name", "role")) == [
        ("Đặng Minh Khoa", "admin")
    ]
