"""Writes: criteria-set versions, assessments (start, answer, submit), recommendations and dismissals."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.audit import audit_record
from marketplace.core.errors import DomainError
from marketplace.core.locks import lock_row
from marketplace.core.transitions import transition
from marketplace.core.versions import freeze_version
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprise_is_member

from . import candidates, readiness, scoring
from .errors import (
    AssessmentAlreadySubmitted,
    AssessmentIncomplete,
    AssessmentSubmitted,
    CriteriaSetUnavailable,
    NotEnterpriseMember,
    OptionNotInQuestion,
    UnknownQuestion,
)
from .models import (
    ASSESSMENT_WORKFLOW,
    Assessment,
    CriteriaSet,
    CriteriaSetVersion,
    Dismissal,
    PillarScore,
    Recommendation,
    RecommendationState,
)
from .selectors import assessment_latest_submitted, criteria_set_content

# ---- criteria-set versions -------------------------------------------------------------------


def criteria_version_current(*, criteria_set: CriteriaSet) -> CriteriaSetVersion:
    """The frozen version matching the set's current content, created on first use.

    Versions are identified by a checksum of the content, so an edit in admin yields a new version
    the next time someone starts an assessment, and existing versions are never touched.
    """
    version = freeze_version(
        CriteriaSetVersion,
        scope={"criteria_set": criteria_set},
        content=criteria_set_content(criteria_set=criteria_set),
    )
    if version is not None:
        return version
    raise CriteriaSetUnavailable(_("The criteria set is being changed. Try again in a moment."))


# ---- assessments ----------------------------------------------------------------------------


def _require_member(*, enterprise: Enterprise, user) -> None:
    if not enterprise_is_member(enterprise=enterprise, user=user):
        raise NotEnterpriseMember()


def _locked(assessment: Assessment) -> Assessment:
    return lock_row(Assessment.objects.select_related("version"), assessment.pk)


@transaction.atomic
def assessment_start(*, enterprise: Enterprise, user, criteria_set: CriteriaSet) -> Assessment:
    """Resume the enterprise's assessment in progress for this set, or start one on the current version."""
    _require_member(enterprise=enterprise, user=user)
    if not criteria_set.is_active:
        raise CriteriaSetUnavailable()
    draft = Assessment.objects.filter(
        enterprise=enterprise, criteria_set=criteria_set, status=Assessment.DRAFT
    ).first()
    if draft:
        return draft
    version = criteria_version_current(criteria_set=criteria_set)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                enterprise=enterprise, criteria_set=criteria_set, version=version, started_by=user
            )
    except IntegrityError:
        # another member started it at the same moment: both continue the same draft
        return Assessment.objects.get(
            enterprise=enterprise, criteria_set=criteria_set, status=Assessment.DRAFT
        )
    audit_record(subject=assessment, actor=user, action="assessment.start", to_state=Assessment.DRAFT)
    return assessment


def validate_answers(*, content: dict, answers: dict[str, str]) -> None:
    questions = readiness.question_index(content)
    unknown = [code for code in answers if code not in questions]
    if unknown:
        raise UnknownQuestion(fields={code: [str(UnknownQuestion.default_message)] for code in unknown})
    wrong = {
        code: [str(OptionNotInQuestion.default_message)]
        for code, option in answers.items()
        if option not in {o["code"] for o in questions[code]["options"]}
    }
    if wrong:
        raise OptionNotInQuestion(fields=wrong)


