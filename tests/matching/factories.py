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
