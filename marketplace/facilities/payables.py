"""A facility booking's share as something payments can settle (registered in apps.py).

The SME pays its share after support (`sme_share`, fixed when it booked, see pricing.py); the
support part is the programme's business with the centre, so what payments is asked to collect is
the share alone. Paying marks the booking paid (once)."""

from __future__ import annotations

from marketplace.core.support import SOLUTION
from marketplace.payments.registry import Due

from . import selectors, services
from .errors import NothingToPay
from .models import FacilityBooking, FacilityBookingStatus

PAYABLE_STATUSES = (FacilityBookingStatus.CONFIRMED, FacilityBookingStatus.USED)


def booking_get_for(*, user, pk) -> FacilityBooking:
    return selectors.booking_get_for(user=user, pk=pk)


def is_payable(booking: FacilityBooking) -> bool:
    return booking.status in PAYABLE_STATUSES and booking.paid_at is None and booking.sme_share > 0


def booking_due(booking: FacilityBooking) -> Due:
    if not is_payable(booking):
        raise NothingToPay()
    when = booking.start_at.astimezone(selectors.ZONE).strftime("%d/%m/%Y %H:%M")
    return Due(
        enterprise=booking.enterprise,
        description=f"{booking.facility.name} — {when}",
        price=booking.sme_share,
        support_kind=SOLUTION,
    )


def booking_paid(booking: FacilityBooking, payment) -> None:
    services.booking_mark_paid(booking=booking, payment_id=payment.pk)
