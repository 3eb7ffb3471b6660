import pytest
from django.core.cache import cache

from matching import services
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner
from tests.matching.factories import basic_set, certified_consultant, submitted_assessment

pytestmark = pytest.mark.django_db


def login(api_client, user):
    api_client.force_authenticate(user)
    return api_client


@pytest.fixture
def owner_client(api_client):
    enterprise = EnterpriseFactory(sector_code="52")
    return login(api_client, enterprise_owner(enterprise)), enterprise


def test_criteria_sets_are_listed_publicly(api_client):
    response = api_client.get("/api/v1/criteria-sets/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()["results"]]
    assert "basic" in codes and "logistics" in codes


def test_criteria_set_detail_has_questions_options_and_levels(api_client):
    body = api_client.get("/api/v1/criteria-sets/basic/").json()
    assert len(body["content"]["questions"]) == 30
    assert body["content"]["questions"][0]["options"][0]["text"]
    assert body["content"]["levels"][0] == {"level": 0, "min_score": 0}


def test_a_member_starts_answers_and_submits_through_the_api(owner_client):
    client, enterprise = owner_client
    created = client.post(
        "/api/v1/assessments/", {"enterprise": enterprise.pk, "criteria_set": "basic"}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    answers = {q["code"]: q["options"][-1]["code"] for q in body["content"]["questions"]}
    answered = client.post(f"/api/v1/assessments/{body['id']}/answer/", {"answers": answers}, format="json")
    assert answered.status_code == 200
    submitted = client.post(f"/api/v1/assessments/{body['id']}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["level"] == 5
    assert submitted.json()["overall_score"] == "100.0"


def test_posting_twice_resumes_the_same_assessment(owner_client):
    client, enterprise = owner_client
    first = client.post("/api/v1/assessments/", {"enterprise": enterprise.pk}, format="json").json()
    second = client.post("/api/v1/assessments/", {"enterprise": enterprise.pk}, format="json").json()
    assert first["id"] == second["id"]


def test_an_incomplete_submission_answers_400_with_the_unanswered_questions(owner_client):
    client, enterprise = owner_client
    created = client.post("/api/v1/assessments/", {"enterprise": enterprise.pk}, format="json").json()
    response = client.post(f"/api/v1/assessments/{created['id']}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "assessment_incomplete"
    assert len(response.json()["fields"]["unanswered"]) == 30


def test_an_unknown_question_answers_400(owner_client):
    client, enterprise = owner_client
    created = client.post("/api/v1/assessments/", {"enterprise": enterprise.pk}, format="json").json()
    response = client.post(
        f"/api/v1/assessments/{created['id']}/answer/", {"answers": {"nope": "a"}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_question"


def test_an_option_of_another_question_answers_400(owner_client):
    client, enterprise = owner_client
    created = client.post("/api/v1/assessments/", {"enterprise": enterprise.pk}, format="json").json()
    response = client.post(
        f"/api/v1/assessments/{created['id']}/answer/", {"answers": {"customer-payment": "e"}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "option_not_in_question"


def test_editing_a_submitted_assessment_answers_409(api_client):
    assessment = submitted_assessment()
    client = login(api_client, enterprise_owner(assessment.enterprise))
    response = client.post(
        f"/api/v1/assessments/{assessment.pk}/answer/", {"answers": {"strategy-plan": "a"}}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "assessment_submitted"


def test_a_second_submission_answers_409(api_client):
    assessment = submitted_assessment()
    client = login(api_client, enterprise_owner(assessment.enterprise))
    response = client.post(f"/api/v1/assessments/{assessment.pk}/submit/")
    assert response.status_code == 409
    assert response.json()["code"] == "assessment_already_submitted"


def test_put_and_delete_are_not_allowed(api_client):
    assessment = submitted_assessment()
    client = login(api_client, enterprise_owner(assessment.enterprise))
    assert client.put(f"/api/v1/assessments/{assessment.pk}/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/assessments/{assessment.pk}/").status_code == 405


def test_another_enterprise_cannot_read_an_assessment(api_client):
    assessment = submitted_assessment()
    client = login(api_client, enterprise_owner(EnterpriseFactory()))
    assert client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404
    assert client.get("/api/v1/assessments/").json()["count"] == 0


def test_another_user_cannot_start_an_assessment_for_an_enterprise(api_client):
    enterprise = EnterpriseFactory()
    client = login(api_client, UserFactory())
    response = client.post("/api/v1/assessments/", {"enterprise": enterprise.pk}, format="json")
    assert response.status_code == 404


def test_an_officer_reads_but_cannot_answer(api_client):
    enterprise = EnterpriseFactory()
    draft = services.assessment_start(
        enterprise=enterprise, user=enterprise_owner(enterprise), criteria_set=basic_set()
    )
    client = login(api_client, OfficerFactory())
    assert client.get(f"/api/v1/assessments/{draft.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/assessments/{draft.pk}/answer/", {"answers": {"strategy-plan": "a"}}, format="json"
    )
    assert response.status_code == 403


def test_anonymous_users_get_401(api_client):
    assert api_client.get("/api/v1/assessments/").status_code == 401


@pytest.mark.parametrize("page_size", [2, 20])
def test_assessment_list_runs_a_constant_number_of_queries(
    api_client, django_assert_max_num_queries, page_size
):
    officer = OfficerFactory()
    for _ in range(4):
        submitted_assessment()
    client = login(api_client, officer)
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/assessments/?page_size={page_size}")
    assert response.status_code == 200


def test_invalid_filter_values_answer_400(api_client):
    client = login(api_client, OfficerFactory())
    assert client.get("/api/v1/assessments/?status=bogus").status_code == 400
    assert client.get("/api/v1/assessments/?enterprise=abc").status_code == 400
    for out_of_range in ("1e30", "99999999999999999999", "-3.49e220", "1.5", "0"):
        response = client.get(f"/api/v1/assessments/?enterprise={out_of_range}")
        assert response.status_code == 400, out_of_range
        assert "enterprise" in response.json()["fields"]


def test_recommendations_return_score_and_reasons(owner_client):
    cache.clear()
    client, enterprise = owner_client
    consultant = certified_consultant(sectors=("52",))
    submitted_assessment(enterprise, choose="min")
    body = client.get(f"/api/v1/enterprises/{enterprise.pk}/recommendations/?kind=consultant").json()
    assert body["count"] == 1
    first = body["results"][0]
    assert first["object_id"] == consultant.pk
    assert float(first["score"]) > 0
    assert first["reasons"] and {"code", "effect", "text"} <= set(first["reasons"][0])


def test_no_candidates_answers_an_empty_list_with_a_message(owner_client):
    client, enterprise = owner_client
    body = client.get(f"/api/v1/enterprises/{enterprise.pk}/recommendations/?kind=solution").json()
    assert body["results"] == [] and body["count"] == 0
    assert body["message"]


def test_an_unknown_kind_answers_400(owner_client):
    client, enterprise = owner_client
    response = client.get(f"/api/v1/enterprises/{enterprise.pk}/recommendations/?kind=vendor")
    assert response.status_code == 400


def test_outsiders_cannot_read_an_enterprise_recommendations(api_client):
    enterprise = EnterpriseFactory()
    client = login(api_client, UserFactory())
    assert client.get(f"/api/v1/enterprises/{enterprise.pk}/recommendations/").status_code == 404


def test_officers_can_read_recommendations(api_client):
    enterprise = EnterpriseFactory()
    client = login(api_client, OfficerFactory())
    assert client.get(f"/api/v1/enterprises/{enterprise.pk}/recommendations/").status_code == 200


def test_dismiss_through_the_api(owner_client):
    cache.clear()
    client, enterprise = owner_client
    consultant = certified_consultant(sectors=("52",))
    response = client.post(
        f"/api/v1/enterprises/{enterprise.pk}/recommendations/dismiss/",
        {"kind": "consultant", "object_id": consultant.pk, "reason": "Chi phí cao"},
        format="json",
    )
    assert response.status_code == 204
    body = client.get(f"/api/v1/enterprises/{enterprise.pk}/recommendations/").json()
    assert body["results"] == []
