"""Real headless Chromium on a phone: an SME owner takes the basic assessment page by page, saves and
resumes, submits, reads the results (SVG radar), the roadmap and the recommendations."""

import re

import pytest

from tests.factories import PASSWORD, EnterpriseFactory, enterprise_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_page(page, choose_last: bool = True) -> None:
    for fieldset in page.locator("form.card fieldset").all():
        radios = fieldset.locator("input[type=radio]")
        (radios.last if choose_last else radios.first).check()


def test_sme_takes_the_assessment_and_gets_results_roadmap_and_recommendations(
    live_server, phone_context, checks
):
    enterprise = EnterpriseFactory(sector_code="52")
    owner = enterprise_owner(enterprise)
    page = phone_context.new_page()
    audit = checks(page).audit

    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=username]").fill(owner.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()

    page.goto(live_server.url + "/assessments/")
    basic = page.get_by_test_id("set-basic")
    basic.get_by_role("button", name="Bắt đầu").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/page/1/$"))
    assert page.get_by_role("progressbar").count() == 1
    assert "0/30" in page.get_by_test_id("progress-text").inner_text().replace(" ", "")

    answer_page(page)
    page.get_by_role("button", name="Lưu và làm tiếp sau").click()
    page.wait_for_url("**/assessments/?enterprise=*")
    page.get_by_test_id("set-basic").get_by_role("button", name="Làm tiếp").click()
    page.wait_for_url(re.compile(r"/page/2/$"))  # resumes at the first unanswered pillar

    for _pillar in range(5):
        answer_page(page, choose_last=False)
        page.get_by_role("button", name="Lưu và tiếp tục").click()
        page.wait_for_load_state()
    answer_page(page, choose_last=False)
    page.get_by_role("button", name="Nộp bài đánh giá").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))

    assert page.get_by_test_id("level").inner_text().startswith("Mức")
    radar = page.get_by_test_id("radar")
    assert radar.is_visible()
    assert "Chiến lược" in radar.inner_html()
    assert page.get_by_test_id("peers-hidden").is_visible()
    audit()
    # the page fits a phone: no horizontal scrolling of the whole page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    page.get_by_role("link", name="Xem lộ trình chuyển đổi số").click()
    steps = page.get_by_test_id("roadmap").locator("> li")
    assert 3 <= steps.count() <= 6

    page.get_by_role("link", name="Tìm tư vấn viên và giải pháp cho các bước này").click()
    assert page.get_by_test_id("list-consultant").is_visible()
    assert page.get_by_test_id("list-solution").is_visible()
    audit()
