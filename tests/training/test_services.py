"""Training services: capacity, waiting list, cancel, transfer, check-in, certificates, feedback,
support applied to the fee, organiser approval and who may edit an event."""

from __future__ import annotations

import pytest

from consultants.codes import canonical
from marketplace.core.errors import DomainError, NotFound
from marketplace.training import fees, selectors, services
from marketplace.training.errors import (
    AlreadyRegistered,
    CheckInRefused,
    EventNotFound,
    FeedbackRefused,
    InvalidEventInput,
    NotOpen,
    OrganiserNotFound,
    SeatNotFound,
    SeatStateConflict,
)
from marketplace.training.models import EventStatus, OrganiserStatus, Seat, SeatStatus
from tests.factories import OfficerFactory, UserFactory

from .factories import event, make_past, make_started, micro_sme, organiser, register, sme

pytestmark = pytest.mark.django_db


def statuses(session):
    return list(session.seats.order_by("queued_at", "pk").values_list("attendee_email", "status"))


def test_seats_are_confirmed_up_to_capacity_then_wait_in_order():
    _event, session, _user = event(capacity=3)
    enterprise, owner = sme()
    seats = register(session, enterprise, owner, count=5)
    assert [s.status for s in seats] == ["confirmed"] * 3 + ["waiting"] * 2
    assert selectors.waiting_position(seats[3]) == 1
    assert selectors.waiting_position(seats[4]) == 2


def test_a_later_registration_waits_behind_the_waiting_list_even_when_a_seat_frees():
    _event, session, _user = event(capacity=1)
    first, first_owner = sme()
    second, second_owner = sme()
    (confirmed,) = register(session, first, first_owner)
    (waiting,) = register(session, second, second_owner)
    services.seat_cancel(seat=confirmed, user=first_owner)
    waiting.refresh_from_db()
    assert waiting.status == SeatStatus.CONFIRMED
    third, third_owner = sme()
    (late,) = register(session, third, third_owner)
    assert late.status == SeatStatus.WAITING