@transaction.atomic
def assessment_answer(*, assessment: Assessment, user, answers: dict[str, str]) -> Assessment:
    """Save some answers (a page, or one question); earlier answers to other questions are kept."""
    _require_member(enterprise=assessment.enterprise, user=user)
    locked = _locked(assessment)
    if locked.status != Assessment.DRAFT:
        raise AssessmentSubmitted()
    answers = {str(k): str(v) for k, v in answers.items()}
    validate_answers(content=locked.version.content, answers=answers)
    locked.answers = {**locked.answers, **answers}
    locked.save(update_fields=["answers", "updated_at"])
    return locked


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    """Score and freeze the assessment. Refused when incomplete or already submitted."""
    _require_member(enterprise=assessment.enterprise, user=user)
    locked = _locked(assessment)
    content = locked.version.content

    def complete(_state: str) -> None:
        missing = readiness.unanswered(content, locked.answers)
        if missing:
            raise AssessmentIncomplete(
                _("%(count)d questions are not answered yet.") % {"count": len(missing)},
                fields={"unanswered": missing},
            )

    scores = readiness.pillar_scores(content, locked.answers)
    overall = readiness.overall_score(content, scores)
    level = readiness.level_for(content, overall)
    transition(
        locked,
        workflow=ASSESSMENT_WORKFLOW,
        action="assessment.submit",
        actor=user,
        changes={
            "overall_score": overall,
            "level": level,
            "submitted_at": timezone.now(),
            "submitted_by": user,
        },
        data={"overall_score": str(overall), "level": level, "version": locked.version.number},
        guard=complete,
        invalid_error=AssessmentAlreadySubmitted,
        conflict_error=AssessmentAlreadySubmitted,
    )
    PillarScore.objects.bulk_create(
        [PillarScore(assessment=locked, pillar_code=code, score=score) for code, score in scores.items()]
    )
    locked.refresh_from_db()
    recommendations_mark_stale(enterprise_ids=[locked.enterprise_id])
    return locked


# ---- recommendations ------------------------------------------------------------------------


def recommendations_mark_stale(*, enterprise_ids=None) -> int:
    """Flag stored recommendations for recomputation on next read (None = every enterprise).

    Cheap by design: called on assessment submit, and by `recommendations_refresh --stale-all`
    after candidates change; profile changes are caught by the fingerprint check on read.
    """
    query = RecommendationState.objects.all()
    if enterprise_ids is not None:
        query = query.filter(enterprise_id__in=list(enterprise_ids))
    return query.update(stale=True)


@transaction.atomic
def recommendation_dismiss(
    *, enterprise: Enterprise, user, kind: str, object_id: int, reason: str
) -> Dismissal:
    _require_member(enterprise=enterprise, user=user)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Tell us why this does not suit you."),
            code="reason_required",
            fields={"reason": [_("This field is required.")]},
        )
    dismissal, _created = Dismissal.objects.update_or_create(
        enterprise=enterprise,
        kind=kind,
        object_id=object_id,
        defaults={"reason": reason[:500], "dismissed_by": user},
    )
    Recommendation.objects.filter(enterprise=enterprise, kind=kind, object_id=object_id).delete()
    recommendations_mark_stale(enterprise_ids=[enterprise.pk])
    return dismissal


RECOMMENDATION_LIMIT = 10
RECOMMENDATION_TTL_HOURS = 24  # free slots move with time: recompute at least daily


_NO_ASSESSMENT = object()


