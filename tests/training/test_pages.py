"""The training pages for each role, attackers included; phone-sized forms post and show errors."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.training import selectors
from marketplace.training.models import Event, EventStatus, Feedback, Organiser, Seat, Session
from matching import selectors as matching_selectors
from tests.factories import OfficerFactory, UserFactory
from tests.matching.factories import submitted_assessment

from .factories import event, make_past, make_started, micro_sme, organiser, register, sme

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_sees_upcoming_published_events_only():
    event(title="Khóa học công khai", pillars=["green"])
    event(publish=False, title="Bản nháp bí mật")
    page = client_for().get("/training/")
    assert page.status_code == 200
    assert "Khóa học công khai" in page.content.decode() and "Bản nháp bí mật" not in page.content.decode()
    filtered = client_for().get("/training/?pillar=data").content.decode()
    assert "Khóa học công khai" not in filtered
    assert client_for().get("/training/?pillar=%00&audience=zzz").status_code in (200, 400)


def test_an_sme_sees_its_share_and_registers_two_employees_on_the_event_page():
    made, session, _user = event(fee=500_000, rule="micro-free")
    enterprise, owner = micro_sme()
    client = client_for(owner)
    page = client.get(f"/training/events/{made.pk}/")
    assert page.status_code == 200 and 'data-testid="shares"' in page.content.decode()
    response = client.post(
        f"/training/events/{made.pk}/",
        {
            "session": session.pk,
            "enterprise": enterprise.pk,
            "name_1": "Nguyễn Lan",
            "email_1": "lan@dn.vn",
            "name_2": "Trần Minh",
            "email_2": "minh@dn.vn",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/training/mine/"
    assert list(Seat.objects.values_list("attendee_name", "sme_share")) == [
        ("Nguyễn Lan", 0),
        ("Trần Minh", 0),
    ]
    mine = client.get("/training/mine/").content.decode()
    assert "Nguyễn Lan" in mine and "Trần Minh" in mine


def test_the_register_form_shows_errors_and_refuses_another_enterprise():
    made, session, _user = event()
    enterprise, owner = sme()
    other, _other_owner = sme()
    client = client_for(owner)
    missing = client.post(
        f"/training/events/{made.pk}/", {"session": session.pk, "enterprise": enterprise.pk, "name_1": "Lan"}
    )
    assert missing.status_code == 400
    foreign = client.post(
        f"/training/events/{made.pk}/",
        {"session": session.pk, "enterprise": other.pk, "name_1": "X", "email_1": "x@dn.vn"},
    )
    assert foreign.status_code == 400
    garbled = client.post(f"/training/events/{made.pk}/", {"session": "abc", "enterprise": enterprise.pk})
    assert garbled.status_code == 404
    assert not Seat.objects.exists()


def test_a_draft_event_page_is_404_for_the_public_and_open_to_its_organiser():
    made, _session, owner_user = event(publish=False)
    assert client_for().get(f"/training/events/{made.pk}/").status_code == 404
    assert client_for(owner_user).get(f"/training/events/{made.pk}/").status_code == 200


def test_the_seat_page_shows_the_qr_code_and_is_404_for_another_sme():
    _made, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    page = client_for(owner).get(f"/training/seats/{seat.pk}/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    _other, attacker = sme()
    assert client_for(attacker).get(f"/training/seats/{seat.pk}/").status_code == 404
    assert client_for(attacker).post(f"/training/seats/{seat.pk}/", {"form": "cancel"}).status_code == 404
    seat.refresh_from_db()
    assert seat.status == "confirmed"


def test_the_member_transfers_then_cancels_on_the_seat_page():
    _made, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    client = client_for(owner)
    bad = client.post(f"/training/seats/{seat.pk}/", {"form": "transfer", "name": "Bình", "email": "nope"})
    assert bad.status_code == 400
    moved = client.post(
        f"/training/seats/{seat.pk}/", {"form": "transfer", "name": "Bình", "email": "binh@dn.vn"}
    )
    assert moved.status_code == 302
    assert Seat.objects.get(pk=seat.pk).attendee_email == "binh@dn.vn"
    assert client.post(f"/training/seats/{seat.pk}/", {"form": "cancel"}).status_code == 302
    assert Seat.objects.get(pk=seat.pk).status == "cancelled"
    assert client.post(f"/training/seats/{seat.pk}/", {"form": "cancel"}).status_code == 409
    assert client.post(f"/training/seats/{seat.pk}/", {"form": "explode"}).status_code == 400


def test_an_organiser_applies_and_an_officer_approves_on_the_pages():
    applicant = UserFactory()
    response = client_for(applicant).post(
        "/training/organise/", {"name": "Trung tâm A", "kind": "innovation_centre"}
    )
    assert response.status_code == 302
    organiser_obj = Organiser.objects.get()
    assert client_for(applicant).get("/training/officer/organisers/").status_code == 404
    assert client_for(applicant).get("/training/organise/new/").status_code == 404
    officer = client_for(OfficerFactory())
    assert officer.get("/training/officer/organisers/").status_code == 200
    reject_without_reason = officer.post(
        "/training/officer/organisers/", {"organiser": organiser_obj.pk, "decision": "reject", "reason": ""}
    )
    assert reject_without_reason.status_code == 400
    approved = officer.post(
        "/training/officer/organisers/", {"organiser": organiser_obj.pk, "decision": "approve"}
    )
    assert approved.status_code == 302
    assert client_for(applicant).get("/training/organise/new/").status_code == 200


def test_an_organiser_creates_adds_a_session_publishes_and_ticks_attendees_on_the_pages():
    organiser_obj, member = organiser()
    client = client_for(member)
    created = client.post(
        "/training/organise/new/",
        {
            "organiser": organiser_obj.pk,
            "kind": "workshop",
            "title": "Hội thảo bán hàng online",
            "audience": "workers",
            "pillars": ["customer"],
            "mode": "venue",
            "fee": "1,2 triệu",
            "support_rule": "decree80-training-half",
            "language": "vi",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    made = Event.objects.get()
    assert made.fee == 1_200_000
    session_page = client.post(
        f"/training/organise/events/{made.pk}/",
        {
            "form": "session",
            "day": "2030-05-04",
            "start": "08:00",
            "end": "11:30",
            "time_zone": "Asia/Ho_Chi_Minh",
            "venue": "Hội trường B",
            "capacity": "20",
        },
    )
    assert session_page.status_code == 302
    session = Session.objects.get()
    assert session.starts_at.isoformat() == "2030-05-04T01:00:00+00:00"
    backwards = client.post(
        f"/training/organise/events/{made.pk}/",
        {
            "form": "session",
            "day": "2030-05-04",
            "start": "11:00",
            "end": "08:00",
            "time_zone": "Asia/Ho_Chi_Minh",
            "venue": "B",
            "capacity": "20",
        },
    )
    assert backwards.status_code == 400
    assert client.post(f"/training/organise/events/{made.pk}/", {"form": "publish"}).status_code == 302
    assert Event.objects.get().status == EventStatus.PUBLISHED
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    ticked = client.post(f"/training/organise/events/{made.pk}/", {"form": "check_in", "seat": seat.pk})
    assert ticked.status_code == 302
    assert Seat.objects.get(pk=seat.pk).certificate_code


def test_another_organiser_cannot_open_or_change_the_event():
    made, session, _owner = event(publish=False)
    _other, attacker = organiser()
    client = client_for(attacker)
    assert client.get(f"/training/organise/events/{made.pk}/").status_code == 404
    assert client.post(f"/training/organise/events/{made.pk}/", {"form": "publish"}).status_code == 404
    assert (
        client.post(f"/training/organise/events/{made.pk}/", {"form": "edit", "title": "Hacked"}).status_code
        == 404
    )
    made.refresh_from_db()
    assert made.status == "draft"


def test_the_qr_code_opens_the_check_in_page_for_the_organiser_only():
    _made, session, organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    url = f"/training/check-in/{selectors.check_in_token(seat)}/"
    assert client_for(owner).get(url).status_code == 404
    assert client_for().get(url).status_code == 302  # to the log-in
    assert client_for(organiser_user).get("/training/check-in/forged/").status_code == 404
    page = client_for(organiser_user).get(url)
    assert page.status_code == 200 and seat.attendee_name in page.content.decode()
    assert client_for(organiser_user).post(url).status_code == 302
    seat.refresh_from_db()
    certificate = client_for().get(f"/training/certificates/{seat.certificate_code}/")
    assert certificate.status_code == 200 and seat.attendee_name in certificate.content.decode()
    lookup = client_for().get("/training/certificates/", {"code": seat.certificate_code.lower()})
    assert lookup.status_code == 302
    assert client_for().get("/training/certificates/DNT-2026-00001-A/").status_code == 404


def test_the_feedback_page_after_the_session():
    _made, session, organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    client_for(organiser_user).post(f"/training/check-in/{selectors.check_in_token(seat)}/")
    make_past(session)
    mine = client_for(owner).get("/training/mine/").content.decode()
    url = f"/training/feedback/{selectors.feedback_token(seat)}/"
    assert url in mine
    assert client_for().post(url, {"rating": "9"}).status_code == 400
    assert client_for().post(url, {"rating": "4", "comment": "Hay"}).status_code == 200
    assert Feedback.objects.get().rating == 4
    assert client_for().post(url, {"rating": "5"}).status_code == 409
    assert client_for().get("/training/feedback/forged/").status_code == 404


def test_the_roadmap_points_to_upcoming_courses_on_weak_pillars():
    assessment = submitted_assessment(choose="min")
    owner = assessment.enterprise.memberships.get().user
    steps_pillars = ["strategy", "customer", "operations", "infrastructure", "data", "culture", "green"]
    made, _session, _user = event(title="Khóa học cho trụ cột yếu", pillars=steps_pillars)
    page = client_for(owner).get(f"/assessments/{assessment.pk}/roadmap/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="pillar-offers"' in body and f"/training/events/{made.pk}/" in body


def test_the_recommendations_point_to_courses_on_the_two_weakest_pillars_only():
    assessment = submitted_assessment(choose="min")
    owner = assessment.enterprise.memberships.get().user
    weakest = [p.code for p in matching_selectors.assessment_result(assessment).weakest]
    strongest = next(
        p.code for p in matching_selectors.assessment_result(assessment).pillars if p.code not in weakest
    )
    on_weak, _s, _u = event(title="Khóa học cho trụ cột yếu", pillars=weakest[:1])
    elsewhere, _s, _u = event(title="Khóa học trụ cột khác", pillars=[strongest])
    page = client_for(owner).get("/assessments/recommendations/", {"enterprise": assessment.enterprise_id})
    assert page.status_code == 200
    body = page.content.decode()
    assert f"/training/events/{on_weak.pk}/" in body
    assert f"/training/events/{elsewhere.pk}/" not in body


def test_pages_are_vietnamese_first():
    event(title="Khóa học")
    body = client_for().get("/training/").content.decode()
    assert "Đào tạo và sự kiện" in body
    make_past  # noqa: B018 - imported for the feedback test above


def test_a_session_shows_its_times_in_its_own_time_zone_across_a_dst_change():
    import datetime as dt
    import zoneinfo

    from marketplace.training import services

    made, _session, owner_user = event()
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    # on 31 March 2030 Berlin clocks go forward at 02:00: 08:00 that day is UTC+2 (13:00 in Vietnam)
    start = dt.datetime(2030, 3, 31, 8, 0, tzinfo=berlin)
    services.session_add(
        event=made,
        user=owner_user,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        capacity=5,
        time_zone="Europe/Berlin",
        venue="Berlin",
    )
    body = client_for().get(f"/training/events/{made.pk}/").content.decode()
    assert "08:00" in body and "11:00" in body and "13:00" not in body
    assert "Europe/Berlin" in body