def test_cancelling_a_confirmed_seat_promotes_the_first_waiting_one():
    _event, session, _user = event(capacity=2)
    enterprise, owner = sme()
    seats = register(session, enterprise, owner, count=4)
    services.seat_cancel(seat=seats[0], user=owner)
    assert [Seat.objects.get(pk=s.pk).status for s in seats] == [
        "cancelled",
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert selectors.waiting_position(Seat.objects.get(pk=seats[3].pk)) == 1


def test_cancelling_a_waiting_place_promotes_no_one():
    _event, session, _user = event(capacity=1)
    enterprise, owner = sme()
    seats = register(session, enterprise, owner, count=3)
    services.seat_cancel(seat=seats[1], user=owner)
    assert [Seat.objects.get(pk=s.pk).status for s in seats] == ["confirmed", "cancelled", "waiting"]


def test_a_seat_cannot_be_cancelled_twice():
    _event, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    services.seat_cancel(seat=seat, user=owner)
    with pytest.raises(SeatStateConflict):
        services.seat_cancel(seat=seat, user=owner)


def test_one_person_holds_one_place_per_session():
    _event, session, _user = event()
    enterprise, owner = sme()
    services.seats_register(
        session=session, enterprise=enterprise, user=owner, attendees=[("Lan", "lan@dn.vn")]
    )
    with pytest.raises(AlreadyRegistered):
        services.seats_register(
            session=session, enterprise=enterprise, user=owner, attendees=[("Lan", "LAN@dn.vn")]
        )


def test_the_same_person_twice_in_one_request_is_refused():
    _event, session, _user = event()
    enterprise, owner = sme()
    with pytest.raises(InvalidEventInput) as error:
        services.seats_register(
            session=session,
            enterprise=enterprise,
            user=owner,
            attendees=[("Lan", "lan@dn.vn"), ("Lan B", "lan@dn.vn")],
        )
    assert "attendees" in error.value.fields


@pytest.mark.parametrize(
    "attendees",
    [[], [("", "a@dn.vn")], [("Lan", "not-an-email")], [("Lan", f"n{i}@dn.vn") for i in range(21)]],
)
def test_bad_attendee_lists_are_refused_with_a_field_error(attendees):
    _event, session, _user = event()
    enterprise, owner = sme()
    with pytest.raises(InvalidEventInput):
        services.seats_register(session=session, enterprise=enterprise, user=owner, attendees=attendees)
    assert not Seat.objects.exists()


def test_registration_is_closed_for_drafts_and_sessions_that_started():
    _event, draft_session, _user = event(publish=False)
    enterprise, owner = sme()
    with pytest.raises(NotOpen):
        register(draft_session, enterprise, owner)
    _event, session, _user = event()
    make_started(session)
    with pytest.raises(NotOpen):
        register(session, enterprise, owner)


def test_an_outsider_cannot_register_for_another_enterprise():
    _event, session, _user = event()
    enterprise, _owner = sme()
    _other, outsider = sme()
    with pytest.raises(NotFound):
        register(session, enterprise, outsider)


def test_a_seat_is_transferred_to_another_employee_keeping_its_place():
    _event, session, _user = event(capacity=1)
    enterprise, owner = sme()
    seats = register(session, enterprise, owner, count=2)
    moved = services.seat_transfer(seat=seats[1], user=owner, name="Trần Bình", email="binh@dn.vn")
    assert (moved.attendee_name, moved.attendee_email, moved.status) == ("Trần Bình", "binh@dn.vn", "waiting")
    assert moved.enterprise == enterprise
    assert selectors.waiting_position(moved) == 1


def test_a_seat_cannot_be_transferred_to_someone_already_registered():
    _event, session, _user = event()
    enterprise, owner = sme()
    seats = register(session, enterprise, owner, count=2)
    with pytest.raises(AlreadyRegistered):
        services.seat_transfer(seat=seats[0], user=owner, name="X", email=seats[1].attendee_email)


def test_another_enterprise_cannot_see_cancel_or_transfer_a_seat():
    _event, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    _other, attacker = sme()
    assert not selectors.seats_of(attacker).filter(pk=seat.pk).exists()
    with pytest.raises(SeatNotFound):
        services.seat_cancel(seat=seat, user=attacker)
    with pytest.raises(SeatNotFound):
        services.seat_transfer(seat=seat, user=attacker, name="Kẻ lạ", email="x@evil.vn")
    seat.refresh_from_db()
    assert (seat.status, seat.attendee_email) == ("confirmed", f"nv0@e{enterprise.pk}.vn")


def test_check_in_issues_a_certificate_that_verifies():
    _event, session, organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    seat = services.seat_check_in(seat=seat, user=organiser_user)
    assert seat.checked_in_at is not None and seat.checked_in_by == organiser_user
    assert seat.certificate_code.startswith("DNT-")
    assert canonical(seat.certificate_code) == seat.certificate_code
    messy = seat.certificate_code.lower().replace("-", " ")
    assert selectors.certificate_lookup(messy) == seat


def test_checking_in_twice_changes_nothing():
    _event, session, organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    first = services.seat_check_in(seat=seat, user=organiser_user)
    again = services.seat_check_in(seat=seat, user=organiser_user)
    assert (again.checked_in_at, again.certificate_code) == (first.checked_in_at, first.certificate_code)


def test_a_mistyped_certificate_code_does_not_verify():
    _event, session, organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    code = services.seat_check_in(seat=seat, user=organiser_user).certificate_code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert selectors.certificate_lookup(wrong) is None
    assert selectors.certificate_lookup("") is None
    assert selectors.certificate_lookup("x" * 500) is None


def test_a_waiting_place_cannot_be_checked_in():
    _event, session, organiser_user = event(capacity=1)
    enterprise, owner = sme()
    _seat, waiting = register(session, enterprise, owner, count=2)
    make_started(session)
    with pytest.raises(CheckInRefused):
        services.seat_check_in(seat=waiting, user=organiser_user)


def test_check_in_is_refused_a_week_before_the_session():
    _event, session, organiser_user = event(starts_in=24 * 7)
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    with pytest.raises(CheckInRefused):
        services.seat_check_in(seat=seat, user=organiser_user)


def test_another_organiser_cannot_check_in_an_attendee():
    _event, session, _organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    _other, attacker = organiser()
    with pytest.raises(NotFound):
        services.seat_check_in(seat=seat, user=attacker)
    with pytest.raises(NotFound):
        services.seat_check_in(seat=seat, user=owner)


def test_the_check_in_token_is_signed():
    _event, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    token = selectors.check_in_token(seat)
    assert selectors.seat_from_check_in_token(token) == seat
    for bad in ("", token + "x", selectors.feedback_token(seat), "1"):
        with pytest.raises(DomainError):
            selectors.seat_from_check_in_token(bad)


def test_feedback_after_the_session_once_for_attendees_checked_in():
    _event, session, organiser_user = event()
    enterprise, owner = sme()
    attended, absent = register(session, enterprise, owner, count=2)
    make_started(session)
    attended = services.seat_check_in(seat=attended, user=organiser_user)
    with pytest.raises(FeedbackRefused):  # not over yet
        services.feedback_submit(seat=attended, rating=5)
    make_past(session)
    attended.refresh_from_db()
    feedback = services.feedback_submit(seat=attended, rating=4, comment="Hữu ích")
    assert (feedback.rating, feedback.comment) == (4, "Hữu ích")
    with pytest.raises(FeedbackRefused):
        services.feedback_submit(seat=attended, rating=5)
    absent.refresh_from_db()
    with pytest.raises(FeedbackRefused):
        services.feedback_submit(seat=absent, rating=5)


@pytest.mark.parametrize("rating", [0, 6, True, "5"])
def test_feedback_rating_is_one_to_five(rating):
    _event, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    with pytest.raises(InvalidEventInput):
        services.feedback_submit(seat=seat, rating=rating)


def test_the_fee_is_fully_supported_for_a_micro_enterprise_and_not_for_a_small_one():
    _event, session, _user = event(fee=500_000, rule="micro-free")
    micro, micro_owner = micro_sme()
    small, small_owner = sme()
    assert micro.size_class == "micro" and small.size_class == "small"
    (micro_seat,) = register(session, micro, micro_owner)
    (small_seat,) = register(session, small, small_owner)
    assert (micro_seat.fee, micro_seat.support, micro_seat.sme_share) == (500_000, 500_000, 0)
    assert (small_seat.fee, small_seat.support, small_seat.sme_share) == (500_000, 0, 500_000)


def test_half_support_rounds_down_to_whole_dong_and_the_parts_add_up():
    split = fees.split(fee=333_333, rule_code="decree80-training-half", size_class="small")
    assert (split.support, split.sme_share) == (166_666, 166_667)
    assert fees.split(fee=0, rule_code="micro-free", size_class="micro").support == 0
    assert fees.split(fee=100, rule_code="unknown", size_class="micro").support == 0


def test_every_support_rule_names_its_source():
    assert all(rule.source and rule.name_vi and rule.name_en for rule in fees.rules().values())


def test_an_organiser_publishes_only_once_approved():
    pending, member = organiser(approved=False)
    assert pending.status == OrganiserStatus.PENDING
    with pytest.raises(OrganiserNotFound):
        services.event_create(
            user=member, organiser=pending, kind="course", title="X", audience="workers", mode="online"
        )
    officer = OfficerFactory()
    services.organiser_decide(organiser=pending, officer=officer, approve=True)
    made = services.event_create(
        user=member, organiser=pending, kind="course", title="X", audience="workers", mode="online"
    )
    assert made.status == EventStatus.DRAFT


def test_only_officers_decide_and_a_rejection_needs_a_reason():
    pending, member = organiser(approved=False)
    with pytest.raises(OrganiserNotFound):
        services.organiser_decide(organiser=pending, officer=member, approve=True)
    with pytest.raises(InvalidEventInput):
        services.organiser_decide(organiser=pending, officer=OfficerFactory(), approve=False, reason=" ")


def test_a_user_without_an_approved_organiser_cannot_create_events():
    with pytest.raises(InvalidEventInput):
        services.event_create(user=UserFactory(), kind="course", title="X", audience="workers", mode="online")


def test_an_organiser_cannot_edit_publish_or_cancel_someone_elses_event():
    made, _session, _owner = event(publish=False)
    _other, attacker = organiser()
    for call in (
        lambda: services.event_update(event=made, user=attacker, title="Hacked"),
        lambda: services.event_publish(event=made, user=attacker),
        lambda: services.event_cancel(event=made, user=attacker),
        lambda: services.session_add(
            event=made,
            user=attacker,
            starts_at=made.sessions.get().starts_at,
            ends_at=made.sessions.get().ends_at,
            capacity=3,
            venue="x",
        ),
    ):
        with pytest.raises(EventNotFound):
            call()
    made.refresh_from_db()
    assert (made.title, made.status, made.sessions.count()) == ("Hội thảo chuyển đổi số", "draft", 1)


def test_an_officer_edits_any_event():
    made, _session, _owner = event()
    updated = services.event_update(event=made, user=OfficerFactory(), title="Tên mới")
    assert updated.title == "Tên mới"


def test_publishing_needs_a_session():
    organiser_obj, member = organiser()
    made = services.event_create(
        user=member, organiser=organiser_obj, kind="course", title="X", audience="workers", mode="online"
    )
    with pytest.raises(InvalidEventInput):
        services.event_publish(event=made, user=member)


def test_cancelling_an_event_cancels_its_seats():
    made, session, owner_user = event()
    enterprise, owner = sme()
    seats = register(session, enterprise, owner, count=2)
    services.event_cancel(event=made, user=owner_user)
    assert {Seat.objects.get(pk=s.pk).status for s in seats} == {"cancelled"}


@pytest.mark.parametrize(
    "fields",
    [
        {"fee": -1},
        {"fee": 1.5},
        {"pillars": ["nope"]},
        {"pillars": "data"},
        {"kind": "party"},
        {"support_rule": "free-for-all"},
        {"title": ""},
        {"language": "fr"},
    ],
)
def test_event_fields_are_validated(fields):
    made, _session, owner_user = event(publish=False)
    with pytest.raises(InvalidEventInput):
        services.event_update(event=made, user=owner_user, **fields)


def test_session_times_and_capacity_are_validated():
    import datetime as dt

    made, session, owner_user = event(publish=False)
    start = session.starts_at
    bad = [
        {"starts_at": start, "ends_at": start, "capacity": 5, "venue": "x"},
        {"starts_at": start, "ends_at": start + dt.timedelta(hours=1), "capacity": 0, "venue": "x"},
        {
            "starts_at": start.replace(tzinfo=None),
            "ends_at": start + dt.timedelta(hours=1),
            "capacity": 5,
            "venue": "x",
        },
        {"starts_at": start, "ends_at": start + dt.timedelta(hours=1), "capacity": 5, "venue": ""},
        {
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=1),
            "capacity": 5,
            "venue": "x",
            "time_zone": "Mars/Base",
        },
    ]
    for values in bad:
        with pytest.raises(InvalidEventInput):
            services.session_add(event=made, user=owner_user, **values)


