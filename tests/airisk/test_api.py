"""The AI risk API for each role: owners classify and ask for review, the consultant asked decides,
officers read, the public reads the questionnaire and solutions' classes; attackers get 404."""

import pytest
from rest_framework.test import APIClient

from marketplace.airisk.models import ClassificationStatus
from tests.airisk.factories import CHATBOT, ai_reviewer, ai_solution, classification, requested, sme
from tests.factories import OfficerFactory, UserFactory, enterprise_owner

pytestmark = pytest.mark.django_db

BASE = "/api/v1/ai-risk/"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_questionnaire_is_public_with_its_sources_and_version():
    response = client_for().get(BASE + "questionnaire/")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1 and len(body["checksum"]) == 64
    assert body["content"]["verification"]["status"] == "unverified"
    assert all(rule["source"] for rule in body["content"]["rules"])


def test_an_sme_classifies_a_chatbot_and_requests_a_review_through_the_api():
    enterprise, owner = sme()
    reviewer = ai_reviewer()
    api = client_for(owner)
    created = api.post(
        BASE + "classifications/", {"name": "Chatbot Zalo", "enterprise": enterprise.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["guidance_only"] is True
    early = api.post(f"{BASE}classifications/{pk}/classify/")
    assert early.status_code == 400 and early.json()["code"] == "ai_classification_incomplete"
    answered = api.patch(f"{BASE}classifications/{pk}/", {"answers": CHATBOT}, format="json")
    assert answered.status_code == 200
    result = api.post(f"{BASE}classifications/{pk}/classify/")
    assert result.status_code == 200
    body = result.json()
    assert (body["status"], body["provisional_class"]) == ("provisional", "medium")
    assert body["reasons"] and "notify-portal" in [o["code"] for o in body["obligations"]]
    ticked = api.post(f"{BASE}classifications/{pk}/checklist/", {"done": ["self-classify"]}, format="json")
    assert [o["code"] for o in ticked.json()["obligations"] if o["done"]] == ["self-classify"]
    listed = client_for().get(BASE + "reviewers/").json()
    assert [row["id"] for row in listed["results"]] == [reviewer.pk]
    asked = api.post(
        f"{BASE}classifications/{pk}/request-review/",
        {"consultant": reviewer.pk, "message": "Nhờ xem"},
        format="json",
    )
    assert asked.status_code == 201 and asked.json()["status"] == "requested"
    again = api.post(
        f"{BASE}classifications/{pk}/request-review/", {"consultant": reviewer.pk}, format="json"
    )
    assert again.status_code == 409

    # the consultant asked sees it and decides
    consultant_api = client_for(reviewer.user)
    queue = consultant_api.get(BASE + "reviews/").json()["results"]
    assert [row["classification"] for row in queue] == [pk]
    decided = consultant_api.post(
        f"{BASE}reviews/{queue[0]['id']}/decide/",
        {"risk_class": "medium", "note": "Xác nhận mức trung bình."},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"
    final = api.get(f"{BASE}classifications/{pk}/").json()
    assert (final["status"], final["final_class"]) == ("reviewed", "medium")
    assert final["reviews"][0]["consultant_name"] == reviewer.display_name


def test_invalid_input_is_a_400_with_the_field_named():
    enterprise, owner = sme()
    api = client_for(owner)
    assert api.post(BASE + "classifications/", {"name": "X"}, format="json").json()["fields"].keys() >= {
        "owner"
    }
    response = api.post(BASE + "classifications/", {"name": "X", "enterprise": 2**40}, format="json")
    assert response.status_code == 400 and "enterprise" in response.json()["fields"]
    pk = api.post(
        BASE + "classifications/", {"name": "X", "enterprise": enterprise.pk}, format="json"
    ).json()["id"]
    bad = api.patch(f"{BASE}classifications/{pk}/", {"answers": {"purpose": "teleport"}}, format="json")
    assert bad.status_code == 400 and "purpose" in bad.json()["fields"]
    assert api.patch(f"{BASE}classifications/{pk}/", {"answers": "x"}, format="json").status_code == 400
    assert api.get(BASE + "classifications/?status=nope").status_code == 400
    assert api.post(f"{BASE}classifications/{pk}/checklist/", {"done": "x"}, format="json").status_code == 400


def test_another_sme_and_a_stranger_get_404_and_nothing_changes():
    made = classification(answers=CHATBOT)
    _other, stranger = sme()
    for user in (stranger, UserFactory()):
        api = client_for(user)
        assert api.get(f"{BASE}classifications/{made.pk}/").status_code == 404
        assert (
            api.patch(
                f"{BASE}classifications/{made.pk}/", {"answers": {"purpose": "content"}}, format="json"
            ).status_code
            == 404
        )
        assert api.post(f"{BASE}classifications/{made.pk}/classify/").status_code == 404
        assert (
            api.post(
                f"{BASE}classifications/{made.pk}/request-review/", {"consultant": 1}, format="json"
            ).status_code
            == 404
        )
        assert api.get(BASE + "classifications/").json()["count"] == 0
    assert client_for().get(f"{BASE}classifications/{made.pk}/").status_code == 401
    made.refresh_from_db()
    assert made.answers["purpose"] == "chatbot"


def test_a_consultant_not_asked_gets_404_and_the_one_asked_cannot_edit_answers():
    asked = ai_reviewer("Được nhờ")
    other = ai_reviewer("Không được nhờ")
    made, review = requested(asked)
    api = client_for(other.user)
    assert api.get(f"{BASE}reviews/{review.pk}/").status_code == 404
    response = api.post(
        f"{BASE}reviews/{review.pk}/decide/", {"risk_class": "low", "note": "Hạ xuống thấp."}, format="json"
    )
    assert response.status_code == 404
    assert api.get(f"{BASE}classifications/{made.pk}/").status_code == 404
    reviewer_api = client_for(asked.user)
    assert (
        reviewer_api.get(f"{BASE}classifications/{made.pk}/").status_code == 200
    )  # may read what they review
    edit = reviewer_api.patch(
        f"{BASE}classifications/{made.pk}/", {"answers": {"purpose": "content"}}, format="json"
    )
    assert edit.status_code == 404
    made.refresh_from_db()
    assert made.status == ClassificationStatus.REVIEW_REQUESTED


def test_officers_read_every_classification():
    made = classification(answers=CHATBOT)
    response = client_for(OfficerFactory()).get(f"{BASE}classifications/{made.pk}/")
    assert response.status_code == 200
    assert client_for(OfficerFactory()).post(f"{BASE}classifications/{made.pk}/classify/").status_code == 404


def test_a_solutions_class_with_who_and_when_is_public():
    solution, owner = ai_solution()
    api = client_for(owner)
    created = api.post(
        BASE + "classifications/", {"name": solution.name, "solution": solution.pk}, format="json"
    )
    assert created.status_code == 201 and created.json()["vendor"] == solution.vendor_id
    pk = created.json()["id"]
    assert client_for().get(f"{BASE}solutions/{solution.pk}/").status_code == 404  # draft: nothing shown
    api.patch(f"{BASE}classifications/{pk}/", {"answers": CHATBOT}, format="json")
    api.post(f"{BASE}classifications/{pk}/classify/")
    body = client_for().get(f"{BASE}solutions/{solution.pk}/").json()
    assert (body["risk_class"], body["reviewed"], body["by"]) == ("medium", False, solution.vendor.name)
    other, other_owner = ai_solution()
    refused = client_for(other_owner).post(
        BASE + "classifications/", {"name": "x", "solution": solution.pk}, format="json"
    )
    assert refused.status_code == 400 and "solution" in refused.json()["fields"]


def test_the_list_costs_a_constant_number_of_queries(django_assert_max_num_queries):
    enterprise, owner = sme()
    for index in range(6):
        classification(enterprise=enterprise, user=owner, name=f"Hệ thống {index}", answers=CHATBOT)
    api = client_for(owner)
    with django_assert_max_num_queries(8):
        response = api.get(BASE + "classifications/")
    assert response.json()["count"] == 6
    assert enterprise_owner(enterprise) == owner


@pytest.mark.parametrize("solution_id", ["0", "36893488147419103232", "abc"])
def test_a_solution_id_no_row_can_have_is_a_404(solution_id):
    response = client_for().get(f"{BASE}solutions/{solution_id}/")
    assert response.status_code == 404 and response.json()["code"]
