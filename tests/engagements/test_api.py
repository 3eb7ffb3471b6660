"""Engagement API: propose, accept the version read, deliver, review, resolve; outsiders get 404."""

import pytest
from rest_framework.test import APIClient

from marketplace.engagements.models import Engagement, EngagementStatus, MilestoneStatus
from tests.consultants.factories import make_consultant
from tests.core.imagefiles import minimal_pdf, upload
from tests.engagements.factories import active, delivered, met, proposal_data, proposed
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def as_json(data: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def test_a_consultant_proposes_and_the_sme_accepts_the_version_it_read():
    consultant, enterprise = make_consultant(), EnterpriseFactory()
    met(consultant, enterprise)
    body = as_json(proposal_data(5_000_000, 7_000_000)) | {"enterprise": enterprise.pk, "title": "Số hoá kho"}
    created = client_for(consultant.user).post("/api/v1/engagements/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    sme = client_for(enterprise_owner(enterprise))
    answer = sme.post(f"/api/v1/engagements/{pk}/accept/", {"version": 1}, format="json")
    assert answer.status_code == 200
    data = answer.json()
    assert data["status"] == "active" and data["accepted_version"] == 1
    assert [m["amount"] for m in data["milestones"]] == [5_000_000, 7_000_000]


def test_accepting_an_older_version_is_a_409_in_the_one_error_shape():
    engagement = proposed()
    client_for(engagement.consultant.user).post(
        f"/api/v1/engagements/{engagement.pk}/revise/", as_json(proposal_data(1_000_000)), format="json"
    )
    answer = client_for(enterprise_owner(engagement.enterprise)).post(
        f"/api/v1/engagements/{engagement.pk}/accept/", {"version": 1}, format="json"
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "proposal_version_changed"
    assert set(answer.json()) == {"code", "message", "fields"}


def test_a_forged_total_is_refused_and_nothing_is_created():
    consultant, enterprise = make_consultant(), EnterpriseFactory()
    met(consultant, enterprise)
    body = as_json(proposal_data(5_000_000)) | {"enterprise": enterprise.pk, "title": "X", "total": 1}
    answer = client_for(consultant.user).post("/api/v1/engagements/", body, format="json")
    assert answer.status_code == 400 and "total" in answer.json()["fields"]
    assert not Engagement.objects.exists()


def test_another_smes_engagement_is_a_404_for_reading_and_acting():
    engagement = proposed()
    outsider = client_for(enterprise_owner(EnterpriseFactory()))
    assert outsider.get(f"/api/v1/engagements/{engagement.pk}/").status_code == 404
    assert (
        outsider.post(
            f"/api/v1/engagements/{engagement.pk}/accept/", {"version": 1}, format="json"
        ).status_code
        == 404
    )
    assert outsider.get("/api/v1/engagements/").json()["count"] == 0
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.PROPOSED


def test_a_provider_cannot_deliver_someone_elses_milestone():
    engagement = active()
    milestone = engagement.milestones.get(position=1)
    answer = client_for(make_consultant().user).post(f"/api/v1/milestones/{milestone.pk}/deliver/", {})
    assert answer.status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_delivery_with_a_file_then_dispute_then_an_officer_resolves_partly():
    engagement = active(amounts=(10_000_000,))
    milestone = engagement.milestones.get(position=1)
    delivered_answer = client_for(engagement.consultant.user).post(
        f"/api/v1/milestones/{milestone.pk}/deliver/",
        {"note": "Báo cáo", "files": [upload(minimal_pdf(), "bao-cao.pdf")]},
        format="multipart",
    )
    assert delivered_answer.status_code == 200, delivered_answer.json()
    assert delivered_answer.json()["evidence"][0]["original_name"] == "bao-cao.pdf"
    sme = client_for(enterprise_owner(engagement.enterprise))
    assert (
        sme.post(
            f"/api/v1/milestones/{milestone.pk}/dispute/", {"reason": "Thiếu"}, format="json"
        ).status_code
        == 200
    )
    resolve = {"outcome": "partial", "amount": 6_000_000, "reason": "Đạt một phần"}
    assert sme.post(f"/api/v1/milestones/{milestone.pk}/resolve/", resolve, format="json").status_code == 403
    answer = client_for(OfficerFactory()).post(
        f"/api/v1/milestones/{milestone.pk}/resolve/", resolve, format="json"
    )
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["settled_amount"]) == ("partial", 6_000_000)


def test_the_list_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    consultant = make_consultant()
    for _ in range(4):
        proposed(consultant=consultant)
    client = client_for(consultant.user)
    with django_assert_max_num_queries(6):
        answer = client.get("/api/v1/engagements/")
    assert answer.json()["count"] == 4


def test_the_sme_accepts_a_delivery_and_the_provider_records_its_e_invoice():
    engagement = active(amounts=(3_000_000,))
    milestone = delivered(engagement)
    sme = client_for(enterprise_owner(engagement.enterprise))
    assert sme.post(f"/api/v1/milestones/{milestone.pk}/accept/").status_code == 200
    answer = client_for(engagement.consultant.user).post(
        f"/api/v1/milestones/{milestone.pk}/invoice/", {"e_invoice_number": "1C26TAA-00000123"}, format="json"
    )
    assert answer.json()["e_invoice_number"] == "1C26TAA-00000123"
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED
