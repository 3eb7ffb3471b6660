"""Demo consultants: ≥36 people (most certified, every workflow state present), 5 firms, Pillow photos.

Idempotent: a consultant whose demo e-mail already has a profile is left alone. At --scale > 1 the
extra consultants are bulk-created (certified, no photo) so benchmarks seed quickly.
"""

from __future__ import annotations

import io
from datetime import time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from marketplace.accounts.models import User
from marketplace.accounts.officers import officer_grant
from marketplace.core.demo import DEMO_PASSWORD, DemoContext
from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, Sector, SolutionCategory
from search.outbox import enqueue

from . import selectors, services
from .models import Certificate, CertificateStatus, CertificationApplication, Consultant, ConsultingFirm

BASE_COUNT = 36
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Thu", "Đức", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
    "Hạnh",
    "Hiếu",
    "Nhung",
]
ENGAGEMENTS = [
    "Số hóa quy trình kho cho công ty chế biến gỗ",
    "Triển khai hóa đơn điện tử cho chuỗi cửa hàng",
    "Xây dựng kênh bán hàng trực tuyến cho hợp tác xã",
    "Đánh giá an toàn thông tin cho nhà máy dệt",
    "Triển khai phần mềm quản lý nhân sự",
    "Xây dựng báo cáo quản trị trên dữ liệu bán hàng",
]
FIRMS = [
    "Công ty TNHH Tư vấn Số Biên Hòa",
    "Công ty CP Giải pháp Chuyển đổi số Đồng Nai",
    "Công ty TNHH Tư vấn Xanh Long Thành",
    "Công ty CP Dữ liệu và Quản trị Nhơn Trạch",
    "Công ty TNHH An ninh Mạng Trảng Bom",
]
# Specialities rotate over the demo consultants so the network covers the sectors that dominate
# Đồng Nai's SMEs (trade first), plus cross-sector specialists (e-invoices and accounting,
# cybersecurity). (headline, sector codes — VSIC 2025 divisions or whole sections, none = every
# sector —, expertise pillars, hourly rate in VND)
SPECIALITIES = [
    (
        "Tư vấn chuyển đổi số cho bán buôn, bán lẻ",
        ["46", "47"],
        ["strategy", "customer", "operations"],
        450_000,
    ),
    ("Tư vấn số hóa nhà máy chế biến thực phẩm", ["10", "11"], ["strategy", "operations", "green"], 700_000),
    (
        "Tư vấn chuyển đổi số ngành dệt may, da giày",
        ["13", "14", "15"],
        ["strategy", "operations", "data"],
        650_000,
    ),
    ("Tư vấn chuyển đổi số ngành gỗ và nội thất", ["16", "31"], ["strategy", "operations", "green"], 600_000),
    (
        "Chuyên gia số hóa vận tải, kho bãi và logistics",
        ["49", "52", "53"],
        ["strategy", "operations", "data"],
        600_000,
    ),
    ("Tư vấn quản lý công trình số cho doanh nghiệp xây dựng", ["F"], ["operations", "strategy"], 550_000),
    ("Tư vấn nông nghiệp và thủy sản số", ["01", "03"], ["strategy", "operations", "customer"], 350_000),
    (
        "Tư vấn chuyển đổi số nhà hàng, khách sạn",
        ["55", "56"],
        ["strategy", "customer", "operations"],
        400_000,
    ),
    ("Chuyên gia hóa đơn điện tử và kế toán số", [], ["operations", "data"], 300_000),
    ("Tư vấn an ninh mạng cho doanh nghiệp nhỏ", [], ["cybersecurity", "infrastructure"], 500_000),
    ("Chuyên gia ERP và quản trị sản xuất", ["C"], ["strategy", "operations", "data"], 1_200_000),
    ("Tư vấn bán hàng trực tuyến và tiếp thị số", ["G", "I"], ["customer", "strategy"], 400_000),
]

# Index → workflow state for the first consultants; everyone else is certified.
STATES = {
    0: "draft",
    1: "submitted",
    2: "under_review",
    3: "changes_requested",
    4: "resubmitted",
    5: "rejected",
    6: "suspended",
    7: "revoked",
    8: "expired",
    9: "expiring",
}
COLOURS = [(37, 99, 235), (22, 163, 74), (217, 119, 6), (220, 38, 38), (124, 58, 237), (8, 145, 178)]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
    b"endobj\nxref\n0 3\ntrailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n110\n%%EOF\n"
)


