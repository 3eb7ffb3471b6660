"""Reads: criteria sets, assessments visible to a user, results (comparison, change) and the roadmap."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from catalogue.selectors import solutions_public
from consultants.selectors import consultants_public, with_public_relations
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprises_visible_to
from marketplace.taxonomy.models import ExpertiseArea, ReadinessLevel, SolutionCategory

from . import readiness
from .models import Assessment, CriteriaSet, PillarScore, Recommendation, RecommendationState, localised
from .reasons import Names, breakdown_rows, label_text, reasons_text

# the comparison with peers is shown only from this many enterprises, so no single one can be inferred
PEER_MINIMUM = 5
ROADMAP_MIN_STEPS, ROADMAP_MAX_STEPS = 3, 6
# pillars at or above this score need no roadmap step (unless needed to reach the minimum step count)
ROADMAP_GOOD_ENOUGH = 75
WEAK_BAND = 10  # points: pillar scores this close count as equally weak (assessment_weakest_pillars)


def criteria_set_content(*, criteria_set: CriteriaSet) -> dict:
    """The set as a self-contained dict: what an assessment snapshots."""
    names = {a.code: a for a in ExpertiseArea.objects.all()}
    pillars = list(criteria_set.pillars.order_by("position", "code"))
    questions = criteria_set.questions.select_related("pillar").prefetch_related("options")
    return {
        "code": criteria_set.code,
        "kind": criteria_set.kind,
        "edition": criteria_set.edition,
        "name_vi": criteria_set.name_vi,
        "name_en": criteria_set.name_en,
        "description_vi": criteria_set.description_vi,
        "description_en": criteria_set.description_en,
        "sector_sections": list(criteria_set.sector_sections),
        "pillars": [
            {
                "code": p.code,
                "name_vi": names[p.code].name_vi if p.code in names else p.code,
                "name_en": names[p.code].name_en if p.code in names else p.code,
                "weight": float(p.weight),
                "phase": p.phase,
                "actions": p.actions,
            }
            for p in pillars
        ],
        "questions": [
            {
                "code": q.code,
                "pillar": q.pillar.code,
                "text_vi": q.text_vi,
                "text_en": q.text_en,
                "help_vi": q.help_vi,
                "help_en": q.help_en,
                "options": [
                    {"code": o.code, "text_vi": o.text_vi, "text_en": o.text_en, "points": o.points}
                    for o in sorted(q.options.all(), key=lambda o: (o.position, o.code))
                ],
            }
            for q in questions.order_by("position", "code")
        ],
        "levels": [
            {"level": t.level, "min_score": t.min_score} for t in criteria_set.thresholds.order_by("level")
        ],
    }


def criteria_sets_active() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(is_active=True).order_by("position", "code")


def criteria_set_basic() -> CriteriaSet | None:
    return criteria_sets_active().filter(kind=CriteriaSet.BASIC).first()


def criteria_sets_for_section(section_code: str | None) -> list[CriteriaSet]:
    """The basic set first, then the in-depth sets written for the enterprise's VSIC section."""
    sets = list(criteria_sets_active())
    return [s for s in sets if s.kind == CriteriaSet.BASIC] + [
        s for s in sets if s.kind == CriteriaSet.SECTOR and section_code in (s.sector_sections or [])
    ]


def enterprise_section_code(enterprise: Enterprise) -> str | None:
    sector = enterprise.primary_sector
    return sector.parent.code if sector.parent_id else sector.code


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """Officers read every assessment; members read their enterprises' assessments; others nothing."""
    base = Assessment.objects.select_related("enterprise", "criteria_set", "version").prefetch_related(
        "pillar_scores"
    )
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if user.is_officer or user.is_superuser:
        return base
    return base.filter(enterprise__memberships__user=user)


