"""Booking test helpers: built through the services, as production does."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from consultants import services as consultant_services
from consultants.bookings import services
from tests.consultants.factories import certified_consultant
from tests.factories import EnterpriseFactory, enterprise_owner

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def bookable_consultant(**data):
    """A certified, visible consultant offering 08:00–17:00 (Vietnam time) every day."""
    data.setdefault("service_modes", ["online", "on_site"])
    consultant = certified_consultant(**data)
    for weekday in range(7):
        consultant_services.availability_rule_add(
            consultant=consultant,
            actor=consultant.user,
            weekday=weekday,
            start_time=time(8),
            end_time=time(17),
        )
    return consultant


def slot(days: int = 3, hour: int = 9, minute: int = 0) -> datetime:
    """A local Vietnam time `days` from today, aware."""
    day = datetime.now(VN).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def sme():
    enterprise = EnterpriseFactory()
    return enterprise, enterprise_owner(enterprise)


def request(consultant, *, enterprise=None, user=None, start=None, **extra):
    if enterprise is None:
        enterprise, user = sme()
    extra.setdefault("service_mode", "online")
    extra.setdefault("topic", "Số hóa quy trình bán hàng")
    return services.booking_request(
        consultant=consultant, enterprise=enterprise, requested_by=user, start=start or slot(), **extra
    )
