"""The training API from each side: public, SME member, organiser, officer, and attackers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from marketplace.training import selectors
from marketplace.training.models import Event, Feedback, Seat
from tests.factories import OfficerFactory, UserFactory

from .factories import at, event, make_past, make_started, micro_sme, organiser, register, sme

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_public_lists_published_events_with_sessions_and_support():
    made, _session, _user = event(fee=400_000, rule="micro-free", pillars=["green"])
    event(publish=False, title="Nháp")
    response = client_for().get("/api/v1/training/events/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [made.pk]
    row = rows[0]
    assert row["support"]["code"] == "micro-free" and row["support"]["rates_bp"] == {"micro": 10000}
    assert row["sessions"][0]["seats_left"] == 10
    assert client_for().get("/api/v1/training/events/?pillar=data").json()["results"] == []
    assert client_for().get("/api/v1/training/events/?pillar=green&upcoming=1").json()["count"] == 1


@pytest.mark.parametrize("query", ["pillar=nope", "audience=kids", "kind=x", "managed=2", "mode=boat"])
def test_bad_filters_are_400(query):
    response = client_for().get(f"/api/v1/training/events/?{query}")
    assert response.status_code == 400 and response.json()["fields"]


def test_the_list_costs_a_constant_number_of_queries(django_assert_max_num_queries):
    for _ in range(4):
        made, session, _user = event()
        enterprise, owner = sme()
        register(session, enterprise, owner, count=2)
    with django_assert_max_num_queries(6):
        assert client_for().get("/api/v1/training/events/").status_code == 200


def test_a_draft_is_hidden_from_the_public_and_other_organisers():
    made, _session, owner_user = event(publish=False)
    _other, attacker = organiser()
    assert client_for().get(f"/api/v1/training/events/{made.pk}/").status_code == 404
    assert client_for(attacker).get(f"/api/v1/training/events/{made.pk}/").status_code == 404
    assert client_for(owner_user).get(f"/api/v1/training/events/{made.pk}/").status_code == 200
    assert client_for(owner_user).get("/api/v1/training/events/?managed=1").json()["count"] == 1


def test_an_organiser_creates_adds_a_session_and_publishes_through_the_api():
    organiser_obj, member = organiser()
    client = client_for(member)
    created = client.post(
        "/api/v1/training/events/",
        {
            "organiser": organiser_obj.pk,
            "kind": "course",
            "title": "Kế toán số",
            "audience": "core_staff",
            "pillars": ["operations"],
            "mode": "venue",
            "fee": 1_000_000,
            "support_rule": "decree80-training-half",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.post(f"/api/v1/training/events/{pk}/publish/").status_code == 400  # no session yet
    session = client.post(
        f"/api/v1/training/events/{pk}/sessions/",
        {
            "starts_at": "2030-03-01T08:00:00+07:00",
            "ends_at": "2030-03-01T11:00:00+07:00",
            "capacity": 20,
            "venue": "Hội trường A",
        },
        format="json",
    )
    assert session.status_code == 201, session.content
    published = client.post(f"/api/v1/training/events/{pk}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = client.post(f"/api/v1/training/events/{pk}/publish/")
    assert again.status_code == 409


def test_a_session_without_an_offset_or_ending_before_it_starts_is_400():
    made, _session, owner_user = event(publish=False)
    client = client_for(owner_user)
    for body in (
        {"starts_at": "2030-03-01T08:00:00", "ends_at": "2030-03-01T11:00:00", "capacity": 5, "venue": "A"},
        {
            "starts_at": "2030-03-01T08:00:00+07:00",
            "ends_at": "2030-03-01T07:00:00+07:00",
            "capacity": 5,
            "venue": "A",
        },
        {
            "starts_at": "2030-03-01T08:00:00+07:00",
            "ends_at": "2030-03-01T09:00:00+07:00",
            "capacity": 0,
            "venue": "A",
        },
    ):
        response = client.post(f"/api/v1/training/events/{made.pk}/sessions/", body, format="json")
        assert response.status_code == 400, (body, response.content)


def test_an_organiser_cannot_edit_or_publish_someone_elses_event():
    made, _session, _owner = event(publish=False)
    _other, attacker = organiser()
    client = client_for(attacker)
    assert (
        client.patch(f"/api/v1/training/events/{made.pk}/", {"title": "Hacked"}, format="json").status_code
        == 404
    )
    assert client.post(f"/api/v1/training/events/{made.pk}/publish/").status_code == 404
    assert client.post(f"/api/v1/training/events/{made.pk}/cancel/").status_code == 404
    made.refresh_from_db()
    assert (made.title, made.status) == ("Hội thảo chuyển đổi số", "draft")


def test_an_organiser_cannot_create_events_for_another_organiser():
    target, _member = organiser()
    _mine, attacker = organiser()
    body = {"organiser": target.pk, "kind": "course", "title": "X", "audience": "workers", "mode": "online"}
    assert client_for(attacker).post("/api/v1/training/events/", body, format="json").status_code == 404
    assert (
        client_for(UserFactory())
        .post("/api/v1/training/events/", {**body, "organiser": None}, format="json")
        .status_code
        == 400
    )
    assert not Event.objects.filter(title="X").exists()


def test_an_sme_registers_two_employees_and_sees_its_share():
    _made, session, _user = event(fee=500_000, rule="micro-free")
    enterprise, owner = micro_sme()
    response = client_for(owner).post(
        "/api/v1/training/seats/",
        {
            "session": session.pk,
            "enterprise": enterprise.pk,
            "attendees": [{"name": "Lan", "email": "lan@dn.vn"}, {"name": "Minh", "email": "minh@dn.vn"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    rows = response.json()
    assert [(r["status"], r["support"], r["sme_share"]) for r in rows] == [("confirmed", 500_000, 0)] * 2
    mine = client_for(owner).get("/api/v1/training/seats/").json()
    assert mine["count"] == 2


def test_registering_for_another_enterprise_or_a_missing_session_is_404():
    _made, session, _user = event()
    enterprise, _owner = sme()
    _other, attacker = sme()
    body = {
        "session": session.pk,
        "enterprise": enterprise.pk,
        "attendees": [{"name": "X", "email": "x@evil.vn"}],
    }
    assert client_for(attacker).post("/api/v1/training/seats/", body, format="json").status_code == 404
    body = {**body, "enterprise": _other.pk, "session": session.pk + 999}
    assert client_for(attacker).post("/api/v1/training/seats/", body, format="json").status_code == 404
    assert not Seat.objects.exists()


def test_another_sme_cannot_see_cancel_or_transfer_a_registration():
    _made, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    _other, attacker = sme()
    client = client_for(attacker)
    assert client.get(f"/api/v1/training/seats/{seat.pk}/").status_code == 404
    assert client.get("/api/v1/training/seats/").json()["count"] == 0
    assert client.post(f"/api/v1/training/seats/{seat.pk}/cancel/").status_code == 404
    response = client.post(
        f"/api/v1/training/seats/{seat.pk}/transfer/", {"name": "X", "email": "x@evil.vn"}, format="json"
    )
    assert response.status_code == 404
    assert client.post(f"/api/v1/training/seats/{seat.pk}/check-in/").status_code == 404
    seat.refresh_from_db()
    assert seat.status == "confirmed" and seat.checked_in_at is None


def test_the_member_cancels_and_transfers_through_the_api():
    _made, session, _user = event(capacity=1)
    enterprise, owner = sme()
    first, second = register(session, enterprise, owner, count=2)
    client = client_for(owner)
    moved = client.post(
        f"/api/v1/training/seats/{second.pk}/transfer/",
        {"name": "Bình", "email": "binh@dn.vn"},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["attendee_email"] == "binh@dn.vn"
    cancelled = client.post(f"/api/v1/training/seats/{first.pk}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get(f"/api/v1/training/seats/{second.pk}/").json()["status"] == "confirmed"
    assert client.post(f"/api/v1/training/seats/{first.pk}/cancel/").status_code == 409


def test_the_organiser_checks_in_by_token_and_by_list_and_the_certificate_verifies():
    _made, session, organiser_user = event()
    enterprise, owner = sme()
    by_token, by_list = register(session, enterprise, owner, count=2)
    make_started(session)
    client = client_for(organiser_user)
    listed = client.get(f"/api/v1/training/seats/?role=organiser&session={session.pk}")
    assert listed.status_code == 200 and listed.json()["count"] == 2
    token = selectors.check_in_token(by_token)
    assert (
        client_for(owner).post("/api/v1/training/check-in/", {"token": token}, format="json").status_code
        == 404
    )
    scanned = client.post("/api/v1/training/check-in/", {"token": token}, format="json")
    assert scanned.status_code == 200 and scanned.json()["checked_in"] is True
    ticked = client.post(f"/api/v1/training/seats/{by_list.pk}/check-in/")
    assert ticked.status_code == 200
    code = ticked.json()["certificate_code"]
    public = client_for().get(f"/api/v1/training/certificates/{code}/")
    assert public.status_code == 200 and public.json()["attendee_name"] == by_list.attendee_name
    assert client_for().get("/api/v1/training/certificates/DNT-2026-99999-A/").status_code == 404
    assert client.post("/api/v1/training/check-in/", {"token": "garbage"}, format="json").status_code == 404


def test_the_member_gives_feedback_after_the_session_and_another_sme_cannot():
    _made, session, organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    client_for(organiser_user).post(f"/api/v1/training/seats/{seat.pk}/check-in/")
    make_past(session)
    url = f"/api/v1/training/seats/{seat.pk}/feedback/"
    _other, attacker = sme()
    assert client_for(attacker).post(url, {"rating": 1}, format="json").status_code == 404
    assert client_for(owner).post(url, {"rating": 9}, format="json").status_code == 400
    assert client_for(owner).post(url, {"rating": 5, "comment": "Tốt"}, format="json").status_code == 201
    assert client_for(owner).post(url, {"rating": 4}, format="json").status_code == 409
    assert Feedback.objects.get().rating == 5


def test_organiser_applications_and_officer_decisions():
    applicant = UserFactory()
    applied = client_for(applicant).post(
        "/api/v1/training/organisers/", {"name": "Công ty Phần mềm A", "kind": "vendor"}, format="json"
    )
    assert applied.status_code == 201 and applied.json()["status"] == "pending"
    pk = applied.json()["id"]
    assert (
        client_for(applicant)
        .post(f"/api/v1/training/organisers/{pk}/decide/", {"approve": True}, format="json")
        .status_code
        == 404
    )
    assert client_for(UserFactory()).get(f"/api/v1/training/organisers/{pk}/").status_code == 404
    officer = client_for(OfficerFactory())
    assert officer.get("/api/v1/training/organisers/?status=pending").json()["count"] == 1
    rejected = officer.post(f"/api/v1/training/organisers/{pk}/decide/", {"approve": False}, format="json")
    assert rejected.status_code == 400
    approved = officer.post(f"/api/v1/training/organisers/{pk}/decide/", {"approve": True}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert (
        officer.post(
            f"/api/v1/training/organisers/{pk}/decide/", {"approve": True}, format="json"
        ).status_code
        == 409
    )


def test_anonymous_writes_are_401():
    _made, session, _user = event()
    assert client_for().post("/api/v1/training/seats/", {}, format="json").status_code == 401
    assert client_for().post("/api/v1/training/events/", {}, format="json").status_code == 401
    assert client_for().post("/api/v1/training/check-in/", {"token": "x"}, format="json").status_code == 401
    assert at(0)  # the helper stays importable for the page tests
