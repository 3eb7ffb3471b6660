"""Demo measured impact: T0/T1 assessments around the demo deals, invitations, measurements.

For up to 20 enterprises with completed deals: a T0 before their first deal when they have none (the
answers at the bottom, backdated), then a T1 today that raises the pillars their deals addressed by
one answer step. Then the scheduled jobs run once: invitations and measurements. Idempotent: nothing
is added when measurements exist. Assessments are written through matching's services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from marketplace.accounts.models import OfficerMembership
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise
from matching import selectors as matching_selectors
from matching import services as matching_services
from matching.models import Assessment

from . import exemplary, selectors, services
from .models import Measurement

LIMIT = 20
EXEMPLARY = 3


def _answers(
    content: dict, previous: dict, raise_pillars: set[str], floor: bool, top: bool = False
) -> dict[str, str]:
    answers = {}
    for question in content["questions"]:
        options = sorted(question["options"], key=lambda o: o["points"])
        codes = [o["code"] for o in options]
        current = previous.get(question["code"])
        index = codes.index(current) if current in codes else 0
        if floor:
            index = 0
        elif top:
            index = len(codes) - 1
        elif question["pillar"] in raise_pillars:
            index = min(len(codes) - 1, index + 2)
        answers[question["code"]] = codes[index]
    return answers


def _submit(enterprise, user, criteria_set, answers: dict) -> Assessment:
    assessment = Assessment.objects.filter(
        enterprise=enterprise, criteria_set=criteria_set, status=Assessment.DRAFT
    ).first()
    if assessment is None:
        assessment = matching_services.assessment_start(
            enterprise=enterprise, user=user, criteria_set=criteria_set
        )
    matching_services.assessment_answer(assessment=assessment, user=user, answers=answers)
    return matching_services.assessment_submit(assessment=assessment, user=user)


def seed(ctx: DemoContext) -> None:
    if Measurement.objects.exists():
        return
    basic = matching_selectors.criteria_set_basic()
    if basic is None:
        return
    content = matching_services.criteria_version_current(criteria_set=basic).content
    pillar_codes = {p["code"] for p in content["pillars"]}
    by_enterprise: dict[int, list] = {}
    for deal in selectors.deals_completed():
        by_enterprise.setdefault(deal.enterprise_id, []).append(deal)
    rng = ctx.rng("impact")
    done = 0
    # the first enterprises with a solution in use start at the bottom and end at the top: exemplary
    showcase = [e for e in sorted(by_enterprise) if any(d.kind == "order" for d in by_enterprise[e])][
        :EXEMPLARY
    ]
    for enterprise_id in sorted(by_enterprise)[:LIMIT]:
        deals = by_enterprise[enterprise_id]
        enterprise = Enterprise.objects.get(pk=enterprise_id)
        member = enterprise.memberships.order_by("pk").first()
        if member is None:
            continue
        earliest = min(d.completed_at for d in deals)
        submitted = Assessment.objects.filter(
            enterprise=enterprise, criteria_set=basic, status=Assessment.SUBMITTED
        )
        t0 = submitted.filter(submitted_at__lt=earliest).order_by("-submitted_at").first()
        if t0 is None or enterprise_id in showcase:
            t0 = _submit(enterprise, member.user, basic, _answers(content, {}, set(), floor=True))
            Assessment.objects.filter(pk=t0.pk).update(submitted_at=earliest - dt.timedelta(days=7))
        latest = submitted.order_by("-submitted_at").first() or t0
        addressed = {p for d in deals for p in d.pillars if p in pillar_codes} or set(
            rng.sample(sorted(pillar_codes), 2)
        )
        top = enterprise_id in showcase
        _submit(
            enterprise, member.user, basic, _answers(content, latest.answers, addressed, floor=False, top=top)
        )
        done += 1
    invited = services.invitations_create()
    # a few invitations are already due, so the reminder job has something to show
    services.reminders_send(now=timezone.now() + dt.timedelta(days=120))
    measured = services.measurements_record_new()
    designated = _designate(showcase)
    ctx.log(
        f"  impact: {done} enterprises re-assessed, {measured} measurements, {invited} invitations,"
        f" {designated} exemplary SMEs"
    )


def _designate(enterprise_ids: list[int]) -> int:
    officer = OfficerMembership.objects.select_related("user").order_by("pk").first()
    if officer is None:
        return 0
    count = 0
    for index, enterprise in enumerate(exemplary.candidates().filter(pk__in=enterprise_ids)):
        designation = services.exemplary_designate(
            enterprise=enterprise,
            officer=officer.user,
            reason="Đạt mức sẵn sàng 5, tăng trên 2 mức sau khi triển khai giải pháp; không có tranh chấp.",
        )
        if index % 2 == 0:  # one of two gives its consent and tells its story
            services.exemplary_consent(
                designation=designation,
                user=enterprise.memberships.order_by("pk").first().user,
                consent=True,
                story=(
                    "Từ sổ sách giấy, doanh nghiệp chuyển sang bán hàng, kho và hoá đơn điện tử trên một "
                    "phần mềm; chủ doanh nghiệp xem số liệu hằng ngày trên điện thoại."
                ),
            )
        count += 1
    return count
