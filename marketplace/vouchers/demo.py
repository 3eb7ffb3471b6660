"""Demo support: the two schemes, two calls, applications in every state, vouchers for the enterprises
that hold consultations (so the engagements and orders demos, which run after this one, reserve and
redeem support through the real services). Idempotent: nothing is added when calls exist.

The default scheme asks for a submitted readiness assessment; the enterprises given a voucher here
submit the basic one first (the matching demo then leaves them as they are).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from consultants.bookings.models import Booking
from marketplace.accounts.models import User
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise
from matching import selectors as matching_selectors
from matching import services as matching_services
from matching.models import Assessment

from . import services
from .models import Call, Scheme
from .schemes import load_schemes

MET = ("held", "confirmed")  # the engagements demo pairs the same bookings


def _assess(enterprise: Enterprise, owner) -> None:
    if Assessment.objects.filter(enterprise=enterprise, status=Assessment.SUBMITTED).exists():
        return
    basic = matching_selectors.criteria_set_basic()
    if basic is None:
        return
    assessment = Assessment.objects.filter(enterprise=enterprise, status=Assessment.DRAFT).first()
    if assessment is None:
        assessment = matching_services.assessment_start(enterprise=enterprise, user=owner, criteria_set=basic)
    answers = {}
    for question in assessment.version.content["questions"]:
        options = sorted(question["options"], key=lambda o: o["points"])
        answers[question["code"]] = options[len(options) // 2]["code"]
    matching_services.assessment_answer(assessment=assessment, user=owner, answers=answers)
    matching_services.assessment_submit(assessment=assessment, user=owner)


def _owner(enterprise: Enterprise):
    return enterprise.memberships.order_by("pk").first().user


def seed(ctx: DemoContext) -> None:
    load_schemes()
    if Call.objects.exists():
        return
    officer = User.objects.filter(officer_memberships__is_active=True).order_by("pk").first()
    if officer is None:
        ctx.log("  vouchers: no officer; skipped")
        return
    today = timezone.localdate()
    valid_until = dt.date(today.year + 1, 12, 31)
    main = services.call_open(
        scheme=Scheme.objects.get(is_default=True),
        by=officer,
        code=f"HT-CDS-{today.year}-01",
        title=f"Đợt 1/{today.year}: hỗ trợ tư vấn và giải pháp chuyển đổi số (Nghị định 80/2021)",
        budget=3_000_000_000,
        opens_on=today - dt.timedelta(days=60),
        closes_on=today + dt.timedelta(days=90),
        voucher_valid_until=valid_until,
    )
    pilot = services.call_open(
        scheme=Scheme.objects.get(code="DUTHAO-2026-PHIEU-CDS"),
        by=officer,
        code=f"HT-PHIEU-{today.year}-TN",
        title="Thí điểm phiếu thuê giải pháp số cho doanh nghiệp siêu nhỏ (theo dự thảo)",
        budget=500_000_000,
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=60),
        voucher_valid_until=valid_until,
        auto_approve_up_to=20_000_000,
    )
    # the enterprises that met a consultant: approved vouchers under the main call
    granted = []
    for booking in Booking.objects.filter(status__in=MET).select_related("enterprise").order_by("pk"):
        enterprise = booking.enterprise
        if enterprise in granted or not enterprise.is_sme:
            continue
        owner = _owner(enterprise)
        _assess(enterprise, owner)
        if enterprise.dx_budget_yearly is None or enterprise.sites is None:
            continue
        application = services.application_submit(
            call=main,
            enterprise=enterprise,
            by=owner,
            amount_requested=80_000_000,
            purpose="Thuê tư vấn lập lộ trình và triển khai giải pháp chuyển đổi số",
        )
        services.application_approve(application=application, by=officer, reason="Đủ điều kiện, hồ sơ đầy đủ")
        granted.append(enterprise)
        if len(granted) >= 8:
            break
    # applications in every state under the pilot call (no assessment asked)
    others = Enterprise.objects.exclude(pk__in=[e.pk for e in granted]).exclude(size_class="not_sme")
    plan = [
        (15_000_000, "auto"),  # approved by the call's rule
        (35_000_000, "waiting"),
        (40_000_000, "approve"),
        (30_000_000, "reject"),
        (25_000_000, "withdraw"),
        (18_000_000, "expire"),
        (45_000_000, "waiting"),
    ]
    for enterprise, (amount, outcome) in zip(others.order_by("tax_code"), plan, strict=False):
        owner = _owner(enterprise)
        application = services.application_submit(
            call=pilot,
            enterprise=enterprise,
            by=owner,
            amount_requested=amount,
            purpose="Thuê phần mềm bán hàng, hóa đơn điện tử và chữ ký số",
        )
        if outcome == "approve":
            services.application_approve(application=application, by=officer)
        elif outcome == "reject":
            services.application_reject(
                application=application,
                by=officer,
                reason="Giải pháp đề nghị không thuộc danh mục nền tảng số cơ bản",
            )
        elif outcome == "withdraw":
            services.application_withdraw(application=application, by=owner)
        elif outcome == "expire":
            application.refresh_from_db()
            services.voucher_expire(
                voucher=application.voucher, reason="Phiếu hết hạn khi chưa sử dụng (dữ liệu mẫu)"
            )
    ctx.log(f"  vouchers: 2 calls, {len(granted)} vouchers for enterprises in consultations")
