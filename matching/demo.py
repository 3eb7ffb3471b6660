"""Demo assessments: most demo enterprises took the basic assessment, some re-assessed later (showing
progress), some took their sector's in-depth set; dn1 has one in progress. Then recommendations."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise

from . import readiness, selectors, services
from .models import Assessment, CriteriaSet, PillarScore, RecommendationState

SHARE_ASSESSED = 0.85
SHARE_REASSESSED = 0.35
SHARE_SECTOR_SET = 0.3
RECOMMEND_UP_TO = 120  # enterprises whose recommendations are computed at seeding time


def _answers(content: dict, rng, skill: float) -> dict[str, str]:
    """Answers around a skill level in [0, 1], with some spread per question."""
    answers = {}
    for question in content["questions"]:
        options = sorted(question["options"], key=lambda o: o["points"])
        target = min(1.0, max(0.0, rng.gauss(skill, 0.2)))
        answers[question["code"]] = options[round(target * (len(options) - 1))]["code"]
    return answers


def _build(enterprise_id, criteria_set, version, answers, when, user_id) -> tuple[Assessment, dict]:
    content = version.content
    scores = readiness.pillar_scores(content, answers)
    overall = readiness.overall_score(content, scores)
    assessment = Assessment(
        enterprise_id=enterprise_id,
        criteria_set=criteria_set,
        version=version,
        status=Assessment.SUBMITTED,
        answers=answers,
        overall_score=overall,
        level=readiness.level_for(content, overall),
        started_by_id=user_id,
        submitted_by_id=user_id,
        submitted_at=when,
    )
    return assessment, scores


def seed(ctx: DemoContext) -> None:
    basic = selectors.criteria_set_basic()
    if basic is None:
        ctx.log("  matching: no basic criteria set loaded; skipped")
        return
    versions = {basic.pk: services.criteria_version_current(criteria_set=basic)}
    sector_sets = list(CriteriaSet.objects.filter(kind=CriteriaSet.SECTOR, is_active=True))
    for criteria_set in sector_sets:
        versions[criteria_set.pk] = services.criteria_version_current(criteria_set=criteria_set)
    by_section = {section: s for s in sector_sets for section in s.sector_sections}
    already = set(Assessment.objects.values_list("enterprise_id", flat=True).distinct())
    now = timezone.now()
    pending: list[tuple[Assessment, dict]] = []
    enterprises = (
        Enterprise.objects.select_related("primary_sector__parent")
        .prefetch_related("memberships")
        .order_by("tax_code")
    )
    for enterprise in enterprises.iterator(chunk_size=2000):
        # one generator per enterprise: re-running never reshuffles the others (idempotent)
        rng = random.Random(f"{ctx.seed}:matching:{enterprise.tax_code}")
        draw = rng.random()
        skill = rng.uniform(0.1, 0.7)
        reassess = rng.random() < SHARE_REASSESSED
        sector_draw = rng.random()
        if enterprise.pk in already or draw > SHARE_ASSESSED:
            continue
        members = list(enterprise.memberships.all())
        user_id = members[0].user_id if members else None
        first = now - timedelta(days=rng.randint(150, 300))
        content = versions[basic.pk].content
        pending.append(
            _build(enterprise.pk, basic, versions[basic.pk], _answers(content, rng, skill), first, user_id)
        )
        if reassess:
            later = now - timedelta(days=rng.randint(5, 60))
            improved = min(1.0, skill + rng.uniform(0.1, 0.3))
            pending.append(
                _build(
                    enterprise.pk, basic, versions[basic.pk], _answers(content, rng, improved), later, user_id
                )
            )
        section = enterprise.primary_sector.section.code
        if section in by_section and sector_draw < SHARE_SECTOR_SET:
            criteria_set = by_section[section]
            version = versions[criteria_set.pk]
            when = first + timedelta(days=2)
            pending.append(
                _build(
                    enterprise.pk, criteria_set, version, _answers(version.content, rng, skill), when, user_id
                )
            )
    for start in range(0, len(pending), 2000):
        chunk = pending[start : start + 2000]
        created = Assessment.objects.bulk_create([a for a, _scores in chunk])
        PillarScore.objects.bulk_create(
            [
                PillarScore(assessment=assessment, pillar_code=code, score=score)
                for assessment, (_a, scores) in zip(created, chunk, strict=True)
                for code, score in scores.items()
            ],
            batch_size=5000,
        )
    _draft_for_first_login(ctx, by_section, basic)
    ctx.log(f"  assessments: {Assessment.objects.count()} ({len(pending)} new)")
    _recommend(ctx)


def _draft_for_first_login(ctx: DemoContext, by_section, basic) -> None:
    """dn1 has its sector's in-depth assessment half done, to show "resume"."""
    user = User.objects.filter(email="dn1@demo.doanhnghiep.vn").first()
    enterprise = (
        Enterprise.objects.filter(memberships__user=user).select_related("primary_sector__parent").first()
    )
    if user is None or enterprise is None:
        return
    criteria_set = by_section.get(enterprise.primary_sector.section.code, basic)
    assessment = services.assessment_start(enterprise=enterprise, user=user, criteria_set=criteria_set)
    if assessment.answers:
        return
    questions = assessment.version.content["questions"]
    half = {q["code"]: q["options"][1]["code"] for q in questions[: len(questions) // 2]}
    services.assessment_answer(assessment=assessment, user=user, answers=half)


def _recommend(ctx: DemoContext) -> None:
    if ctx.scale > 2:
        ctx.log("  recommendations: computed on first read (run recommendations_refresh to precompute)")
        return
    count = 0
    # enterprises computed by an earlier run are left alone: with the capacity bound, recomputing
    # them in another order would reshuffle who sees which consultant (seeding stays idempotent)
    done = set(
        RecommendationState.objects.filter(computed_at__isnull=False).values_list("enterprise_id", flat=True)
    )
    for enterprise in Enterprise.objects.order_by("tax_code")[:RECOMMEND_UP_TO]:
        if enterprise.pk in done:
            continue
        services.recommendations_recompute(enterprise=enterprise)
        count += 1
    ctx.log(f"  recommendations computed for {count} enterprises")
