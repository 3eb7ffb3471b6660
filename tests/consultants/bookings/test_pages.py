"""Booking pages: the profile's "Đặt lịch" flow, both sides' lists, actions, contacts, ICS and feeds."""

from datetime import UTC

import pytest
from django.urls import reverse
from icalendar import Calendar

from consultants.bookings import services
from consultants.bookings.models import Booking, BookingStatus

from .factories import bookable_consultant, request, slot, sme

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant():
    return bookable_consultant()


def test_the_profile_offers_booking_in_vietnamese(client, consultant):
    page = client.get(consultant.get_absolute_url()).content.decode()
    assert "Đặt lịch" in page and reverse("bookings:book", args=[consultant.pk]) in page


def test_an_sme_books_from_the_page_with_a_prefilled_topic(client, consultant):
    _enterprise, user = sme()
    client.force_login(user)
    url = reverse("bookings:book", args=[consultant.pk])
    page = client.get(
        url, {"topic": "Dữ liệu và Vận hành", "day": slot(3).date().isoformat()}
    ).content.decode()
    assert 'value="Dữ liệu và Vận hành"' in page and slot(3, 9).astimezone(UTC).isoformat() in page
    response = client.post(
        url,
        {
            "start": slot(3, 9).isoformat(),
            "service_mode": "online",
            "topic": "Dữ liệu",
            "enterprise": _enterprise.pk,
        },
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert booking.start_at == slot(3, 9)


def test_a_taken_slot_shows_the_error_on_the_page(client, consultant):
    request(consultant, start=slot(3, 9))
    enterprise, user = sme()
    client.force_login(user)
    response = client.post(
        reverse("bookings:book", args=[consultant.pk]),
        {
            "start": slot(3, 9).isoformat(),
            "service_mode": "online",
            "topic": "x",
            "enterprise": enterprise.pk,
        },
    )
    assert response.status_code == 400 and "booking-error" in response.content.decode()


def test_contacts_appear_only_once_confirmed(client, consultant):
    booking = request(consultant)
    client.force_login(booking.requested_by)
    assert consultant.user.email not in client.get(booking.get_absolute_url()).content.decode()
    services.booking_confirm(booking=booking, actor=consultant.user)
    assert consultant.user.email in client.get(booking.get_absolute_url()).content.decode()


def test_the_consultant_confirms_from_the_queue(client, consultant):
    booking = request(consultant)
    client.force_login(consultant.user)
    assert booking.topic in client.get(reverse("bookings:queue")).content.decode()
    client.post(reverse("bookings:act", args=[booking.pk]), {"action": "confirm"})
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    week = client.get(reverse("bookings:agenda"), {"date": slot(3).date().isoformat(), "view": "day"})
    assert booking.topic in week.content.decode()


def test_another_sme_cannot_open_or_act_on_a_booking(client, consultant):
    booking = request(consultant)
    _enterprise, stranger = sme()
    client.force_login(stranger)
    assert client.get(booking.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("bookings:act", args=[booking.pk]), {"action": "cancel", "reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("bookings:ics", args=[booking.pk])).status_code == 404


def test_a_non_consultant_has_no_queue(client):
    _enterprise, user = sme()
    client.force_login(user)
    assert client.get(reverse("bookings:queue")).status_code == 404


def test_my_bookings_lists_upcoming_for_the_sme(client, consultant):
    booking = request(consultant)
    client.force_login(booking.requested_by)
    assert booking.topic in client.get(reverse("bookings:mine")).content.decode()


# ---- ICS and the calendar feed ----


def test_the_invitation_parses_back_with_a_stable_uid_and_sequence(client, consultant):
    booking = request(consultant, start=slot(3, 9))
    services.booking_confirm(booking=booking, actor=consultant.user)
    client.force_login(booking.requested_by)
    first = Calendar.from_ical(client.get(reverse("bookings:ics", args=[booking.pk])).content)
    event = first.walk("VEVENT")[0]
    assert str(first["METHOD"]) == "REQUEST" and str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == slot(3, 9) and int(event["SEQUENCE"]) == 0
    moved = services.booking_reschedule(booking=booking, actor=booking.requested_by, start=slot(4, 10))
    services.booking_confirm(booking=moved, actor=consultant.user)
    second = Calendar.from_ical(client.get(reverse("bookings:ics", args=[moved.pk])).content).walk("VEVENT")[
        0
    ]
    assert str(second["UID"]) == str(event["UID"]) and int(second["SEQUENCE"]) == 1
    services.booking_cancel(booking=moved, actor=consultant.user, reason="Ốm")
    cancelled = Calendar.from_ical(client.get(reverse("bookings:ics", args=[moved.pk])).content)
    assert str(cancelled["METHOD"]) == "CANCEL" and int(cancelled.walk("VEVENT")[0]["SEQUENCE"]) == 2


def test_the_feed_needs_its_token_and_a_revoked_token_stops_working(client, consultant):
    booking = request(consultant)
    services.booking_confirm(booking=booking, actor=consultant.user)
    feed = services.calendar_feed_for(user=consultant.user)
    url = reverse("bookings:feed", args=[feed.token])
    events = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [booking.ical_uid]
    assert client.get(reverse("bookings:feed", args=["not-the-token"])).status_code == 404
    services.calendar_feed_revoke(user=consultant.user)
    assert client.get(url).status_code == 404


def test_the_feed_settings_page_shows_the_private_address_and_the_policy(client, consultant):
    client.force_login(consultant.user)
    page = client.get(reverse("bookings:feed_settings")).content.decode()
    token = services.calendar_feed_for(user=consultant.user).token
    assert token in page and "24" in page
    client.post(reverse("bookings:feed_settings"), {"form": "capacity", "weekly_capacity_hours": "10"})
    assert consultant.booking_calendar.weekly_capacity_hours == 10


def test_an_sme_books_a_meeting_at_the_consultants_office(client):
    consultant = bookable_consultant(service_modes=["online", "office"])
    enterprise, user = sme()
    client.force_login(user)
    url = reverse("bookings:book", args=[consultant.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<option value="office">Tại văn phòng của chuyên gia tư vấn</option>' in page
    client.post(
        url,
        {
            "start": slot(3, 9).isoformat(),
            "service_mode": "office",
            "topic": "Dữ liệu",
            "enterprise": enterprise.pk,
        },
    )
    assert Booking.objects.get().service_mode == "office"
