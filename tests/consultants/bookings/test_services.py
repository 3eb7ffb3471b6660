"""Booking services: each transition and its refusals, the slot rules, expiry, reschedule, policy."""

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consultants import services as consultant_services
from consultants.bookings import errors, selectors, services
from consultants.bookings.models import Booking, BookingStatus, Calendar
from marketplace.core.audit import audit_history
from tests.consultants.factories import certificate_of, make_consultant
from tests.factories import OfficerFactory, UserFactory

from .factories import VN, bookable_consultant, request, slot, sme

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant():
    return bookable_consultant()


def set_status(booking, status, **fields):
    Booking.objects.filter(pk=booking.pk).update(status=status, **fields)
    booking.refresh_from_db()
    return booking


def confirmed(consultant, **kwargs):
    booking = request(consultant, **kwargs)
    return services.booking_confirm(booking=booking, actor=consultant.user)


# ---- request ----


def test_a_request_holds_the_slot_and_is_audited(consultant):
    booking = request(consultant, start=slot(3, 9))
    assert booking.status == BookingStatus.REQUESTED
    assert booking.start_at == slot(3, 9) and booking.end_at == slot(3, 10)
    assert booking.hold_expires_at is not None
    assert audit_history(booking).filter(action="booking.request").count() == 1
    free = selectors.free_slots(consultant, start=slot(3, 8), end=slot(3, 12))
    assert slot(3, 9) not in free and slot(3, 8) in free and slot(3, 10) in free


def test_a_held_slot_cannot_be_requested_again_and_the_answer_offers_next_slots(consultant):
    request(consultant, start=slot(3, 9))
    with pytest.raises(errors.SlotTaken) as taken:
        request(consultant, start=slot(3, 9))
    assert taken.value.status == 409
    assert taken.value.next_slots[0] == slot(3, 10)
    assert taken.value.fields["next_slots"][0] == slot(3, 10).astimezone(UTC).isoformat()


def test_times_are_stored_in_utc(consultant):
    booking = request(consultant, start=slot(3, 9))
    stored = Booking.objects.get(pk=booking.pk)
    assert stored.start_at.utcoffset() == timedelta(0)
    assert stored.start_at.astimezone(VN).hour == 9


@pytest.mark.parametrize(
    ("start", "error"),
    [
        (lambda: timezone.now() - timedelta(hours=1), errors.TimeInPast),
        (lambda: slot(90, 9), errors.BeyondHorizon),
        (lambda: slot(3, 9, 30), errors.NotOnSlotBoundary),
        (lambda: slot(3, 20), errors.OutsideFreeHours),
        (lambda: slot(3, 9).replace(tzinfo=None), errors.NaiveTime),
    ],
)
def test_unbookable_times_are_clear_400s(consultant, start, error):
    with pytest.raises(error) as refused:
        request(consultant, start=start())
    assert refused.value.status == 400
    assert not Booking.objects.exists()


def test_a_service_mode_the_consultant_does_not_offer_is_refused(consultant):
    with pytest.raises(errors.ServiceModeNotOffered):
        request(consultant, service_mode="innovation_centre")


def test_on_site_bookings_take_the_enterprise_address(consultant):
    booking = request(consultant, service_mode="on_site")
    assert booking.location == booking.enterprise.address


def test_a_third_pending_request_for_the_same_consultant_is_refused(consultant):
    enterprise, user = sme()
    request(consultant, enterprise=enterprise, user=user, start=slot(3, 9))
    request(consultant, enterprise=enterprise, user=user, start=slot(3, 10))
    with pytest.raises(errors.TooManyPending):
        request(consultant, enterprise=enterprise, user=user, start=slot(3, 11))


def test_only_members_of_the_enterprise_can_book_for_it(consultant):
    enterprise, _owner = sme()
    with pytest.raises(errors.NotAnEnterpriseMember):
        request(consultant, enterprise=enterprise, user=UserFactory())


def test_an_uncertified_consultant_cannot_be_booked():
    consultant = make_consultant()
    with pytest.raises(errors.ConsultantNotBookable):
        request(consultant)


def test_a_suspended_consultant_cannot_be_booked(consultant):
    consultant_services.certificate_suspend(
        certificate=certificate_of(consultant), officer=OfficerFactory(), reason="Kiểm tra"
    )
    with pytest.raises(errors.ConsultantNotBookable):
        request(consultant)


def test_weekly_capacity_caps_held_hours(consultant):
    Calendar.objects.create(consultant=consultant, weekly_capacity_hours=1)
    request(consultant, start=slot(3, 9))
    with pytest.raises(errors.CapacityReached):
        request(consultant, start=slot(3, 14))


