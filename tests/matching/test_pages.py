import pytest
from django.urls import reverse

from matching import services
from matching.models import Assessment
from tests.factories import PASSWORD, EnterpriseFactory, UserFactory, enterprise_owner
from tests.matching.factories import basic_set, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    enterprise = EnterpriseFactory(sector_code="52")
    user = enterprise_owner(enterprise)
    client.force_login(user)
    return client, enterprise, user


def test_the_start_page_offers_the_basic_and_the_sector_set(owner):
    client, enterprise, _user = owner
    page = client.get(reverse("matching:assessment_start")).content.decode()
    assert 'data-testid="set-basic"' in page
    assert 'data-testid="set-logistics"' in page
    assert 'data-testid="set-tourism"' not in page


def test_starting_goes_to_the_first_pillar_page_with_a_progress_bar(owner):
    client, enterprise, _user = owner
    response = client.post(
        reverse("matching:assessment_start"), {"criteria_set": "basic", "enterprise": enterprise.pk}
    )
    assessment = Assessment.objects.get(enterprise=enterprise)
    assert response["Location"] == reverse("matching:assessment_page", args=[assessment.pk, 1])
    page = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page
    assert "strategy-plan" in page


def test_saving_a_page_keeps_the_answers_and_moves_on(owner):
    client, enterprise, user = owner
    assessment = services.assessment_start(enterprise=enterprise, user=user, criteria_set=basic_set())
    url = reverse("matching:assessment_page", args=[assessment.pk, 1])
    response = client.post(url, {"strategy-plan": "c", "strategy-lead": "b", "go": "next"})
    assert response["Location"] == reverse("matching:assessment_page", args=[assessment.pk, 2])
    assessment.refresh_from_db()
    assert assessment.answers == {"strategy-plan": "c", "strategy-lead": "b"}


def test_submitting_incomplete_lists_the_unanswered_questions(owner):
    client, enterprise, user = owner
    assessment = services.assessment_start(enterprise=enterprise, user=user, criteria_set=basic_set())
    response = client.post(reverse("matching:assessment_page", args=[assessment.pk, 7]), {"go": "submit"})
    assert response.status_code == 400
    assert 'data-testid="unanswered"' in response.content.decode()


def test_the_results_page_shows_level_and_an_inline_svg_radar(owner):
    client, enterprise, _user = owner
    assessment = submitted_assessment(enterprise, choose="min", per_pillar={"green": "max"})
    page = client.get(reverse("matching:assessment_result", args=[assessment.pk])).content.decode()
    assert "<svg" in page and 'data-testid="radar"' in page
    assert 'data-testid="level"' in page
    assert 'data-testid="peers-hidden"' in page


def test_a_reassessment_shows_the_change_per_pillar(owner):
    client, enterprise, _user = owner
    submitted_assessment(enterprise, choose="min")
    second = submitted_assessment(enterprise, choose="max")
    page = client.get(reverse("matching:assessment_result", args=[second.pk])).content.decode()
    assert 'data-testid="overall-change"' in page
    assert "+100" in page


def test_peers_are_compared_only_from_five_enterprises(owner):
    client, enterprise, _user = owner
    for _ in range(5):
        submitted_assessment(EnterpriseFactory(sector_code="49"), choose="min")
    assessment = submitted_assessment(enterprise, choose="max")
    page = client.get(reverse("matching:assessment_result", args=[assessment.pk])).content.decode()
    assert 'data-testid="peers"' in page


def test_the_roadmap_has_three_to_six_steps_from_the_weakest_pillars(owner):
    client, enterprise, _user = owner
    assessment = submitted_assessment(
        enterprise, choose="max", per_pillar={"operations": "min", "data": "min"}
    )
    page = client.get(reverse("matching:roadmap", args=[assessment.pk])).content.decode()
    from matching.selectors import roadmap_for

    steps = roadmap_for(assessment)
    assert 3 <= len(steps) <= 6
    assert {s.pillar_code for s in steps[:2]} == {"operations", "data"}
    assert steps[0].categories
    assert 'data-testid="roadmap"' in page


def test_a_submitted_assessment_page_redirects_to_results_and_cannot_be_posted(owner):
    client, enterprise, _user = owner
    assessment = submitted_assessment(enterprise)
    response = client.post(
        reverse("matching:assessment_page", args=[assessment.pk, 1]), {"strategy-plan": "a"}
    )
    assert response["Location"] == reverse("matching:assessment_result", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.answers["strategy-plan"] == "e"


def test_another_user_cannot_open_an_assessment(client):
    assessment = submitted_assessment()
    client.force_login(UserFactory())
    assert client.get(reverse("matching:assessment_result", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("matching:roadmap", args=[assessment.pk])).status_code == 404


def test_the_recommendations_page_renders_with_a_helpful_message_when_empty(owner):
    client, enterprise, _user = owner
    page = client.get(reverse("matching:recommendations")).content.decode()
    assert 'data-testid="list-consultant"' in page and 'data-testid="list-solution"' in page


def test_the_nav_shows_the_assessment_link_to_sme_members(client):
    enterprise = EnterpriseFactory()
    client.login(email=enterprise_owner(enterprise).email, password=PASSWORD)
    page = client.get("/").content.decode()
    assert reverse("matching:assessment_start") in page
    assert reverse("matching:recommendations") in page


def test_radar_numbers_are_never_localised_in_vietnamese(owner):
    """SVG rejects "180,5": every coordinate must use a dot whatever the page's language."""
    import re

    client, enterprise, _user = owner
    client.cookies["django_language"] = "vi"
    assessment = submitted_assessment(enterprise, choose="min", per_pillar={"green": "max"})
    page = client.get(reverse("matching:assessment_result", args=[assessment.pk])).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    for name, value in re.findall(r'\b(x|y|x1|y1|x2|y2|dy)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), (name, value)
    for points in re.findall(r'points="([^"]*)"', svg):
        assert re.fullmatch(r"(-?\d+(\.\d+)?,-?\d+(\.\d+)?\s?)+", points), points


def test_radar_labels_wrap_onto_short_lines():
    from matching.charts import LINE_CHARS, radar

    chart = radar(["Chiến lược và lãnh đạo chuyển đổi số", "Dữ liệu", "Vận hành"], [10.5, 50, 90])
    lines = chart["axes"][0].lines
    assert len(lines) > 1
    assert all(len(line["text"]) <= LINE_CHARS for line in lines)