def _photo(rng, index: int) -> SimpleUploadedFile:
    """A small generated portrait placeholder: coloured background, head and shoulders."""
    colour = COLOURS[index % len(COLOURS)]
    image = Image.new("RGB", (160, 160), colour)
    draw = ImageDraw.Draw(image)
    skin = (rng.randint(200, 240), rng.randint(170, 210), rng.randint(140, 180))
    draw.ellipse((50, 30, 110, 95), fill=skin)
    draw.ellipse((25, 100, 135, 200), fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{index}.jpg", buffer.getvalue(), content_type="image/jpeg")


_PASSWORD_HASH: list[str] = []


def _password_hash() -> str:
    # Hash the shared demo password once: PBKDF2 per user would dominate the seeding time.
    if not _PASSWORD_HASH:
        probe = User()
        probe.set_password(DEMO_PASSWORD)
        _PASSWORD_HASH.append(probe.password)
    return _PASSWORD_HASH[0]


def _user(email: str, name: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "password": _password_hash()}
    )
    return user


def _officer() -> User:
    officer = User.objects.filter(officer_memberships__is_active=True).order_by("pk").first()
    if officer is None:
        officer = _user("canbo.tuvan@sokhcn.dongnai.gov.vn", "Cán bộ Mạng lưới Tư vấn")
        officer_grant(user=officer, title="Chuyên viên")
    return officer


def _application(consultant: Consultant, rng) -> CertificationApplication:
    user = consultant.user
    application = services.application_create(consultant=consultant, actor=user)
    answers = {
        "competence": "Thạc sĩ Hệ thống thông tin; chứng chỉ tư vấn CĐS của Bộ KH&CN.",
        "experience": f"{consultant.years_experience} năm kinh nghiệm, {rng.randint(2, 12)} doanh nghiệp đã tư vấn.",
        "training": "Hoàn thành khóa đạo đức nghề nghiệp và phương pháp tư vấn năm 2026.",
        "no_complaints": "Không có khiếu nại.",
    }
    services.application_update(
        application=application,
        actor=user,
        statement="Mong muốn đồng hành cùng doanh nghiệp Đồng Nai trong chuyển đổi số.",
        criteria_answers=answers,
    )
    services.application_add_evidence(
        application=application,
        actor=user,
        uploaded_file=SimpleUploadedFile("chung-chi.pdf", MINIMAL_PDF, content_type="application/pdf"),
        criterion="competence",
        description="Chứng chỉ tư vấn chuyển đổi số",
    )
    services.application_add_reference(
        application=application,
        actor=user,
        name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        organisation="Công ty TNHH Khách hàng Mẫu",
        email=f"thamchieu{consultant.pk}@example.vn",
        relationship="Khách hàng đã được tư vấn",
    )
    return application


def _walk(consultant: Consultant, state: str, officer: User, rng) -> None:
    application = _application(consultant, rng)
    if state == "draft":
        return
    user = consultant.user
    services.application_submit(application=application, actor=user)
    if state == "submitted":
        return
    services.application_start_review(application=application, officer=officer)
    if state == "under_review":
        return
    if state in ("changes_requested", "resubmitted"):
        services.application_decide(
            application=application,
            officer=officer,
            decision="request_changes",
            reason="Vui lòng bổ sung minh chứng hoàn thành khóa đào tạo đạo đức nghề nghiệp.",
        )
        if state == "resubmitted":
            services.application_update(
                application=application, actor=user, statement="Đã bổ sung minh chứng."
            )
            services.application_submit(application=application, actor=user)
        return
    if state == "rejected":
        services.application_decide(
            application=application,
            officer=officer,
            decision="reject",
            reason="Chưa đủ 3 năm kinh nghiệm thực tiễn theo tiêu chí mạng lưới.",
        )
        return
    services.application_decide(application=application, officer=officer, decision="certify")
    certificate = selectors.consultant_live_certificate(consultant)
    if state == "suspended":
        services.certificate_suspend(
            certificate=certificate, officer=officer, reason="Đang xác minh khiếu nại."
        )
    elif state == "revoked":
        services.certificate_revoke(
            certificate=certificate, officer=officer, reason="Vi phạm quy tắc đạo đức."
        )
    elif state in ("expired", "expiring"):
        days = -5 if state == "expired" else 20
        until = timezone.now() + timedelta(days=days)
        Certificate.objects.filter(pk=certificate.pk).update(
            valid_from=until - timedelta(days=730), valid_until=until
        )
        if state == "expired":
            services.certificates_maintain()


