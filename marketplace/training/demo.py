"""Demo training: organisers (approved, waiting, rejected) and events in every state — a draft, published
courses with seats, a full workshop with a waiting list, a past course with attendance, certificates
and feedback, a cancelled event. Written through the services; idempotent (nothing is added once
events exist). Past sessions are made by registering and checking in on a session about to start,
then moving the session (and the check-in) back in time, since the services refuse both for the past.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from marketplace.accounts.models import OfficerMembership, User
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise

from . import services
from .models import Audience, Event, EventKind, Mode, OrganiserKind, Seat, Session

ORGANISER_EMAIL = "daotao@demo.ttdmst.vn"
ATTENDEES = [
    "Nguyễn Thị Lan",
    "Trần Văn Minh",
    "Lê Hoàng Nam",
    "Phạm Thu Hà",
    "Võ Quốc Bảo",
    "Đặng Ngọc Ánh",
    "Bùi Đức Thịnh",
    "Huỳnh Mai Phương",
]
VENUE = "Trung tâm Đổi mới sáng tạo Đồng Nai, 1 Nguyễn Ái Quốc, phường Trấn Biên"


def _user(email: str, name: str, ctx: DemoContext) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(ctx.password)
        user.save(update_fields=["password"])
    return user


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _attendees(enterprise: Enterprise, start: int, count: int) -> list[tuple[str, str]]:
    people = []
    for index in range(start, start + count):
        name = ATTENDEES[index % len(ATTENDEES)]
        people.append((name, f"nv{index + 1}.{enterprise.tax_code}@demo.doanhnghiep.vn"))
    return people


def _member(enterprise: Enterprise) -> User:
    return enterprise.memberships.select_related("user").order_by("pk").first().user


def seed(ctx: DemoContext) -> None:
    if Event.objects.exists():
        return
    officer_row = OfficerMembership.objects.select_related("user").order_by("pk").first()
    enterprises = [e for e in Enterprise.objects.order_by("tax_code") if e.memberships.exists()][:4]
    if officer_row is None or len(enterprises) < 2:
        return
    officer = officer_row.user
    organiser_user = _user(ORGANISER_EMAIL, "Trung tâm ĐMST Đồng Nai", ctx)
    ctx.add_login("organiser", ORGANISER_EMAIL)
    centre = services.organiser_apply(
        user=organiser_user,
        name="Trung tâm Đổi mới sáng tạo Đồng Nai",
        kind=OrganiserKind.INNOVATION_CENTRE,
        about="Đào tạo, hội thảo và cuộc thi về chuyển đổi số cho doanh nghiệp nhỏ và vừa.",
    )
    services.organiser_decide(organiser=centre, officer=officer, approve=True)
    vendor_user = _user("daotao@demo.nhacungcap.vn", "Công ty CP Phần mềm Sao Việt", ctx)
    services.organiser_apply(
        user=vendor_user,
        name="Công ty CP Phần mềm Sao Việt",
        kind=OrganiserKind.VENDOR,
        about="Tập huấn sử dụng phần mềm hóa đơn điện tử và bán hàng.",
    )
    rejected = services.organiser_apply(
        user=_user("hoithao@demo.sukien.vn", "Công ty Sự kiện Nhanh", ctx),
        name="Công ty Sự kiện Nhanh",
        kind=OrganiserKind.VENDOR,
    )
    services.organiser_decide(
        organiser=rejected,
        officer=officer,
        approve=False,
        reason="Không phải khóa đào tạo về sản phẩm của công ty.",
    )

    def event(user, organiser, days, hour, capacity, **fields):
        created = services.event_create(user=user, organiser=organiser, **fields)
        services.session_add(
            event=created,
            user=user,
            starts_at=_at(days, hour),
            ends_at=_at(days, hour + 3),
            capacity=capacity,
            venue=VENUE if fields["mode"] == Mode.VENUE else "",
            online_url="https://hop.dongnai.gov.vn/dao-tao" if fields["mode"] == Mode.ONLINE else "",
        )
        return created

    # a draft
    event(
        organiser_user,
        centre,
        30,
        8,
        40,
        kind=EventKind.WORKSHOP,
        title="Hội thảo: Dữ liệu khách hàng cho cửa hàng bán lẻ",
        audience=Audience.CORE_STAFF,
        pillars=["data", "customer"],
        mode=Mode.VENUE,
        fee=0,
    )
    # published, with seats
    leaders = event(
        officer,
        None,
        10,
        8,
        30,
        kind=EventKind.COURSE,
        title="Chuyển đổi số cho lãnh đạo doanh nghiệp nhỏ và vừa",
        summary="Khóa học hai buổi: xây dựng chiến lược và lộ trình chuyển đổi số, đo lường hiệu quả.",
        audience=Audience.EXECUTIVES,
        pillars=["strategy", "culture"],
        mode=Mode.VENUE,
        fee=2_000_000,
        support_rule="decree80-training-half",
    )
    services.event_publish(event=leaders, user=officer)
    session = leaders.sessions.get()
    for index, enterprise in enumerate(enterprises[:3]):
        services.seats_register(
            session=session,
            enterprise=enterprise,
            user=_member(enterprise),
            attendees=_attendees(enterprise, index, 1),
        )
    # published, full, with a waiting list
    full = event(
        organiser_user,
        centre,
        5,
        14,
        3,
        kind=EventKind.WORKSHOP,
        title="Thực hành hóa đơn điện tử và chữ ký số",
        audience=Audience.WORKERS,
        pillars=["operations", "infrastructure"],
        mode=Mode.VENUE,
        fee=500_000,
        support_rule="micro-free",
    )
    services.event_publish(event=full, user=organiser_user)
    session = full.sessions.get()
    services.seats_register(
        session=session,
        enterprise=enterprises[0],
        user=_member(enterprises[0]),
        attendees=_attendees(enterprises[0], 2, 3),
    )
    services.seats_register(
        session=session,
        enterprise=enterprises[1],
        user=_member(enterprises[1]),
        attendees=_attendees(enterprises[1], 5, 2),
    )
    # published online conference and a competition
    conference = event(
        officer,
        None,
        20,
        9,
        200,
        kind=EventKind.CONFERENCE,
        title="Hội nghị chuyển đổi xanh và số cho doanh nghiệp",
        audience=Audience.EXECUTIVES,
        pillars=["green", "strategy"],
        mode=Mode.ONLINE,
        fee=0,
    )
    services.event_publish(event=conference, user=officer)
    competition = event(
        organiser_user,
        centre,
        45,
        8,
        50,
        kind=EventKind.COMPETITION,
        title="Cuộc thi Doanh nghiệp số tiêu biểu 2026",
        audience=Audience.CORE_STAFF,
        pillars=["customer", "data"],
        mode=Mode.VENUE,
        fee=0,
    )
    services.event_publish(event=competition, user=organiser_user)
    # cancelled
    cancelled = event(
        organiser_user,
        centre,
        15,
        8,
        20,
        kind=EventKind.COURSE,
        title="Khóa học an ninh mạng cơ bản (hoãn)",
        audience=Audience.WORKERS,
        pillars=["infrastructure"],
        mode=Mode.VENUE,
        fee=300_000,
    )
    services.event_publish(event=cancelled, user=organiser_user)
    services.event_cancel(event=cancelled, user=organiser_user)
    # past, with attendance, certificates and feedback
    past = event(
        organiser_user,
        centre,
        0,
        0,
        20,
        kind=EventKind.COURSE,
        title="Bán hàng trên sàn thương mại điện tử",
        audience=Audience.CORE_STAFF,
        pillars=["customer", "operations"],
        mode=Mode.VENUE,
        fee=1_000_000,
        support_rule="decree80-training-half",
    )
    session = past.sessions.get()
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + dt.timedelta(hours=1), ends_at=timezone.now() + dt.timedelta(hours=4)
    )
    services.event_publish(event=past, user=organiser_user)
    seats = []
    for index, enterprise in enumerate(enterprises):
        seats += services.seats_register(
            session=session,
            enterprise=enterprise,
            user=_member(enterprise),
            attendees=_attendees(enterprise, index, 2),
        )
    for seat in seats[:-1]:  # one did not come
        services.seat_check_in(seat=seat, user=organiser_user)
    shift = dt.timedelta(days=21)
    Session.objects.filter(pk=session.pk).update(starts_at=_at(-21, 8), ends_at=_at(-21, 11))
    for seat in Seat.objects.filter(session=session, checked_in_at__isnull=False):
        Seat.objects.filter(pk=seat.pk).update(
            checked_in_at=seat.checked_in_at - shift, queued_at=seat.queued_at - shift
        )
    comments = [
        "Rất thực tế, áp dụng được ngay.",
        "Giảng viên nhiệt tình.",
        "",
        "Cần thêm thời gian thực hành.",
    ]
    for index, seat in enumerate(
        Seat.objects.filter(session=session, checked_in_at__isnull=False).order_by("pk")[:4]
    ):
        services.feedback_submit(seat=seat, rating=5 - index % 2, comment=comments[index])
    ctx.log(f"training: {Event.objects.count()} events, {Seat.objects.count()} seats")
