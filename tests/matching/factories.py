"""Helpers to build assessments for tests, through the services as production does."""

from __future__ import annotations

from matching import services
from matching.models import CriteriaSet
from tests.factories import EnterpriseFactory, enterprise_owner


def basic_set() -> CriteriaSet:
    return CriteriaSet.objects.get(code="basic")


def answer_all(assessment, user, *, choose: str = "max", per_pillar: dict[str, str] | None = None):
    """Answer every question: 'max' (best option), 'min' (worst), or per pillar code."""
    answers = {}
    for question in assessment.version.content["questions"]:
        mode = (per_pillar or {}).get(question["pillar"], choose)
        options = sorted(question["options"], key=lambda o: o["points"])
        answers[question["code"]] = (options[-1] if mode == "max" else options[0])["code"]
    return services.assessment_answer(assessment=assessment, user=user, answers=answers)


def submitted_assessment(enterprise=None, *, choose="max", per_pillar=None, criteria_set=None):
    enterprise = enterprise or EnterpriseFactory()
    owner = enterprise_owner(enterprise)
    assessment = services.assessment_start(
        enterprise=enterprise, user=owner, criteria_set=criteria_set or basic_set()
    )
    answer_all(assessment, owner, choose=choose, per_pillar=per_pillar)
    return services.assessment_submit(assessment=assessment, user=owner)


# ---- the other side of the market, built through the consultants and catalogue services ----------

from datetime import time  # noqa: E402

from consultants import services as consultant_services  # noqa: E402
from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, Sector  # noqa: E402


def certified_consultant(
    *,
    sectors=("52",),
    expertise=("operations",),
    service_modes=("online",),
    hourly_rate=500_000,
    weekly_hours=((0, 9, 17), (2, 9, 17)),
    engagements_at=(),
    coverage=(),
    name="",
):
    """A certified, visible consultant with weekly availability (weekday, from hour, to hour)."""
    from tests.consultants.factories import certified_consultant as certify
    from tests.consultants.factories import make_consultant

    consultant = make_consultant(
        display_name=name,
        sectors=list(Sector.objects.filter(code__in=sectors)),
        expertise=list(ExpertiseArea.objects.filter(code__in=expertise)),
        coverage=list(AdminUnit.objects.filter(code__in=coverage)),
        service_modes=list(service_modes),
        hourly_rate=hourly_rate,
    )
    for weekday, start, end in weekly_hours:
        consultant_services.availability_rule_add(
            consultant=consultant,
            actor=consultant.user,
            weekday=weekday,
            start_time=time(start),
            end_time=time(end),
        )
    for level in engagements_at:
        consultant_services.consultant_engagement_add(
            consultant=consultant,
            actor=consultant.user,
            title="Dự án CĐS",
            year=2025,
            client_readiness_level=level,
        )
    return certify(consultant)


def published_solution(*, category="e-invoice", sectors=("46",), readiness=(0, 3), price=1_200_000, **extra):
    from catalogue.models import Solution
    from tests.catalogue.factories import SolutionFactory

    return SolutionFactory(
        status=Solution.PUBLISHED,
        category=category,
        sectors=list(sectors),
        readiness_min=readiness[0],
        readiness_max=readiness[1],
        price=price,
        **extra,
    )