def _profile(index: int, rng, pools) -> Consultant | None:
    headline, sector_codes, expertise_codes, rate = SPECIALITIES[index % len(SPECIALITIES)]
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    email = f"tuvan{index:03d}@demo.dongnai.vn"
    user = _user(email, name)
    if Consultant.objects.filter(user=user).exists():
        return None
    consultant = services.consultant_create(
        user=user,
        display_name=name,
        headline=headline,
        biography="Tư vấn viên chuyển đổi số, đồng hành cùng doanh nghiệp nhỏ và vừa tại Đồng Nai.",
        years_experience=rng.randint(2, 20),
        sectors=[pools["sector_by_code"][code] for code in sector_codes if code in pools["sector_by_code"]],
        expertise=[pools["expertise_by_code"][code] for code in expertise_codes],
        categories=rng.sample(pools["categories"], k=min(2, len(pools["categories"]))),
        coverage=rng.sample(pools["wards"], k=min(rng.randint(1, 4), len(pools["wards"]))),
        languages=["vi"] + (["en"] if rng.random() < 0.5 else []),
        service_modes=rng.sample(["online", "on_site", "office", "innovation_centre"], k=rng.randint(1, 4)),
        hourly_rate=rate + rng.randrange(0, 200_001, 50_000),
        time_zone="Asia/Ho_Chi_Minh",
    )
    services.consultant_set_photo(consultant=consultant, actor=user, uploaded_file=_photo(rng, index))
    for weekday in rng.sample(range(5), k=3):
        services.availability_rule_add(
            consultant=consultant, actor=user, weekday=weekday, start_time=time(8), end_time=time(11, 30)
        )
        services.availability_rule_add(
            consultant=consultant, actor=user, weekday=weekday, start_time=time(14), end_time=time(17)
        )
    for _ in range(rng.randint(1, 3)):
        services.consultant_engagement_add(
            consultant=consultant,
            actor=user,
            title=rng.choice(ENGAGEMENTS),
            year=rng.randint(2019, 2026),
            sector=pools["sector_by_code"].get(rng.choice(sector_codes or ["46"]))
            or rng.choice(pools["sectors"]),
            outcome="Doanh nghiệp nâng một mức sẵn sàng chuyển đổi số sau 6 tháng.",
            client_readiness_level=rng.randint(0, 5),
        )
    services.consultant_qualification_add(
        consultant=consultant,
        actor=user,
        title="Chứng chỉ Tư vấn chuyển đổi số",
        issuer="Bộ KH&CN",
        year=2025,
    )
    services.consultant_package_add(
        consultant=consultant,
        actor=user,
        title="Gói khảo sát và lộ trình chuyển đổi số",
        price=rng.randrange(3_000_000, 20_000_001, 500_000),
        duration_hours=16,
    )
    return consultant


