"""Real headless Chromium on a 390 px phone: a completed engagement → the SME reviews the consultant →
the SME re-assesses → the consultant's public profile shows the rating and the measured impact.

The engagement is completed through the services (the engagement pages have their own journey); the
review and the re-assessment are made on the phone's pages. Every page passes the shared checks (axe, console, overflow, Vietnamese)."""

import re

import pytest
from django.test import override_settings

from marketplace.impact import tasks as impact_tasks
from marketplace.reviews.models import Review
from tests.browser.test_matching_journey import answer_page
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_owner
from tests.impact.test_impact import backdate
from tests.matching.factories import certified_consultant, submitted_assessment
from tests.reviews.factories import completed_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@override_settings(IMPACT_MIN_MEASURED=1)
def test_complete_review_reassess_and_the_profile_shows_the_impact(live_server, phone_context, checks):
    consultant = certified_consultant(name="Lê Minh Tuấn")
    enterprise = EnterpriseFactory(name="Công ty TNHH Gốm Biên Hòa")
    owner = enterprise_owner(enterprise)
    backdate(submitted_assessment(enterprise, choose="min"), 30)  # T0, before the engagement
    engagement = completed_engagement(consultant=consultant, enterprise=enterprise)
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    # the SME finds the completed engagement among the deals to review and reviews it
    log_in(page, base, owner.email)
    page.goto(base + "/reviews/")
    audit()
    page.locator(f"a[href='/reviews/write/engagement/{engagement.pk}/']").click()
    page.wait_for_load_state()
    audit()
    for criterion in ("expertise", "communication", "value", "results"):
        page.check(f"#id_score_{criterion}_0")  # five stars
    page.fill("#id_text", "Chuyên gia nắm rõ quy trình, lộ trình thực tế, bàn giao đầy đủ tài liệu.")
    page.get_by_test_id("publish-review").click()
    page.wait_for_load_state()
    audit()
    assert page.get_by_test_id("review-overall").inner_text() == "5,0/5"
    assert Review.objects.get().consultant_id == consultant.pk

    # months later the SME re-assesses with the same criteria set on its phone; the job measures it
    page.goto(base + "/assessments/")
    page.get_by_test_id("set-basic").get_by_role("button", name="Bắt đầu").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/page/1/$"))
    audit()
    for _pillar in range(6):  # seven pillars, one page each; the last page submits
        answer_page(page)
        page.get_by_role("button", name="Lưu và tiếp tục").click()
        page.wait_for_load_state()
    answer_page(page)
    page.get_by_role("button", name="Nộp bài đánh giá").click()
    page.wait_for_url(re.compile(r"/assessments/\d+/$"))
    audit()
    assert impact_tasks.measure() == 1

    # anyone reading the consultant's profile sees the rating and the measured impact
    page.context.clear_cookies()
    page.goto(base + consultant.get_absolute_url())
    audit()
    assert "5,0/5" in page.get_by_test_id("rating").inner_text()
    impact = page.get_by_test_id("impact").inner_text()
    assert impact.startswith("1 doanh nghiệp được đo trước và sau"), impact
    page.get_by_test_id("reviews-link").click()
    page.wait_for_load_state()
    audit()
    assert "lộ trình thực tế" in page.get_by_test_id("review").inner_text()
