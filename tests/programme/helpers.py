"""Hand-built records for the indicator tests, through the owning apps' services."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from consultants.bookings import services as booking_services
from matching.models import Assessment
from tests.consultants.bookings.factories import bookable_consultant, request, slot
from tests.factories import enterprise_owner
from tests.matching.factories import submitted_assessment

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=VN)


def assessed(enterprise, day: str, *, choose: str = "max") -> Assessment:
    """A submitted assessment, dated `day` (the service stamps now; history is moved by hand)."""
    assessment = submitted_assessment(enterprise, choose=choose)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=at(day))
    assessment.refresh_from_db()
    return assessment


def held_consultation(enterprise, consultant=None):
    """A consultation booked, confirmed and held (marked after its start, as the consultant does)."""
    consultant = consultant or bookable_consultant()
    booking = request(
        consultant, enterprise=enterprise, user=enterprise_owner(enterprise), start=slot(days=2)
    )
    booking_services.booking_confirm(booking=booking, actor=consultant.user)
    booking.refresh_from_db()
    return booking_services.booking_mark_held(
        booking=booking, actor=consultant.user, note="Đã tư vấn", now=booking.start_at + timedelta(hours=2)
    )


@contextmanager
def without_sources(indicator_key: str):
    """The indicator as it was before any app fed it: every source of it unregistered for the block."""
    from marketplace.programme import registry

    saved = registry._SOURCES.pop(indicator_key, None)
    try:
        yield
    finally:
        if saved is not None:
            registry._SOURCES[indicator_key] = saved