def _bulk_certified(ctx: DemoContext, start: int, count: int, pools, officer: User) -> None:
    """Benchmarks: many certified consultants without per-row services (no photos, no audit trail)."""
    rng = ctx.rng("consultants-bulk")
    criteria = selectors.criteria_current()
    emails = [f"tuvan{i:05d}@bulk.dongnai.vn" for i in range(start, start + count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new_emails = [e for e in emails if e not in existing]
    if not new_emails:
        return
    password = _password_hash()
    User.objects.bulk_create(
        [User(email=e, full_name=f"Tư vấn viên {e[5:10]}", password=password) for e in new_emails],
        batch_size=1000,
    )
    users = list(User.objects.filter(email__in=new_emails))
    Consultant.objects.bulk_create(
        [
            Consultant(
                user=u,
                display_name=u.full_name,
                headline=SPECIALITIES[i % len(SPECIALITIES)][0],
                years_experience=rng.randint(2, 20),
                language_codes=",vi,",
                service_mode_codes=",online,",
                hourly_rate=SPECIALITIES[i % len(SPECIALITIES)][3] + rng.randrange(0, 200_001, 50_000),
            )
            for i, u in enumerate(users)
        ],
        batch_size=1000,
    )
    consultants = list(Consultant.objects.filter(user__in=users).order_by("pk"))
    speciality = {c.pk: SPECIALITIES[i % len(SPECIALITIES)] for i, c in enumerate(consultants)}
    expertise_links = [
        Consultant.expertise.through(consultant_id=c.pk, expertisearea_id=pools["expertise_by_code"][code].pk)
        for c in consultants
        for code in speciality[c.pk][2]
    ]
    Consultant.expertise.through.objects.bulk_create(expertise_links, batch_size=2000)
    sector_links = [
        Consultant.sectors.through(consultant_id=c.pk, sector_id=pools["sector_by_code"][code].pk)
        for c in consultants
        for code in speciality[c.pk][1]
        if code in pools["sector_by_code"]
    ]
    Consultant.sectors.through.objects.bulk_create(sector_links, batch_size=2000)
    now = timezone.now()
    CertificationApplication.objects.bulk_create(
        [
            CertificationApplication(
                consultant=c,
                criteria=criteria,
                status="certified",
                submitted_at=now,
                decided_at=now,
                reviewer=officer,
            )
            for c in consultants
        ],
        batch_size=1000,
    )
    by_consultant = {
        a.consultant_id: a for a in CertificationApplication.objects.filter(consultant__in=consultants)
    }
    Certificate.objects.bulk_create(
        [
            Certificate(
                consultant=c,
                application=by_consultant[c.pk],
                criteria_version=criteria.version,
                status=CertificateStatus.ACTIVE,
                valid_from=now,
                valid_until=now + timedelta(days=730),
            )
            for c in consultants
        ],
        batch_size=1000,
    )
    enqueue("consultants.consultant", [c.pk for c in consultants])


def seed(ctx: DemoContext) -> None:
    with services.batched_side_effects():
        _seed(ctx)


def _seed(ctx: DemoContext) -> None:
    rng = ctx.rng("consultants")
    officer = _officer()
    pools = {
        "sectors": list(Sector.objects.filter(level=Sector.DIVISION).order_by("code")[:40]),
        "expertise": list(ExpertiseArea.objects.all()),
        "expertise_by_code": {a.code: a for a in ExpertiseArea.objects.all()},
        "sector_by_code": {sector.code: sector for sector in Sector.objects.all()},
        "categories": list(SolutionCategory.objects.all()),
        "wards": list(AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("code")[:60])
        or list(AdminUnit.objects.all()[:10]),
    }
    created = 0
    consultants: dict[int, Consultant] = {}
    for index in range(BASE_COUNT):
        consultant = _profile(index, rng, pools)
        if consultant is None:
            consultants[index] = Consultant.objects.get(user__email=f"tuvan{index:03d}@demo.dongnai.vn")
            continue
        consultants[index] = consultant
        _walk(consultant, STATES.get(index, "certified"), officer, rng)
        created += 1

    for firm_index, firm_name in enumerate(FIRMS):
        admin_index = 10 + firm_index * 5
        admin = consultants[admin_index]
        firm = ConsultingFirm.objects.filter(name=firm_name).first()
        if firm is None:
            firm = services.firm_create(
                actor=admin.user,
                name=firm_name,
                description="Tổ chức tư vấn chuyển đổi số cho doanh nghiệp nhỏ và vừa.",
                email=f"lienhe{firm_index + 1}@tuvanso.example.vn",
            )
            for member_index in range(admin_index + 1, admin_index + 4):
                member = consultants.get(member_index)
                if member is not None and not hasattr(member, "firm_membership"):
                    services.firm_member_add(firm=firm, actor=admin.user, consultant=member)
        if firm_index == 0:
            ctx.add_login("firm admin", admin.user.email)

    if ctx.scale > 1:
        _bulk_certified(ctx, BASE_COUNT, BASE_COUNT * (ctx.scale - 1), pools, officer)

    ctx.add_login("consultant (certified)", consultants[11].user.email)
    ctx.add_login("consultant (draft application)", consultants[0].user.email)
    ctx.log(
        f"consultants: {created} created; {selectors.consultants_public().count()} public, "
        f"{ConsultingFirm.objects.count()} firms"
    )
