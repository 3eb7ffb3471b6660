"""Engagement factories: built through the services, so the rules hold as in production."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from consultants.bookings.models import Booking, BookingStatus
from marketplace.engagements import services
from marketplace.engagements.models import Engagement
from tests.consultants.factories import make_consultant
from tests.factories import EnterpriseFactory, enterprise_owner

START = date(2026, 3, 1)
END = date(2026, 6, 30)


def milestones(*amounts: int) -> list[dict]:
    amounts = amounts or (20_000_000, 30_000_000)
    return [
        {
            "title": f"Giai đoạn {i}",
            "due_date": (START + timedelta(days=20 * i)).isoformat(),
            "amount": amount,
        }
        for i, amount in enumerate(amounts, start=1)
    ]


def met(consultant, enterprise) -> Booking:
    """A consultation that took place: written as a row (the booking flow is tested in bookings)."""
    start = timezone.now() - timedelta(days=3)
    return Booking.objects.create(
        consultant=consultant,
        enterprise=enterprise,
        requested_by=enterprise_owner(enterprise),
        status=BookingStatus.HELD,
        start_at=start,
        end_at=start + timedelta(hours=1),
        service_mode="online",
        topic="Tư vấn chuyển đổi số",
    )


def proposal_data(*amounts: int) -> dict:
    items = milestones(*amounts)
    return {
        "scope": "Số hoá quy trình bán hàng và kho",
        "pillars": ["operations", "customers"],
        "deliverables": "Báo cáo hiện trạng; lộ trình; triển khai phần mềm kho",
        "milestones": items,
        "total": sum(m["amount"] for m in items),
        "start_date": START,
        "end_date": END,
    }


def proposed(*, consultant=None, enterprise=None, amounts=()) -> Engagement:
    consultant = consultant or make_consultant()
    enterprise = enterprise or EnterpriseFactory()
    met(consultant, enterprise)
    return services.engagement_propose(
        consultant=consultant,
        enterprise=enterprise,
        proposed_by=consultant.user,
        title="Chuyển đổi số bán hàng",
        **proposal_data(*amounts),
    )


def active(**kwargs) -> Engagement:
    engagement = proposed(**kwargs)
    services.engagement_accept(
        engagement=engagement, by=enterprise_owner(engagement.enterprise), version_number=1
    )
    engagement.refresh_from_db()
    return engagement


def delivered(engagement: Engagement, position: int = 1):
    milestone = engagement.milestones.get(position=position)
    services.milestone_deliver(milestone=milestone, by=engagement.consultant.user, note="Đã bàn giao")
    milestone.refresh_from_db()
    return milestone
