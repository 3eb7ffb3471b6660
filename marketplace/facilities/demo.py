"""Demo innovation centres, their facilities (the AI test bench has slug ``ai-test-bench``) and
bookings in every state. Idempotent; built through the services (past bookings with `now=`), so
every row has its audit trail as in production."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise

from . import selectors, services
from .models import Facility, FacilityBooking, ProviderKind

CENTRE = {
    "name": "Trung tâm Đổi mới sáng tạo Đồng Nai",
    "kind": ProviderKind.INNOVATION_CENTRE,
    "address": "Số 2 Nguyễn Văn Trị, phường Trấn Biên, Đồng Nai",
    "email": "dmst@sokhcn.dongnai.gov.vn",
    "phone": "02513822001",
}
LAB = {
    "name": "Phòng thí nghiệm trọng điểm IoT – Đại học Đồng Nai",
    "kind": ProviderKind.LABORATORY,
    "address": "Số 9 Lê Quý Đôn, phường Tam Hiệp, Đồng Nai",
    "email": "iotlab@dnpu.edu.vn",
    "phone": "",
}
MANAGERS = [("quanly.dmst@demo.vn", "Lê Minh Tuấn", CENTRE), ("quanly.iotlab@demo.vn", "Phạm Thu Trang", LAB)]

FACILITIES = [
    (
        CENTRE,
        {
            "slug": "ai-test-bench",
            "name": "Bàn thử nghiệm AI (máy chủ GPU và bộ dữ liệu kiểm thử)",
            "kind": "ai_test_bench",
            "description": "Máy chủ GPU, bộ dữ liệu tiếng Việt và công cụ đánh giá độ chính xác, thiên lệch và an toàn "
            "cho chatbot, hệ thống nhận dạng và mô hình dự báo; có kỹ sư hướng dẫn.",
            "rules": "Mang theo dữ liệu đã ẩn danh. Không đưa dữ liệu cá nhân chưa có sự đồng ý.",
            "capacity": 4,
            "slot_minutes": 120,
            "price": 400_000,
            "price_unit": "hour",
            "auto_confirm": False,
        },
    ),
    (
        CENTRE,
        {
            "slug": "phong-trinh-dien-giai-phap-so",
            "name": "Phòng trình diễn giải pháp số",
            "kind": "demo_room",
            "description": "Trải nghiệm các giải pháp hóa đơn điện tử, bán hàng đa kênh, quản trị kho và ERP.",
            "capacity": 15,
            "slot_minutes": 60,
            "price": 0,
            "price_unit": "session",
            "auto_confirm": True,
        },
    ),
    (
        CENTRE,
        {
            "slug": "in-3d",
            "name": "Xưởng in 3D và tạo mẫu nhanh",
            "kind": "printing_3d",
            "description": "Máy in 3D FDM và SLA để tạo mẫu sản phẩm, đồ gá.",
            "capacity": 2,
            "slot_minutes": 240,
            "price": 1_200_000,
            "price_unit": "session",
            "auto_confirm": False,
        },
    ),
    (
        LAB,
        {
            "slug": "iot-5g-testbed",
            "name": "Hệ thống thử nghiệm IoT / 5G",
            "kind": "iot_testbed",
            "description": "Mạng 5G riêng, cổng LoRaWAN và cảm biến mẫu để thử nghiệm giải pháp giám sát nhà xưởng.",
            "capacity": 6,
            "slot_minutes": 180,
            "price": 2_000_000,
            "price_unit": "session",
            "auto_confirm": False,
            "open_days": [0, 1, 2, 3, 4, 5],
            "opens_at": time(7, 30),
            "closes_at": time(16, 30),
        },
    ),
]

PURPOSES = [
    "Thử chatbot chăm sóc khách hàng",
    "Đánh giá mô hình dự báo tồn kho",
    "Thử cảm biến nhiệt độ cho kho lạnh",
    "Xem trình diễn hóa đơn điện tử",
]


def seed(ctx: DemoContext) -> None:
    if Facility.objects.exists():
        return
    enterprises = [e for e in Enterprise.objects.order_by("tax_code")[:8] if e.memberships.exists()]
    officer = User.objects.filter(officer_memberships__is_active=True).order_by("pk").first()
    providers = {}
    for email, name, data in MANAGERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(ctx.password)
            user.save(update_fields=["password"])
        ctx.add_login("facility provider", email)
        provider = services.provider_apply(user=user, **data)
        if officer is not None:
            services.provider_decide(provider=provider, officer=officer, approve=True)
        else:
            provider.status = "approved"
            provider.save(update_fields=["status"])
        providers[data["name"]] = (provider, user)
    pending_user, created = User.objects.get_or_create(
        email="quanly.fablab@demo.vn", defaults={"full_name": "Võ Hoàng Nam"}
    )
    if created:
        pending_user.set_password(ctx.password)
        pending_user.save(update_fields=["password"])
    services.provider_apply(
        user=pending_user,
        name="FabLab Biên Hòa",
        kind=ProviderKind.INNOVATION_CENTRE,
        address="Khu công nghiệp Biên Hòa 2, Đồng Nai",
        email="fablab@demo.vn",
    )  # waits for an officer's approval
    facilities = []
    for owner, data in FACILITIES:
        provider, user = providers[owner["name"]]
        facilities.append(services.facility_create(provider=provider, actor=user, **data))
    if len(enterprises) < 3:
        ctx.log(f"  facilities: {len(facilities)} facilities; no enterprises for bookings")
        return
    bench, demo_room, printing, testbed = facilities
    centre_user = providers[CENTRE["name"]][1]
    now = timezone.now()
    past_now = now - timedelta(days=21)
    rng = ctx.rng("facilities")

    def book(facility, slot, enterprise, at=None):
        return services.booking_request(
            facility=facility,
            enterprise=enterprise,
            requested_by=enterprise.memberships.first().user,
            start=slot,
            purpose=rng.choice(PURPOSES),
            now=at,
        )

    future = selectors.free_slots(bench, start=now + timedelta(days=2), end=now + timedelta(days=20), limit=8)
    past = selectors.free_slots(bench, start=past_now, end=now - timedelta(days=2), limit=6, now=past_now)
    e = [enterprises[k % len(enterprises)] for k in range(6)]
    book(bench, future[0], e[0])  # requested
    confirmed = book(bench, future[1], e[1])
    services.booking_confirm(booking=confirmed, actor=centre_user)
    declined = book(bench, future[2], e[2])
    services.booking_decline(booking=declined, actor=centre_user, reason="Máy chủ GPU đang bảo trì.")
    cancelled = book(bench, future[3], e[3])
    services.booking_cancel(booking=cancelled, actor=cancelled.requested_by, reason="Doanh nghiệp đổi lịch.")
    used = book(bench, past[0], e[0], at=past_now)
    services.booking_confirm(booking=used, actor=centre_user)
    services.booking_record_outcome(
        booking=used,
        actor=used.requested_by,
        note="Đã thử chatbot với 200 câu hỏi mẫu: trả lời đúng 86 %, cần bổ sung dữ liệu về chính sách đổi trả.",
    )
    no_show = book(bench, past[1], e[1], at=past_now)
    services.booking_confirm(booking=no_show, actor=centre_user)
    services.booking_mark_no_show(booking=no_show, actor=centre_user)
    book(bench, past[2], e[2], at=past_now)  # nobody answered: expired below
    room = selectors.free_slots(
        demo_room, start=now + timedelta(days=1), end=now + timedelta(days=10), limit=2
    )
    book(demo_room, room[0], e[4])  # confirmed at once
    lab = selectors.free_slots(testbed, start=now + timedelta(days=3), end=now + timedelta(days=14), limit=1)
    book(testbed, lab[0], e[5])
    expired = services.bookings_expire_holds()
    ctx.log(
        f"  facilities: {len(facilities)} facilities, {FacilityBooking.objects.count()} bookings "
        f"in every state ({expired} expired)"
    )
