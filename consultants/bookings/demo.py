"""Demo bookings in every state, between certified demo consultants and the demo enterprises.

Idempotent: nothing is added when demo bookings exist. Built through the services (past bookings
with the services' `now=`), so every row has its audit trail as in production.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from consultants import selectors as consultant_selectors
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise

from . import selectors, services
from .models import Booking

TOPICS = [
    "Số hóa quy trình bán hàng và hóa đơn điện tử",
    "Quản trị dữ liệu khách hàng",
    "Lộ trình chuyển đổi số 2026–2027",
    "Chọn phần mềm ERP cho xưởng sản xuất",
    "An toàn thông tin cơ bản",
]


def _slots(consultant, *, start, count):
    return selectors.free_slots(consultant, start=start, end=start + timedelta(days=21), limit=count)


def seed(ctx: DemoContext) -> None:
    if Booking.objects.exists():
        return
    consultants = [
        c
        for c in consultant_selectors.consultants_public().order_by("pk")[:12]
        if c.availability_rules.exists()
    ]
    enterprises = [e for e in Enterprise.objects.order_by("tax_code")[:10] if e.memberships.exists()]
    if len(consultants) < 3 or len(enterprises) < 3:
        ctx.log("  bookings: not enough certified consultants with hours or enterprises; skipped")
        return
    rng = ctx.rng("bookings")
    now = timezone.now()
    start_future = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    past_now = now - timedelta(days=21)
    made = 0
    for index, consultant in enumerate(consultants[:6]):
        future = _slots(consultant, start=start_future, count=20)
        past = _slots(
            consultant, start=past_now.replace(minute=0, second=0, microsecond=0) + timedelta(days=1), count=6
        )
        if len(future) < 12 or len(past) < 3:
            continue
        mode = consultant.service_modes[0]

        def ask(start, enterprise, at=None, consultant=consultant, mode=mode):
            user = enterprise.memberships.first().user
            return services.booking_request(
                consultant=consultant,
                enterprise=enterprise,
                requested_by=user,
                start=start,
                service_mode=mode,
                topic=rng.choice(TOPICS),
                message="Kính gửi chuyên gia, doanh nghiệp mong được tư vấn.",
                now=at,
            )

        e = [enterprises[(index + k) % len(enterprises)] for k in range(6)]
        me = consultant.user
        ask(future[0], e[0])  # requested
        proposed = ask(future[1], e[1])
        services.booking_propose(booking=proposed, actor=me, start=future[9], reason="Buổi sáng tôi bận.")
        confirmed = ask(future[2], e[2])
        services.booking_confirm(booking=confirmed, actor=me, meeting_url="https://meet.example.vn/tu-van")
        services.booking_message_post(
            booking=confirmed, author=confirmed.requested_by, body="Chúng tôi sẽ chuẩn bị số liệu bán hàng."
        )
        declined = ask(future[3], e[3])
        services.booking_decline(booking=declined, actor=me, reason="Chủ đề ngoài chuyên môn của tôi.")
        cancelled = ask(future[4], e[4])
        services.booking_confirm(booking=cancelled, actor=me)
        services.booking_cancel(
            booking=cancelled, actor=cancelled.requested_by, reason="Doanh nghiệp đổi kế hoạch."
        )
        moved = ask(future[5], e[5])
        services.booking_confirm(booking=moved, actor=me)
        new = services.booking_reschedule(booking=moved, actor=moved.requested_by, start=future[11])
        services.booking_confirm(booking=new, actor=me)  # the old one becomes "rescheduled"
        held = ask(past[0], e[0], at=past_now)
        services.booking_confirm(booking=held, actor=me)
        services.booking_mark_held(
            booking=held,
            actor=me,
            note="Đã rà soát quy trình bán hàng.",
            next_step="Đề xuất gói hóa đơn điện tử",
        )
        no_show = ask(past[1], e[1], at=past_now)
        services.booking_confirm(booking=no_show, actor=me)
        services.booking_mark_no_show(booking=no_show, actor=me, party="sme")
        ask(past[2], e[2], at=past_now)  # nobody answered: expired below
        made += 9
    made_expired = services.bookings_expire_holds()
    ctx.log(f"  bookings: {made} in every state ({made_expired} expired)")
