"""iCalendar (RFC 5545) for bookings, built with the `icalendar` library.

One event per booking chain: a reschedule keeps the UID and raises SEQUENCE, so calendar apps move
the event instead of adding a second one; a cancellation is METHOD:CANCEL with STATUS:CANCELLED.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar as ICalendar
from icalendar import Event, vCalAddress, vText

from .models import HOLDING_STATUSES, Booking, BookingStatus

PRODID = "-//So KH&CN//DX marketplace bookings//VI"


def _summary(booking: Booking) -> str:
    return f"Tư vấn CĐS: {booking.consultant.display_name} – {booking.enterprise.name}"


def _event(booking: Booking, *, cancelled: bool) -> Event:
    event = Event()
    event.add("uid", booking.ical_uid or f"booking-{booking.pk}@dxm-booking")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", booking.start_at.astimezone(UTC))
    event.add("dtend", booking.end_at.astimezone(UTC))
    event.add("summary", _summary(booking))
    description = booking.topic
    if booking.meeting_url:
        description += f"\n{booking.meeting_url}"
    event.add("description", description)
    if booking.location or booking.meeting_url:
        event.add("location", booking.location or booking.meeting_url)
    if cancelled:
        event.add("status", "CANCELLED")
    elif booking.status == BookingStatus.CONFIRMED:
        event.add("status", "CONFIRMED")
    else:
        event.add("status", "TENTATIVE")
    organizer = vCalAddress(f"mailto:{booking.consultant.user.email}")
    organizer.params["cn"] = vText(booking.consultant.display_name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{booking.requested_by.email}")
    attendee.params["cn"] = vText(booking.enterprise.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    return event


def _calendar(method: str | None) -> ICalendar:
    calendar = ICalendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def booking_invitation(booking: Booking) -> bytes:
    """The .ics attached to e-mails and offered for download: REQUEST while the booking holds time,
    CANCEL once it no longer does."""
    cancelled = booking.status not in HOLDING_STATUSES and booking.status not in (
        BookingStatus.HELD,
        BookingStatus.NO_SHOW,
    )
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(_event(booking, cancelled=cancelled))
    return calendar.to_ical()


def feed(bookings: Iterable[Booking], *, name: str) -> bytes:
    """A subscribable calendar (no METHOD, as RFC 5545 publishing feeds have none). A rescheduled
    booking's successor carries the same UID, so only the latest of a chain is listed."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    latest: dict[str, Booking] = {}
    for booking in bookings:
        if booking.status == BookingStatus.RESCHEDULED:
            continue
        current = latest.get(booking.ical_uid)
        if current is None or booking.sequence >= current.sequence:
            latest[booking.ical_uid] = booking
    for booking in latest.values():
        cancelled = booking.status in (BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.EXPIRED)
        calendar.add_component(_event(booking, cancelled=cancelled))
    return calendar.to_ical()
