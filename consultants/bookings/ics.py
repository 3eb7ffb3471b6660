"""iCalendar (RFC 5545) for bookings, built with `marketplace.core.timeslots` (shared with facilities).

One event per booking chain: a reschedule keeps the UID and raises SEQUENCE, so calendar apps move
the event instead of adding a second one; a cancellation is METHOD:CANCEL with STATUS:CANCELLED.
"""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.core.timeslots import Party, ics_calendar, ics_event

from .models import HOLDING_STATUSES, Booking, BookingStatus


def _summary(booking: Booking) -> str:
    return f"Tư vấn CĐS: {booking.consultant.display_name} – {booking.enterprise.name}"


def _event(booking: Booking, *, cancelled: bool):
    description = booking.topic
    if booking.meeting_url:
        description += f"\n{booking.meeting_url}"
    if cancelled:
        status = "CANCELLED"
    elif booking.status == BookingStatus.CONFIRMED:
        status = "CONFIRMED"
    else:
        status = "TENTATIVE"
    return ics_event(
        uid=booking.ical_uid or f"booking-{booking.pk}@dxm-booking",
        sequence=booking.sequence,
        start=booking.start_at,
        end=booking.end_at,
        summary=_summary(booking),
        description=description,
        location=booking.location or booking.meeting_url,
        status=status,
        organizer=Party(booking.consultant.user.email, booking.consultant.display_name),
        attendee=Party(booking.requested_by.email, booking.enterprise.name),
    )


def booking_invitation(booking: Booking) -> bytes:
    """The .ics attached to e-mails and offered for download: REQUEST while the booking holds time,
    CANCEL once it no longer does."""
    cancelled = booking.status not in HOLDING_STATUSES and booking.status not in (
        BookingStatus.HELD,
        BookingStatus.NO_SHOW,
    )
    calendar = ics_calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(_event(booking, cancelled=cancelled))
    return calendar.to_ical()


def feed(bookings: Iterable[Booking], *, name: str) -> bytes:
    """A subscribable calendar (no METHOD, as RFC 5545 publishing feeds have none). A rescheduled
    booking's successor carries the same UID, so only the latest of a chain is listed."""
    calendar = ics_calendar(None, name=name)
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
