"""Facility test helpers: built through the services, as production does."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from marketplace.facilities import services
from marketplace.facilities.models import ProviderKind
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def provider(*, approved: bool = True, user=None):
    user = user or UserFactory()
    centre = services.provider_apply(
        user=user,
        name="Trung tâm Đổi mới sáng tạo Thử",
        kind=ProviderKind.INNOVATION_CENTRE,
        address="2 Nguyễn Văn Trị",
        email="dmst@example.vn",
    )
    if approved:
        services.provider_decide(provider=centre, officer=OfficerFactory(), approve=True)
    return centre, user


def facility(**data):
    """An AI test bench open every day 08:00–18:00 (Vietnam time) in 2-hour sessions, 400 000 đ/hour."""
    centre, user = provider()
    values = {
        "name": "Bàn thử nghiệm AI",
        "kind": "ai_test_bench",
        "description": "Máy chủ GPU và bộ dữ liệu kiểm thử.",
        "capacity": 4,
        "open_days": list(range(7)),
        "slot_minutes": 120,
        "price": 400_000,
        "price_unit": "hour",
    }
    values.update(data)
    from datetime import time

    values.setdefault("opens_at", time(8))
    values.setdefault("closes_at", time(18))
    made = services.facility_create(provider=centre, actor=user, **values)
    made.manager = user
    return made


def slot(days: int = 3, hour: int = 8) -> datetime:
    day = datetime.now(VN).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def sme():
    enterprise = EnterpriseFactory()
    return enterprise, enterprise_owner(enterprise)


def book(target, *, enterprise=None, user=None, start=None, **extra):
    if enterprise is None:
        enterprise, user = sme()
    extra.setdefault("purpose", "Thử chatbot chăm sóc khách hàng")
    return services.booking_request(
        facility=target, enterprise=enterprise, requested_by=user, start=start or slot(), **extra
    )