# ---- the consultant answers ----


def test_confirm_ends_the_hold_and_tells_both_sides_with_an_invitation(consultant):
    booking = request(consultant)
    mail.outbox.clear()
    with_confirmation = services.booking_confirm(
        booking=booking, actor=consultant.user, meeting_url="https://meet.example.vn/x"
    )
    assert with_confirmation.status == BookingStatus.CONFIRMED
    booking.refresh_from_db()
    assert booking.hold_expires_at is None and booking.meeting_url == "https://meet.example.vn/x"
    assert audit_history(booking).filter(action="booking.confirm").count() == 1


def test_emails_go_to_both_sides_after_commit_with_an_ics(consultant, django_capture_on_commit_callbacks):
    booking = request(consultant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(booking=booking, actor=consultant.user)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([consultant.user.email, booking.requested_by.email])
    assert all(m.attachments[0][0] == "booking.ics" for m in mail.outbox)


def test_emails_are_in_the_recipients_language(consultant, django_capture_on_commit_callbacks):
    consultant.user.preferred_language = "en"
    consultant.user.save()
    booking = request(consultant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(booking=booking, actor=consultant.user)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[consultant.user.email].startswith("Booking confirmed")
    assert subjects[booking.requested_by.email].startswith("Đã xác nhận")


def test_only_the_consultant_confirms(consultant):
    booking = request(consultant)
    with pytest.raises(errors.NotYourTurn):
        services.booking_confirm(booking=booking, actor=booking.requested_by)


def test_decline_needs_a_reason_and_frees_the_slot(consultant):
    booking = request(consultant, start=slot(3, 9))
    with pytest.raises(errors.ReasonRequired):
        services.booking_decline(booking=booking, actor=consultant.user, reason=" ")
    services.booking_decline(booking=booking, actor=consultant.user, reason="Bận việc gia đình")
    booking.refresh_from_db()
    assert (booking.status, booking.status_reason) == (BookingStatus.DECLINED, "Bận việc gia đình")
    assert slot(3, 9) in selectors.free_slots(consultant, start=slot(3, 8), end=slot(3, 12))


def test_propose_moves_the_hold_to_the_new_time(consultant):
    booking = request(consultant, start=slot(3, 9))
    services.booking_propose(booking=booking, actor=consultant.user, start=slot(4, 14), reason="Sáng bận")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PROPOSED
    assert booking.start_at == slot(4, 14)
    free = selectors.free_slots(consultant, start=slot(3, 8), end=slot(4, 17))
    assert slot(3, 9) in free and slot(4, 14) not in free


def test_the_sme_accepts_a_proposal(consultant):
    booking = request(consultant)
    services.booking_propose(booking=booking, actor=consultant.user, start=slot(4, 14))
    with pytest.raises(errors.NotYourTurn):
        services.booking_accept_proposal(booking=booking, actor=consultant.user)
    services.booking_accept_proposal(booking=booking, actor=booking.requested_by)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_the_sme_declines_a_proposal(consultant):
    booking = request(consultant)
    services.booking_propose(booking=booking, actor=consultant.user, start=slot(4, 14))
    services.booking_decline_proposal(booking=booking, actor=booking.requested_by, reason="Không phù hợp")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.DECLINED


def test_a_proposal_onto_a_held_time_is_taken(consultant):
    request(consultant, start=slot(4, 14))
    booking = request(consultant, start=slot(3, 9))
    with pytest.raises(errors.SlotTaken):
        services.booking_propose(booking=booking, actor=consultant.user, start=slot(4, 14))


# ---- refusals: each action from a state the table does not allow ----

REFUSALS = [
    ("confirm", BookingStatus.CONFIRMED, "consultant", {}),
    ("decline", BookingStatus.CANCELLED, "consultant", {"reason": "x"}),
    ("propose", BookingStatus.CONFIRMED, "consultant", {"start": None}),
    ("accept_proposal", BookingStatus.REQUESTED, "sme", {}),
    ("decline_proposal", BookingStatus.CONFIRMED, "sme", {}),
    ("cancel", BookingStatus.HELD, "sme", {"reason": "x"}),
    ("mark_held", BookingStatus.REQUESTED, "consultant", {"note": "x"}),
    ("mark_no_show", BookingStatus.CANCELLED, "consultant", {"party": "sme"}),
]


@pytest.mark.parametrize(("action", "state", "who", "extra"), REFUSALS)
def test_an_action_from_a_state_the_table_refuses(consultant, action, state, who, extra):
    booking = request(consultant, start=slot(3, 9))
    set_status(
        booking,
        state,
        start_at=booking.start_at - timedelta(days=4),
        end_at=booking.end_at - timedelta(days=4),
    )
    actor = consultant.user if who == "consultant" else booking.requested_by
    if "start" in extra:
        extra = {"start": slot(5, 10)}
    before = audit_history(booking).count()
    with pytest.raises(errors.BookingTransitionError) as refused:
        getattr(services, f"booking_{action}")(booking=booking, actor=actor, **extra)
    assert refused.value.status == 409
    assert Booking.objects.get(pk=booking.pk).status == state
    assert audit_history(booking).count() == before


def test_expiry_from_a_final_state_changes_nothing(consultant):
    booking = set_status(
        request(consultant), BookingStatus.CONFIRMED, hold_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert services.bookings_expire_holds() == 0
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


# ---- expiry ----


def test_an_unanswered_request_expires_and_frees_the_slot(consultant, django_capture_on_commit_callbacks):
    booking = request(consultant, start=slot(3, 9))
    later = booking.hold_expires_at + timedelta(seconds=1)
    assert services.bookings_expire_holds(now=later - timedelta(minutes=5)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_expire_holds(now=later) == 1
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.EXPIRED
    assert services.bookings_expire_holds(now=later) == 0  # idempotent
    assert audit_history(booking).filter(action="booking.expire").count() == 1


def test_a_hold_that_ran_out_frees_the_slot_before_the_task_runs(consultant):
    booking = request(consultant, start=slot(3, 9))
    Booking.objects.filter(pk=booking.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    free = selectors.free_slots(consultant, start=slot(3, 8), end=slot(3, 12))
    assert slot(3, 9) in free
    again = request(consultant, start=slot(3, 9))
    assert again.status == BookingStatus.REQUESTED
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.EXPIRED


def test_a_hold_never_outlives_the_slot_start(consultant):
    start = slot(1, 9)
    booking = request(consultant, start=start)
    assert booking.hold_expires_at <= start


# ---- cancel and the policy ----


def test_either_side_cancels_with_a_reason(consultant):
    booking = confirmed(consultant, start=slot(5, 9))
    with pytest.raises(errors.ReasonRequired):
        services.booking_cancel(booking=booking, actor=booking.requested_by, reason="")
    services.booking_cancel(booking=booking, actor=consultant.user, reason="Ốm")
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by, booking.cancelled_late) == (
        BookingStatus.CANCELLED,
        "consultant",
        False,
    )
    assert booking.sequence == 1


def test_a_cancellation_inside_the_policy_window_is_late(consultant, settings):
    settings.BOOKING_FREE_CANCELLATION_HOURS = 24
    booking = confirmed(consultant, start=slot(2, 9))
    services.booking_cancel(
        booking=booking,
        actor=booking.requested_by,
        reason="Đổi kế hoạch",
        now=booking.start_at - timedelta(hours=23),
    )
    booking.refresh_from_db()
    assert booking.cancelled_late and booking.cancelled_by == "sme"


def test_a_cancellation_before_the_policy_window_is_free(consultant, settings):
    settings.BOOKING_FREE_CANCELLATION_HOURS = 24
    booking = confirmed(consultant, start=slot(2, 9))
    services.booking_cancel(
        booking=booking,
        actor=booking.requested_by,
        reason="Đổi kế hoạch",
        now=booking.start_at - timedelta(hours=25),
    )
    assert not Booking.objects.get(pk=booking.pk).cancelled_late


def test_outsiders_cannot_cancel(consultant):
    booking = request(consultant)
    with pytest.raises(errors.NotYourTurn):
        services.booking_cancel(booking=booking, actor=UserFactory(), reason="x")


# ---- reschedule ----


def test_a_reschedule_holds_the_new_time_and_frees_the_old_only_when_confirmed(consultant):
    old = confirmed(consultant, start=slot(3, 9))
    new = services.booking_reschedule(booking=old, actor=old.requested_by, start=slot(4, 10))
    assert new.status == BookingStatus.REQUESTED and new.reschedule_of == old
    assert (new.ical_uid, new.sequence) == (old.ical_uid, old.sequence + 1)
    free = selectors.free_slots(consultant, start=slot(3, 8), end=slot(4, 17))
    assert slot(3, 9) not in free and slot(4, 10) not in free
    services.booking_confirm(booking=new, actor=consultant.user)
    assert Booking.objects.get(pk=old.pk).status == BookingStatus.RESCHEDULED
    free = selectors.free_slots(consultant, start=slot(3, 8), end=slot(4, 17))
    assert slot(3, 9) in free and slot(4, 10) not in free


def test_a_declined_reschedule_keeps_the_original(consultant):
    old = confirmed(consultant, start=slot(3, 9))
    new = services.booking_reschedule(booking=old, actor=old.requested_by, start=slot(4, 10))
    services.booking_decline(booking=new, actor=consultant.user, reason="Không được")
    assert Booking.objects.get(pk=old.pk).status == BookingStatus.CONFIRMED


def test_a_consultant_reschedule_is_a_proposal_the_sme_accepts(consultant):
    old = confirmed(consultant, start=slot(3, 9))
    new = services.booking_reschedule(booking=old, actor=consultant.user, start=slot(4, 10))
    assert new.status == BookingStatus.PROPOSED
    services.booking_accept_proposal(booking=new, actor=old.requested_by)
    assert Booking.objects.get(pk=old.pk).status == BookingStatus.RESCHEDULED


def test_only_a_confirmed_booking_is_rescheduled(consultant):
    booking = request(consultant)
    with pytest.raises(errors.BookingTransitionError):
        services.booking_reschedule(booking=booking, actor=booking.requested_by, start=slot(4, 10))


# ---- after the time ----


def test_the_consultant_records_held_with_a_note_after_the_start(consultant):
    booking = confirmed(consultant, start=slot(3, 9))
    with pytest.raises(errors.TooEarly):
        services.booking_mark_held(booking=booking, actor=consultant.user, note="ok")
    services.booking_mark_held(
        booking=booking,
        actor=consultant.user,
        note="Đã rà soát quy trình",
        next_step="Đề xuất gói ERP",
        now=booking.end_at,
    )
    booking.refresh_from_db()
    assert (booking.status, booking.next_step) == (BookingStatus.HELD, "Đề xuất gói ERP")


def test_the_consultant_records_a_no_show_of_either_side(consultant):
    booking = confirmed(consultant, start=slot(3, 9))
    services.booking_mark_no_show(booking=booking, actor=consultant.user, party="sme", now=booking.end_at)
    booking.refresh_from_db()
    assert (booking.status, booking.no_show_by) == (BookingStatus.NO_SHOW, "sme")


# ---- reminders, certificates, matching ----


def test_reminders_go_24h_and_1h_before_once_each(consultant, django_capture_on_commit_callbacks):
    booking = confirmed(consultant, start=slot(3, 9))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_send_reminders(now=booking.start_at - timedelta(hours=30)) == 0
        assert services.bookings_send_reminders(now=booking.start_at - timedelta(hours=23)) == 1
        assert services.bookings_send_reminders(now=booking.start_at - timedelta(hours=22)) == 0
        assert services.bookings_send_reminders(now=booking.start_at - timedelta(minutes=50)) == 1
        assert services.bookings_send_reminders(now=booking.start_at - timedelta(minutes=40)) == 0


def test_future_bookings_of_a_suspended_consultant_are_flagged_once(
    consultant, django_capture_on_commit_callbacks
):
    booking = confirmed(consultant, start=slot(3, 9))
    consultant_services.certificate_suspend(
        certificate=certificate_of(consultant), officer=OfficerFactory(), reason="Kiểm tra"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.bookings_flag_uncertified() == 1
        assert services.bookings_flag_uncertified() == 0
    assert Booking.objects.get(pk=booking.pk).flagged_reason == "certificate"
    assert len(mail.outbox) == 2


def test_free_hours_drop_while_held_and_rise_when_freed(consultant):
    now = timezone.now()
    before = selectors.free_hours(consultant, weeks=1, now=now)
    booking = request(consultant, start=slot(3, 9))
    assert selectors.free_hours(consultant, weeks=1, now=now) == before - 1
    services.booking_cancel(booking=booking, actor=booking.requested_by, reason="Thôi")
    assert selectors.free_hours(consultant, weeks=1, now=now) == before


def test_the_earliest_slot_skips_a_held_one(consultant):
    first = selectors.next_slots(consultant, count=1)[0]
    request(consultant, start=first)
    assert selectors.next_slots(consultant, count=1)[0] > first


def test_a_consultant_cannot_book_themselves(consultant):
    enterprise, _owner = sme()
    enterprise.memberships.create(user=consultant.user)
    with pytest.raises(errors.ConsultantNotBookable):
        request(consultant, enterprise=enterprise, user=consultant.user)


def test_history_lists_each_step(consultant):
    booking = confirmed(consultant)
    actions = [r.action for r in selectors.booking_history(booking)]
    assert actions == ["booking.request", "booking.confirm"]