def test_upcoming_for_pillars_lists_published_sessions_to_come_on_each_pillar():
    made, session, _user = event(pillars=["data"])
    event(publish=False, pillars=["data"])  # a draft is not offered
    past, past_session, _u = event(pillars=["data"])
    make_past(past_session)
    found = selectors.upcoming_for_pillars(["data", "green"])
    assert found == {"data": [session], "green": []}


def test_the_roadmap_hook_offers_upcoming_courses_per_pillar():
    from marketplace.core import pillar_offers

    made, _session, _user = event(pillars=["green"], title="Sản xuất xanh")
    offers = pillar_offers.for_pillars(["green", "data"])
    assert [o.label for o in offers["green"]] == ["Sản xuất xanh"]
    assert offers["green"][0].url == f"/training/events/{made.pk}/"
    assert "data" not in offers


def test_next_actions_ask_officers_to_decide_and_members_to_rate():
    from marketplace.core import next_actions

    organiser(approved=False)
    officer = OfficerFactory()
    keys = [a.key for a in next_actions.for_role(officer, "officer")]
    assert "training.organisers_to_decide" in keys
    _event, session, organiser_user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_started(session)
    services.seat_check_in(seat=seat, user=organiser_user)
    make_past(session)
    (action,) = [a for a in next_actions.for_role(owner, "sme") if a.key == "training.feedback_to_give"]
    assert action.count == 1 and action.url == "/training/mine/"
    seat.refresh_from_db()
    services.feedback_submit(seat=seat, rating=5)
    assert not [a for a in next_actions.for_role(owner, "sme") if a.key == "training.feedback_to_give"]
    _other, stranger = sme()
    assert not [a for a in next_actions.for_role(stranger, "sme") if a.key == "training.feedback_to_give"]


def test_seats_of_an_ended_session_can_no_longer_be_cancelled_or_transferred():
    _event, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    make_past(session)
    with pytest.raises(SeatStateConflict):
        services.seat_cancel(seat=seat, user=owner)
    with pytest.raises(SeatStateConflict):
        services.seat_transfer(seat=seat, user=owner, name="Bình", email="binh@dn.vn")
