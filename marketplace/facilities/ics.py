"""iCalendar (RFC 5545) for facility bookings, built with the shared `marketplace.core.timeslots`."""

from __future__ import annotations

from marketplace.core.timeslots import Party, ics_calendar, ics_event

from .models import FacilityBooking, FacilityBookingStatus

ENDED = (FacilityBookingStatus.USED, FacilityBookingStatus.NO_SHOW)


def booking_invitation(booking: FacilityBooking) -> bytes:
    """REQUEST while the booking holds time (or it happened), CANCEL once it no longer does."""
    cancelled = not booking.is_holding and booking.status not in ENDED
    if cancelled:
        status = "CANCELLED"
    elif booking.status == FacilityBookingStatus.REQUESTED:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    facility, provider = booking.facility, booking.facility.provider
    calendar = ics_calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(
        ics_event(
            uid=booking.ical_uid,
            sequence=booking.sequence,
            start=booking.start_at,
            end=booking.end_at,
            summary=f"{facility.name} – {booking.enterprise.name}",
            description=f"{booking.purpose}\n{provider.name}",
            location=provider.address,
            status=status,
            organizer=Party(provider.email, provider.name),
            attendee=Party(booking.requested_by.email, booking.enterprise.name),
        )
    )
    return calendar.to_ical()