def assessment_latest_submitted(*, enterprise: Enterprise, criteria_set: CriteriaSet | None = None):
    """The latest submitted assessment; the basic set is preferred when no set is named."""
    query = (
        Assessment.objects.filter(enterprise=enterprise, status=Assessment.SUBMITTED)
        .select_related("version", "criteria_set")
        .prefetch_related("pillar_scores")
    )
    if criteria_set is not None:
        return query.filter(criteria_set=criteria_set).order_by("-submitted_at", "-pk").first()
    return (
        query.filter(criteria_set__kind=CriteriaSet.BASIC).order_by("-submitted_at", "-pk").first()
        or query.order_by("-submitted_at", "-pk").first()
    )


def assessment_previous(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(
            enterprise_id=assessment.enterprise_id,
            criteria_set_id=assessment.criteria_set_id,
            status=Assessment.SUBMITTED,
            submitted_at__lt=assessment.submitted_at,
        )
        .prefetch_related("pillar_scores")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def level_names() -> dict[int, str]:
    return {row.level: row.name for row in ReadinessLevel.objects.all()}


@dataclass
class PillarResult:
    code: str
    name: str
    score: Decimal
    weight: float
    previous: Decimal | None = None
    peer_average: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.score - self.previous


@dataclass
class AssessmentResult:
    assessment: Assessment
    level_name: str
    pillars: list[PillarResult]
    strongest: list[PillarResult]
    weakest: list[PillarResult]
    previous: Assessment | None = None
    peer_count: int = 0
    peer_overall: Decimal | None = None
    overall_change: Decimal | None = None
    extra: dict = field(default_factory=dict)

    @property
    def peers_shown(self) -> bool:
        return self.peer_count >= PEER_MINIMUM


def scores_of(assessment: Assessment) -> dict[str, Decimal]:
    return {row.pillar_code: row.score for row in assessment.pillar_scores.all()}


def peer_comparison(assessment: Assessment) -> tuple[int, Decimal | None, dict[str, Decimal]]:
    """Average of the latest submitted assessment (same set) of other enterprises of the same VSIC
    section and size class. Returns (count, overall average, per-pillar averages)."""
    enterprise = assessment.enterprise
    section = enterprise_section_code(enterprise)
    latest = (
        Assessment.objects.filter(
            enterprise=OuterRef("enterprise"),
            criteria_set_id=assessment.criteria_set_id,
            status=Assessment.SUBMITTED,
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    peers = (
        Assessment.objects.filter(
            criteria_set_id=assessment.criteria_set_id,
            status=Assessment.SUBMITTED,
            enterprise__size_class=enterprise.size_class,
        )
        .filter(enterprise__primary_sector__parent__code=section)
        .exclude(enterprise=enterprise)
        .filter(pk=Subquery(latest))
    )
    summary = peers.aggregate(count=Count("pk"), overall=Avg("overall_score"))
    count = summary["count"] or 0
    if count < PEER_MINIMUM:
        return count, None, {}
    pillar_avgs = {
        row["pillar_code"]: readiness.round1(row["avg"])
        for row in PillarScore.objects.filter(assessment__in=peers)
        .values("pillar_code")
        .annotate(avg=Avg("score"))
    }
    return count, readiness.round1(summary["overall"]), pillar_avgs


def assessment_result(assessment: Assessment) -> AssessmentResult:
    content = assessment.version.content
    scores = scores_of(assessment)
    previous = assessment_previous(assessment)
    previous_scores = scores_of(previous) if previous else {}
    peer_count, peer_overall, peer_pillars = peer_comparison(assessment)
    pillars = [
        PillarResult(
            code=p["code"],
            name=localised(p, "name"),
            score=scores[p["code"]],
            weight=p["weight"],
            previous=previous_scores.get(p["code"]),
            peer_average=peer_pillars.get(p["code"]),
        )
        for p in readiness.scored_pillars(content)
        if p["code"] in scores
    ]
    ordered = sorted(pillars, key=lambda r: (r.score, r.code))
    return AssessmentResult(
        assessment=assessment,
        level_name=level_names().get(assessment.level, str(assessment.level)),
        pillars=pillars,
        strongest=list(reversed(ordered[-2:])),
        weakest=ordered[:2],
        previous=previous,
        peer_count=peer_count,
        peer_overall=peer_overall,
        overall_change=(assessment.overall_score - previous.overall_score) if previous else None,
    )


def assessment_weakest_pillars(assessment: Assessment | None, count: int = 3) -> list[str]:
    """The pillars recommendations should address first. Weakest first, but pillars within the same
    WEAK_BAND of points count as equally weak (one answer step moves a pillar by about 5 points, so
    closer scores are noise); among those, the roadmap's earlier phase comes first (foundations, then
    processes and data, then growth), as the roadmap orders its steps."""
    if assessment is None:
        return []
    scores = scores_of(assessment)
    phases = {p["code"]: p.get("phase", 2) for p in assessment.version.content.get("pillars", [])}
    return sorted(
        scores, key=lambda code: (int(scores[code]) // WEAK_BAND, phases.get(code, 2), scores[code], code)
    )[:count]


# ---- roadmap ------------------------------------------------------------------------------------


def cost_ranges_by_category(category_codes: list[str]) -> dict[str, tuple[int, int, int]]:
    """{category code: (lowest price, highest price, number of solutions)} over published solutions."""
    rows = (
        solutions_public()
        .filter(category__code__in=category_codes)
        .order_by()
        .values("category__code")
        .annotate(low=Min("price"), high=Max("price"), n=Count("pk"))
    )
    return {row["category__code"]: (row["low"], row["high"], row["n"]) for row in rows}


@dataclass
class RoadmapStep:
    number: int
    pillar_code: str
    pillar_name: str
    score: Decimal
    phase: int
    action: str
    why: str
    categories: list[SolutionCategory]
    cost_min: int | None = None
    cost_max: int | None = None
    solution_count: int = 0


def _sector_content(enterprise: Enterprise, basic_code: str) -> dict | None:
    """Current content of the in-depth set for the enterprise's section, for sector-specific actions."""
    section = enterprise_section_code(enterprise)
    for criteria_set in criteria_sets_for_section(section):
        if criteria_set.kind == CriteriaSet.SECTOR:
            return criteria_set_content(criteria_set=criteria_set)
    return None


def roadmap_facts(assessment: Assessment) -> dict:
    """The SME's facts roadmap actions may depend on; None where unknown."""
    enterprise = assessment.enterprise
    sites = enterprise.sites
    sales = assessment.answers.get("customer-sales")
    return {
        "sites": None if sites is None else ("one" if sites <= 1 else "several"),
        # "only face to face" or "orders by phone, Zalo or Facebook" is not selling online yet
        "online": None if sales is None else sales not in ("a", "b"),
        "size": enterprise.size_class or None,
    }


def roadmap_for(assessment: Assessment) -> list[RoadmapStep]:
    """3–6 steps: the weakest pillars, foundations (phase 1) first, then by score (lowest first).

    The action text comes from the sector's in-depth set when it has one for that pillar, otherwise
    from the assessed set. Each step lists the solution categories that address the pillar and the
    indicative cost range of published solutions in them.
    """
    content = assessment.version.content
    pillars = {p["code"]: p for p in readiness.scored_pillars(content)}
    scores = scores_of(assessment)
    ranked = sorted(scores.items(), key=lambda item: (item[1], item[0]))
    weak = [code for code, score in ranked if score < ROADMAP_GOOD_ENOUGH][:ROADMAP_MAX_STEPS]
    # pillars that are already good only pad the plan to its minimum length, after the real gaps
    padding = [code for code, _score in ranked if code not in weak][: max(0, ROADMAP_MIN_STEPS - len(weak))]
    facts = roadmap_facts(assessment)
    sector_content = _sector_content(assessment.enterprise, content["code"])
    sector_pillars = {p["code"]: p for p in (sector_content or {}).get("pillars", [])}
    categories = list(SolutionCategory.objects.all())
    costs = cost_ranges_by_category([c.code for c in categories])
    ordered = sorted(weak, key=lambda code: (pillars[code].get("phase", 2), scores[code], code)) + padding
    steps = []
    for number, code in enumerate(ordered, start=1):
        pillar = pillars[code]
        score = scores[code]
        action = readiness.roadmap_action(
            sector_pillars.get(code, {}), score, facts
        ) or readiness.roadmap_action(pillar, score, facts)
        phase = pillar.get("phase", 2)
        if phase == 1:
            why = _("%(pillar)s scored %(score)s/100. It is a foundation: the other steps depend on it.")
        elif phase == 2:
            why = _("%(pillar)s scored %(score)s/100. Sound processes and data come before growth.")
        else:
            why = _("%(pillar)s scored %(score)s/100. It builds on the steps before it.")
        name = localised(pillar, "name")
        step_categories = [c for c in categories if code in (c.pillars or [])]
        ranges = [costs[c.code] for c in step_categories if c.code in costs]
        steps.append(
            RoadmapStep(
                number=number,
                pillar_code=code,
                pillar_name=name,
                score=score,
                phase=phase,
                action=localised(action, "text") if action else "",
                why=why % {"pillar": name, "score": score},
                categories=step_categories,
                cost_min=min((r[0] for r in ranges), default=None),
                cost_max=max((r[1] for r in ranges), default=None),
                solution_count=sum(r[2] for r in ranges),
            )
        )
    return steps


# ---- recommendations ----------------------------------------------------------------------------


@dataclass
class RecommendationItem:
    kind: str
    object_id: int
    rank: int
    score: Decimal
    reasons: list[dict]
    obj: object  # the Consultant or Solution (public selectors only)
    title: str
    url: str
    label: str = ""  # "strong" / "good" / "possible"
    label_text: str = ""
    breakdown: list[dict] = field(default_factory=list)  # per feature: name, points, possible


def recommendations_empty_message(*, kind: str, has_assessment: bool) -> str:
    if kind == "consultant":
        message = _(
            "No certified consultant fits your profile right now. The network grows every month: "
            "browse the registry or come back later."
        )
    else:
        message = _(
            "No published solution fits your profile right now. Browse the catalogue or come back later."
        )
    if not has_assessment:
        message += " " + _("Take the readiness assessment so that we can match you better.")
    return message


def recommendations_list(*, enterprise: Enterprise, kind: str) -> list[RecommendationItem]:
    """Stored recommendations with their objects, best first. Reads only: the caller refreshes stale
    ones first with `services.recommendations_ensure_fresh`.

    Objects come through the public selectors, so a consultant whose certificate lapsed since the
    last computation, or an unpublished solution, silently drops out.
    """
    rows = list(Recommendation.objects.filter(enterprise=enterprise, kind=kind).order_by("rank"))
    ids = [row.object_id for row in rows]
    objects: dict[int, object] = {}
    if ids and kind == Recommendation.CONSULTANT:
        objects = {c.pk: c for c in with_public_relations(consultants_public()).filter(pk__in=ids)}
    elif ids:
        objects = {s.pk: s for s in solutions_public().filter(pk__in=ids)}
    names = Names()
    items = []
    for row in rows:
        obj = objects.get(row.object_id)
        if obj is None:
            continue
        items.append(
            RecommendationItem(
                kind=kind,
                object_id=row.object_id,
                rank=row.rank,
                score=row.score,
                reasons=reasons_text(row.reasons, names),
                obj=obj,
                title=getattr(obj, "display_name", None) or getattr(obj, "name", ""),
                url=obj.get_absolute_url(),
                label=row.label,
                label_text=label_text(row.label),
                breakdown=breakdown_rows(row.breakdown or {}),
            )
        )
    return items


def recommendations_hidden_at_capacity(*, enterprise: Enterprise) -> int:
    """Fitting consultants the last ranking left out because they are fully booked."""
    state = RecommendationState.objects.filter(enterprise=enterprise).only("hidden_at_capacity").first()
    return state.hidden_at_capacity if state else 0


def enterprises_for_recommendations(user) -> QuerySet[Enterprise]:
    return enterprises_visible_to(user)
