"""Facility bookings through the shared booking engine: holds, no overlaps, expiry, reminders, ICS,
support applied to the price, the outcome note, and the attackers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from marketplace.facilities import errors, selectors, services
from marketplace.facilities.models import FacilityBooking, FacilityBookingStatus, ProviderStatus
from marketplace.facilities.pricing import booking_split
from tests.factories import UserFactory

from .factories import book, facility, provider, slot, sme

pytestmark = pytest.mark.django_db


def test_a_booking_holds_the_session_until_the_provider_answers():
    bench = facility()
    booking = book(bench)
    assert booking.status == FacilityBookingStatus.REQUESTED
    assert booking.hold_expires_at is not None and booking.hold_expires_at <= booking.start_at
    assert booking.end_at - booking.start_at == timedelta(minutes=120)
    assert slot() not in selectors.free_slots(bench, start=slot(), end=slot() + timedelta(days=1))


def test_a_facility_that_confirms_automatically_confirms_at_once():
    room = facility(auto_confirm=True, price=0, price_unit="session")
    booking = book(room)
    assert booking.status == FacilityBookingStatus.CONFIRMED and booking.hold_expires_at is None


def test_an_overlapping_session_of_the_same_facility_is_refused_with_the_next_free_times():
    bench = facility()
    book(bench)
    with pytest.raises(errors.SlotTaken) as caught:
        book(bench)
    assert caught.value.status == 409
    assert caught.value.next_slots and slot() not in caught.value.next_slots


def test_another_facility_at_the_same_time_is_free():
    book(facility())
    assert book(facility(name="Phòng trình diễn")).status == FacilityBookingStatus.REQUESTED


@pytest.mark.parametrize(
    ("start", "error"),
    [
        (lambda: slot().replace(tzinfo=None), errors.NaiveTime),
        (lambda: timezone.now() - timedelta(hours=1), errors.TimeInPast),
        (lambda: slot(days=400), errors.BeyondHorizon),
        (lambda: slot(hour=9), errors.OutsideOpeningHours),  # not a session start (08, 10, 12...)
        (lambda: slot(hour=18), errors.OutsideOpeningHours),  # closed
    ],
)
def test_times_that_cannot_be_booked_give_a_clear_error(start, error):
    with pytest.raises(error):
        book(facility(), start=start())


def test_closed_weekdays_offer_no_sessions():
    bench = facility(open_days=[0])  # Mondays only
    slots = selectors.free_slots(bench, start=slot(days=1), end=slot(days=15))
    assert slots and all(s.weekday() == 0 for s in slots)


def test_more_people_than_the_capacity_are_refused():
    with pytest.raises(errors.TooManyPeople):
        book(facility(capacity=2), participants=3)


def test_an_unapproved_providers_facility_cannot_be_created():
    centre, user = provider(approved=False)
    with pytest.raises(errors.ProviderNotApproved):
        services.facility_create(provider=centre, actor=user, name="X", kind="lab", description="x")


def test_a_hold_that_ran_out_expires_and_frees_the_session():
    bench = facility()
    now = timezone.now()
    booking = book(bench, now=now - timedelta(hours=49))  # held 48 h from then
    assert services.bookings_expire_holds(now=now) == 1
    booking.refresh_from_db()
    assert booking.status == FacilityBookingStatus.EXPIRED
    assert services.bookings_expire_holds(now=now) == 0  # idempotent
    assert book(bench).status == FacilityBookingStatus.REQUESTED


def test_a_lapsed_hold_does_not_block_a_new_booking_even_before_the_task_runs():
    bench = facility()
    book(bench, now=timezone.now() - timedelta(hours=49))
    assert book(bench).status == FacilityBookingStatus.REQUESTED
    assert FacilityBooking.objects.filter(status=FacilityBookingStatus.EXPIRED).count() == 1


def test_reminders_go_once_24_hours_and_1_hour_before():
    bench = facility(auto_confirm=True)
    booking = book(bench)
    at = booking.start_at - timedelta(hours=23)
    assert services.bookings_send_reminders(now=at) == 1
    assert services.bookings_send_reminders(now=at) == 0
    assert services.bookings_send_reminders(now=booking.start_at - timedelta(minutes=50)) == 1


def test_emails_go_to_both_sides_after_commit_with_an_ics(django_capture_on_commit_callbacks):
    bench = facility()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(bench)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([bench.manager.email, booking.requested_by.email])
    assert all(m.attachments[0][0] == "facility.ics" for m in mail.outbox)


def test_the_ics_is_a_request_while_held_and_a_cancel_once_cancelled():
    from marketplace.facilities import ics

    booking = book(facility())
    event = Calendar.from_ical(ics.booking_invitation(booking)).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event["DTSTART"].dt == booking.start_at
    assert "Bàn thử nghiệm AI" in str(event["SUMMARY"])
    services.booking_cancel(booking=booking, actor=booking.requested_by, reason="Đổi kế hoạch")
    calendar = Calendar.from_ical(ics.booking_invitation(booking))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1


def test_support_is_applied_to_the_price_for_an_eligible_sme():
    booking = book(facility())  # 2 h × 400 000 đ
    assert booking.price == 800_000
    assert booking.support == 400_000  # 50 % under the default scheme (renting DX solutions)
    assert booking.sme_share == 400_000


def test_no_support_on_a_facility_not_eligible():
    booking = book(facility(support_eligible=False))
    assert (booking.support, booking.sme_share) == (0, 800_000)


def test_support_never_exceeds_the_schemes_cap_and_parts_add_up():
    for price in (0, 1, 999, 800_000, 10**11):
        for size in ("micro", "small", "medium", "not_sme"):
            split = booking_split(price=price, size_class=size, eligible=True)
            assert split.support + split.sme_share == price
            assert split.support <= 100_000_000
    assert booking_split(price=10**11, size_class="not_sme", eligible=True).support == 0


def test_the_enterprise_records_what_it_tried_after_the_session():
    bench = facility()
    booking = book(bench, now=timezone.now() - timedelta(days=5), start=slot(days=-2))
    services.booking_confirm(booking=booking, actor=bench.manager)
    services.booking_record_outcome(booking=booking, actor=booking.requested_by, note="Chatbot đúng 86 %")
    booking.refresh_from_db()
    assert booking.status == FacilityBookingStatus.USED and booking.outcome_note == "Chatbot đúng 86 %"


def test_the_outcome_cannot_be_recorded_before_the_session():
    bench = facility(auto_confirm=True)
    booking = book(bench)
    with pytest.raises(errors.TooEarly):
        services.booking_record_outcome(booking=booking, actor=booking.requested_by, note="x")


# ---- attackers ----


def test_another_smes_member_cannot_see_or_cancel_a_booking():
    booking = book(facility())
    _other, intruder = sme()
    with pytest.raises(errors.FacilityBookingNotFound):
        selectors.booking_get_for(user=intruder, pk=booking.pk)
    with pytest.raises(errors.NotYourTurn):
        services.booking_cancel(booking=booking, actor=intruder, reason="x")


def test_the_sme_cannot_confirm_its_own_booking():
    booking = book(facility())
    with pytest.raises(errors.NotYourTurn):
        services.booking_confirm(booking=booking, actor=booking.requested_by)


def test_another_providers_member_cannot_answer_or_edit():
    bench = facility()
    booking = book(bench)
    _centre, rival = provider()
    with pytest.raises(errors.NotYourTurn):
        services.booking_confirm(booking=booking, actor=rival)
    with pytest.raises(errors.FacilityNotFound):
        services.facility_update(facility=bench, actor=rival, price=1)
    bench.refresh_from_db()
    assert bench.price == 400_000


def test_booking_for_an_enterprise_one_is_not_a_member_of_is_refused():
    enterprise, _owner = sme()
    with pytest.raises(errors.NotAnEnterpriseMember):
        book(facility(), enterprise=enterprise, user=UserFactory())


def test_only_an_officer_decides_on_a_provider():
    centre, user = provider(approved=False)
    with pytest.raises(errors.NotYourTurn):
        services.provider_decide(provider=centre, officer=user, approve=True)
    assert centre.status == ProviderStatus.PENDING


def test_a_facility_update_with_bad_values_explains_each_field():
    bench = facility()
    with pytest.raises(errors.InvalidFacility) as caught:
        services.facility_update(facility=bench, actor=bench.manager, open_days=[9], capacity=0, price=-1)
    assert {"open_days", "capacity", "price"} <= set(caught.value.fields)