def recommendations_fingerprint(*, enterprise: Enterprise, assessment=_NO_ASSESSMENT, stamp=None) -> str:
    if assessment is _NO_ASSESSMENT:
        assessment = assessment_latest_submitted(enterprise=enterprise)
    parts = [
        enterprise.updated_at.isoformat() if enterprise.updated_at else "",
        str(assessment.pk if assessment else 0),
        stamp if stamp is not None else candidates.candidates_stamp(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _rank(*, enterprise: Enterprise, assessment, dismissed: dict[str, set[int]], run) -> dict[str, list]:
    profile = candidates.profile_for(enterprise, assessment)
    ranked = {
        Recommendation.CONSULTANT: scoring.rank_consultants(
            profile,
            candidates.consultant_candidates(profile, run=run),
            now=run.now,
            dismissed=dismissed.get(Recommendation.CONSULTANT, set()),
            limit=RECOMMENDATION_LIMIT,
        ),
        Recommendation.SOLUTION: scoring.rank_solutions(
            profile,
            candidates.solution_candidates(profile, run=run),
            dismissed=dismissed.get(Recommendation.SOLUTION, set()),
            limit=RECOMMENDATION_LIMIT,
        ),
    }
    run.loads_replace(
        enterprise.pk,
        [item.candidate.id for item in ranked[Recommendation.CONSULTANT][: scoring.VISIBLE_RANKS]],
    )
    return ranked


def _rows(enterprise: Enterprise, ranked: dict[str, list]) -> list:
    return [
        Recommendation(
            enterprise=enterprise,
            kind=kind,
            object_id=item.candidate.id,
            rank=rank,
            score=readiness.round1(item.score),
            reasons=[reason.as_dict() for reason in item.reasons],
            label=item.label,
            breakdown=item.breakdown(
                scoring.CONSULTANT_WEIGHTS if kind == Recommendation.CONSULTANT else scoring.SOLUTION_WEIGHTS
            ),
        )
        for kind, items in ranked.items()
        for rank, item in enumerate(items, start=1)
    ]


@transaction.atomic
def recommendations_recompute(*, enterprise: Enterprise, now=None, run=None) -> RecommendationState:
    """Rank consultants and solutions for the enterprise and store them (rows carry score and reasons).

    Stored consultant rows within the visible ranks are the load that bounds what others are shown.
    `run` (a candidates.MatchingRun) shares what was read already with other enterprises of a batch.
    """
    run = run or candidates.MatchingRun(now=now)
    now = run.now
    # serialise recomputes of one enterprise (the state row is the lock)
    state, _created = RecommendationState.objects.get_or_create(enterprise=enterprise)
    state = RecommendationState.objects.select_for_update().get(pk=state.pk)
    assessment = assessment_latest_submitted(enterprise=enterprise)
    fingerprint = recommendations_fingerprint(enterprise=enterprise, assessment=assessment)
    dismissed: dict[str, set[int]] = {}
    for kind, object_id in Dismissal.objects.filter(enterprise=enterprise).values_list("kind", "object_id"):
        dismissed.setdefault(kind, set()).add(object_id)
    ranked = _rank(enterprise=enterprise, assessment=assessment, dismissed=dismissed, run=run)
    Recommendation.objects.filter(enterprise=enterprise).delete()
    Recommendation.objects.bulk_create(_rows(enterprise, ranked))
    state.stale = False
    state.fingerprint = fingerprint
    state.computed_at = now
    state.hidden_at_capacity = getattr(ranked[Recommendation.CONSULTANT], "hidden_at_capacity", 0)
    state.save(update_fields=["stale", "fingerprint", "computed_at", "hidden_at_capacity"])
    return state


def _latest_assessments(enterprise_ids: list[int]) -> dict[int, Assessment]:
    """Per enterprise, the assessment `assessment_latest_submitted` returns, for many in two queries."""
    rows = (
        Assessment.objects.filter(enterprise_id__in=enterprise_ids, status=Assessment.SUBMITTED)
        .select_related("version", "criteria_set")
        .prefetch_related("pillar_scores")
        .order_by("enterprise_id", "-submitted_at", "-pk")
    )
    latest: dict[int, Assessment] = {}
    for assessment in rows:
        current = latest.get(assessment.enterprise_id)
        # the basic set is preferred; otherwise the latest of any set
        if current is None or (
            assessment.criteria_set.kind == CriteriaSet.BASIC
            and current.criteria_set.kind != CriteriaSet.BASIC
        ):
            latest[assessment.enterprise_id] = assessment
    return latest


def recommendations_recompute_many(*, enterprises, now=None, chunk_size: int = 200, progress=None) -> int:
    """Recompute many enterprises (e.g. all of them) in chunks sharing one MatchingRun.

    Same results as calling `recommendations_recompute` for each in turn: consultant loads are read
    once and kept current in memory as each enterprise is ranked, so capacity still spreads the
    recommendations. Per chunk: one transaction, the chunk's state rows locked, its assessments,
    dismissals and rows read and written in bulk. Returns the number of enterprises recomputed.
    """
    run = candidates.MatchingRun(now=now)
    run.track_loads()
    stamp = candidates.candidates_stamp()
    count = 0
    chunk: list[Enterprise] = []

    def flush() -> None:
        nonlocal count
        ids = [e.pk for e in chunk]
        with transaction.atomic():
            existing = set(
                RecommendationState.objects.filter(enterprise_id__in=ids).values_list(
                    "enterprise_id", flat=True
                )
            )
            RecommendationState.objects.bulk_create(
                [RecommendationState(enterprise_id=pk) for pk in ids if pk not in existing],
                ignore_conflicts=True,
            )
            states = {
                s.enterprise_id: s
                for s in RecommendationState.objects.select_for_update()
                .filter(enterprise_id__in=ids)
                .order_by("pk")
            }
            assessments = _latest_assessments(ids)
            dismissed: dict[int, dict[str, set[int]]] = {}
            for pk, kind, object_id in Dismissal.objects.filter(enterprise_id__in=ids).values_list(
                "enterprise_id", "kind", "object_id"
            ):
                dismissed.setdefault(pk, {}).setdefault(kind, set()).add(object_id)
            rows = []
            for enterprise in chunk:
                assessment = assessments.get(enterprise.pk)
                ranked = _rank(
                    enterprise=enterprise,
                    assessment=assessment,
                    dismissed=dismissed.get(enterprise.pk, {}),
                    run=run,
                )
                rows += _rows(enterprise, ranked)
                state = states[enterprise.pk]
                state.stale = False
                state.fingerprint = recommendations_fingerprint(
                    enterprise=enterprise, assessment=assessment, stamp=stamp
                )
                state.computed_at = run.now
                state.hidden_at_capacity = getattr(ranked[Recommendation.CONSULTANT], "hidden_at_capacity", 0)
            Recommendation.objects.filter(enterprise_id__in=ids).delete()
            Recommendation.objects.bulk_create(rows, batch_size=2000)
            RecommendationState.objects.bulk_update(
                list(states.values()),
                ["stale", "fingerprint", "computed_at", "hidden_at_capacity"],
                batch_size=1000,
            )
        count += len(chunk)
        if progress:
            progress(len(chunk))
        chunk.clear()

    for enterprise in enterprises:
        chunk.append(enterprise)
        if len(chunk) >= chunk_size:
            flush()
    if chunk:
        flush()
    return count


def recommendations_refresh(*, everything: bool = False) -> int:
    """Recompute the enterprises flagged stale or never computed (all of them with `everything`);
    returns how many. The scheduled job (matching.tasks) and `recommendations_refresh` run this."""
    candidates.stamp_forget()
    enterprises = Enterprise.objects.order_by("pk")
    if not everything:
        fresh = RecommendationState.objects.filter(stale=False).values("enterprise_id")
        enterprises = enterprises.exclude(pk__in=fresh)
    # chunks sharing one run: search answers, candidates and capacity are read once per run
    return recommendations_recompute_many(
        enterprises=enterprises.select_related(
            "primary_sector__parent", "main_activity", "ward__parent"
        ).iterator(chunk_size=500)
    )


def recommendations_ensure_fresh(*, enterprise: Enterprise) -> RecommendationState:
    """Recompute on read when flagged stale, when the inputs changed, or when older than the TTL."""
    state = RecommendationState.objects.filter(enterprise=enterprise).first()
    if (
        state is None
        or state.stale
        or state.computed_at is None
        or state.computed_at < timezone.now() - timedelta(hours=RECOMMENDATION_TTL_HOURS)
        or state.fingerprint != recommendations_fingerprint(enterprise=enterprise)
    ):
        return recommendations_recompute(enterprise=enterprise)
    return state
