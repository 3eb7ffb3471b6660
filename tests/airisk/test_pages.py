"""The AI risk pages from each side: the owner's guided steps and result, the consultant's decision,
the solution page's "who classified it and when", and attackers (404, never 500)."""

import pytest

from marketplace.airisk.models import Classification, ClassificationStatus, ReviewStatus
from tests.airisk.factories import CHATBOT, ai_reviewer, ai_solution, classification, requested, sme
from tests.factories import UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def post_step(client, pk, number, answers):
    data = {}
    for code, value in answers.items():
        data[code] = value
    return client.post(f"/ai-risk/{pk}/step/{number}/", data)


STEPS = [
    {"purpose": "chatbot", "users": "public"},
    {"decisions": ["none"], "oversight": "can_intervene", "manipulation": "no"},
    {"personal_data": "basic", "generated_content": ["text"], "discloses_ai": "told"},
    {"sector": "commerce"},
]


def test_an_sme_answers_the_steps_and_sees_the_class_reasons_and_checklist(client):
    enterprise, owner = sme()
    reviewer = ai_reviewer()
    client.force_login(owner)
    assert client.get("/ai-risk/").status_code == 200
    page = client.get("/ai-risk/new/")
    assert "công khai" in page.content.decode()  # the form says what becomes public
    response = client.post("/ai-risk/new/", {"name": "Chatbot Zalo", "owner": f"enterprise:{enterprise.pk}"})
    made = Classification.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ai-risk/{made.pk}/step/1/"
    for number, answers in enumerate(STEPS, start=1):
        assert client.get(f"/ai-risk/{made.pk}/step/{number}/").status_code == 200
        response = post_step(client, made.pk, number, answers)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/ai-risk/{made.pk}/"
    made.refresh_from_db()
    assert (made.status, made.provisional_class) == (ClassificationStatus.PROVISIONAL, "medium")
    html = client.get(f"/ai-risk/{made.pk}/").content.decode()
    assert "Rủi ro trung bình" in html
    assert "không phải kết luận pháp lý" in html
    assert "Cổng dịch vụ công một cửa" in html
    assert "Mục đích chính là trò chuyện" in html  # a reason
    assert reviewer.display_name in html
    response = client.post(
        f"/ai-risk/{made.pk}/", {"form": "checklist", "done": ["notify-portal", "self-classify"]}
    )
    assert response.status_code == 302
    response = client.post(
        f"/ai-risk/{made.pk}/", {"form": "ask", "consultant": reviewer.pk, "message": "Nhờ xem"}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == ClassificationStatus.REVIEW_REQUESTED
    assert [o["code"] for o in made.obligations if o["done"]] == ["self-classify", "notify-portal"]


def test_a_step_with_a_missing_or_wrong_answer_is_a_400_with_the_message(client):
    made = classification()
    client.force_login(enterprise_owner(made.enterprise))
    response = client.post(f"/ai-risk/{made.pk}/step/1/", {"purpose": "teleport"})
    assert response.status_code == 400
    response = client.post(
        f"/ai-risk/{made.pk}/step/2/",
        {"decisions": ["none", "credit"], "oversight": "automatic", "manipulation": "no"},
    )
    assert response.status_code == 400
    assert "không thể chọn" in response.content.decode().lower()
    assert client.get(f"/ai-risk/{made.pk}/step/9/").status_code == 404
    assert client.post("/ai-risk/new/", {"name": "", "owner": "enterprise:999999"}).status_code == 400


def test_the_consultant_asked_confirms_on_the_page_and_the_owner_sees_who_and_when(client):
    reviewer = ai_reviewer()
    made, review = requested(reviewer)
    client.force_login(reviewer.user)
    assert made.name in client.get("/ai-risk/").content.decode()
    page = client.get(f"/ai-risk/{made.pk}/")
    assert page.status_code == 200 and 'value="decide"' in page.content.decode()
    bad = client.post(f"/ai-risk/{made.pk}/", {"form": "decide", "risk_class": "high", "note": "ngắn"})
    assert bad.status_code == 400
    response = client.post(
        f"/ai-risk/{made.pk}/",
        {"form": "decide", "risk_class": "high", "note": "Ảnh hưởng quyết định tín dụng."},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (ReviewStatus.CHANGED, reviewer.user)
    client.force_login(enterprise_owner(made.enterprise))
    html = client.get(f"/ai-risk/{made.pk}/").content.decode()
    assert "Rủi ro cao" in html and reviewer.display_name in html and "Ảnh hưởng quyết định tín dụng." in html


def test_attackers_get_404_on_every_page_and_action(client):
    reviewer = ai_reviewer("Được nhờ")
    made, _review = requested(reviewer)
    other = ai_reviewer("Không được nhờ")
    _enterprise, stranger = sme()
    for user in (stranger, other.user, UserFactory()):
        client.force_login(user)
        assert client.get(f"/ai-risk/{made.pk}/").status_code == 404
        assert client.get(f"/ai-risk/{made.pk}/step/1/").status_code == 404
        assert (
            client.post(
                f"/ai-risk/{made.pk}/", {"form": "decide", "risk_class": "low", "note": "Hạ xuống mức thấp."}
            ).status_code
            == 404
        )
    # the consultant asked may decide but not act as the owner
    client.force_login(reviewer.user)
    assert client.post(f"/ai-risk/{made.pk}/", {"form": "withdraw"}).status_code == 404
    assert client.get(f"/ai-risk/{made.pk}/step/1/").status_code == 404
    made.refresh_from_db()
    assert made.status == ClassificationStatus.REVIEW_REQUESTED
    client.logout()
    assert client.get(f"/ai-risk/{made.pk}/").status_code == 302  # to the log-in page


@pytest.mark.parametrize("form", ["", "nonsense", "checklist"])
def test_garbled_posts_are_400_not_500(client, form):
    made = classification(answers=CHATBOT)
    client.force_login(enterprise_owner(made.enterprise))
    response = client.post(f"/ai-risk/{made.pk}/", {"form": form, "done": ["moon"]})
    assert response.status_code == 400


def test_the_solution_page_shows_who_classified_it_and_when(client):
    solution, owner = ai_solution(risk="medium")
    client.force_login(owner)
    page = client.get(f"/ai-risk/new/?solution={solution.pk}")
    assert f'value="solution:{solution.pk}" selected' in page.content.decode()
    client.post("/ai-risk/new/", {"name": solution.name, "owner": f"solution:{solution.pk}"})
    made = Classification.objects.get()
    for number, answers in enumerate(STEPS, start=1):
        post_step(client, made.pk, number, answers)
    client.logout()
    html = client.get(solution.get_absolute_url()).content.decode()
    assert 'data-testid="ai-classification"' in html
    assert "tự phân loại bởi" in html and solution.vendor.name in html


def test_officers_follow_every_classification_by_state(client):
    from tests.factories import OfficerFactory

    made = classification(answers=CHATBOT)
    client.force_login(OfficerFactory())
    html = client.get("/ai-risk/?status=provisional").content.decode()
    assert made.name in html and "Kết quả sơ bộ (1)" in html
    assert made.name not in client.get("/ai-risk/?status=reviewed").content.decode()
    assert client.get("/ai-risk/?status=<script>").status_code == 200
    assert client.get(f"/ai-risk/{made.pk}/").status_code == 200
    assert client.post(f"/ai-risk/{made.pk}/", {"form": "checklist", "done": []}).status_code == 404


def test_the_vendor_dashboard_links_each_ai_solution_to_the_questionnaire(client):
    solution, owner = ai_solution()
    client.force_login(owner)
    html = client.get("/solutions/vendor/").content.decode()
    assert f'href="/ai-risk/new/?solution={solution.pk}"' in html
