"""Writes of reviews: write, edit (for a short time), reply once, report, hide or restore.

Every write that changes what counts (a new review, an edit within the window, hiding, restoring)
rewrites the `RatingSummary` rows of the consultant (and their firm) or the solution in the same
transaction, with the summary row locked, so two reviews at once cannot lose one another's count.
A solution's summary is also copied onto the solution (catalogue's service) and a consultant's
search document is refreshed: search's rating facet and sort, and matching, read those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.services import solution_rating_record
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_record
from marketplace.core.locks import lock_row
from marketplace.core.transitions import transition
from search import outbox

from . import selectors
from . import workflow as wf
from .errors import (
    AlreadyReplied,
    AlreadyReviewed,
    InvalidReview,
    NotAllowed,
    ReviewChanged,
    ReviewLocked,
    ReviewTransitionRefused,
)
from .models import CRITERIA, RatingSummary, Review, ReviewReport, ReviewStatus, SubjectKind, SummaryKind

TEXT_MIN, TEXT_MAX = 20, 4000


def _quantize(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _clean_scores(subject_kind: str, scores: Any) -> dict[str, int]:
    """Every named criterion of the subject, 1–5 whole stars; nothing else."""
    codes = [code for code, _label in CRITERIA[subject_kind]]
    if not isinstance(scores, Mapping):
        message = _("Give stars (1 to 5) on each criterion.")
        raise InvalidReview(message, fields={"scores": [message]})
    fields: dict[str, list[str]] = {}
    unknown = sorted(set(scores) - set(codes))
    if unknown:
        fields["scores"] = [_("Unknown criteria: %(names)s.") % {"names": ", ".join(map(str, unknown))}]
    clean = {}
    for code in codes:
        value = scores.get(code)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            fields[f"scores.{code}"] = [_("Give 1 to 5 stars.")]
        else:
            clean[code] = value
    if fields:
        raise InvalidReview(fields=fields)
    return clean


def _clean_text(text: Any) -> str:
    text = (text if isinstance(text, str) else "").strip()
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        message = _("Write between %(min)d and %(max)d characters about your experience.") % {
            "min": TEXT_MIN,
            "max": TEXT_MAX,
        }
        raise InvalidReview(message, fields={"text": [message]})
    return text


def _overall(scores: Mapping[str, int]) -> Decimal:
    return _quantize(sum(scores.values()) / len(scores))


# ---------------------------------------------------------------- summaries


def _summary_targets(review: Review) -> list[tuple[str, int]]:
    if review.subject_kind == SubjectKind.SOLUTION:
        return [(SummaryKind.SOLUTION, review.solution_id)]
    targets = [(SummaryKind.CONSULTANT, review.consultant_id)]
    if review.firm_id:
        targets.append((SummaryKind.FIRM, review.firm_id))
    return targets


def summary_refresh(kind: str, object_id: int, *, now: dt.datetime | None = None) -> RatingSummary:
    """Rewrite one summary from the visible reviews (inside the caller's transaction, row locked)."""
    now = now or timezone.now()
    with transaction.atomic():
        created, _new = RatingSummary.objects.get_or_create(kind=kind, object_id=object_id)
        summary = lock_row(RatingSummary.objects.all(), created.pk)
        field = {"consultant": "consultant_id", "firm": "firm_id", "solution": "solution_id"}[kind]
        rows = list(
            Review.objects.filter(**{field: object_id}, status=ReviewStatus.VISIBLE).values_list(
                "scores", "overall", "created_at"
            )
        )
        span = dt.timedelta(days=settings.REVIEWS_TREND_DAYS)
        recent = [float(o) for _s, o, at in rows if at >= now - span]
        previous = [float(o) for _s, o, at in rows if now - 2 * span <= at < now - span]
        totals: dict[str, list[int]] = {}
        for scores, _overall_value, _at in rows:
            for code, value in scores.items():
                totals.setdefault(code, []).append(value)
        count = len(rows)
        mean = sum(float(o) for _s, o, _a in rows) / count if count else None
        flagged = bool(
            count >= settings.REVIEWS_LOW_RATING_MIN_COUNT
            and mean is not None
            and mean < settings.REVIEWS_LOW_RATING_THRESHOLD
        )
        was_flagged = summary.flagged
        summary.count = count
        summary.mean = _quantize(mean)
        summary.criteria = {code: round(sum(v) / len(v), 2) for code, v in totals.items()}
        summary.recent_count = len(recent)
        summary.recent_mean = _quantize(sum(recent) / len(recent)) if recent else None
        summary.previous_mean = _quantize(sum(previous) / len(previous)) if previous else None
        summary.flagged = flagged
        summary.save()
        if flagged != was_flagged:
            audit_record(
                subject=summary,
                actor=None,
                action="rating.flag" if flagged else "rating.unflag",
                from_state="flagged" if was_flagged else "",
                to_state="flagged" if flagged else "",
                data={"kind": kind, "object_id": object_id, "mean": str(summary.mean), "count": count},
            )
        if kind == SummaryKind.SOLUTION:
            solution_rating_record(solution_id=object_id, average=summary.mean, count=count)
        elif kind == SummaryKind.CONSULTANT:
            outbox.enqueue("consultants.consultant", [object_id])
    return summary


def _refresh_for(review: Review) -> None:
    for kind, object_id in _summary_targets(review):
        summary_refresh(kind, object_id)


# ---------------------------------------------------------------- writes


def review_create(*, user, deal_kind: str, deal_id: int, scores: Any, text: Any) -> Review:
    """A verified client reviews a deal of their enterprise, once."""
    deal = selectors.deal_for_review(user=user, deal_kind=deal_kind, deal_id=deal_id)
    clean_scores = _clean_scores(deal.subject_kind, scores)
    clean_text = _clean_text(text)
    now = timezone.now()
    try:
        with transaction.atomic():
            review = Review.objects.create(
                subject_kind=deal.subject_kind,
                consultant_id=deal.consultant_id,
                solution_id=deal.solution_id,
                firm_id=deal.firm_id,
                deal_kind=deal.kind,
                deal_id=deal.pk,
                enterprise_id=deal.enterprise_id,
                author=user,
                scores=clean_scores,
                overall=_overall(clean_scores),
                text=clean_text,
                editable_until=now + selectors.edit_window(),
            )
            audit_record(
                subject=review,
                actor=user,
                action="review.publish",
                to_state=ReviewStatus.VISIBLE,
                data={"deal": f"{deal.kind}:{deal.pk}", "scores": clean_scores},
            )
            _refresh_for(review)
    except IntegrityError as exc:
        raise AlreadyReviewed() from exc
    return review


def review_edit(*, review: Review, user, scores: Any = None, text: Any = None) -> Review:
    """The reviewing enterprise edits its review while the window is open; then it is fixed."""
    if not selectors.is_author_side(review, user):
        raise NotAllowed()
    clean_scores = _clean_scores(review.subject_kind, scores) if scores is not None else None
    clean_text = _clean_text(text) if text is not None else None
    with transaction.atomic():
        current = lock_row(Review.objects.all(), review.pk)
        if current.status != ReviewStatus.VISIBLE or timezone.now() >= current.editable_until:
            raise ReviewLocked()
        values: dict[str, Any] = {}
        if clean_scores is not None:
            values["scores"] = clean_scores
            values["overall"] = _overall(clean_scores)
        if clean_text is not None:
            values["text"] = clean_text
        if not values:
            return current
        for name, value in values.items():
            setattr(current, name, value)
        current.save(update_fields=[*values, "updated_at"])
        audit_record(
            subject=current,
            actor=user,
            action="review.edit",
            data={"scores": current.scores} if clean_scores is not None else {},
        )
        if clean_scores is not None:
            _refresh_for(current)
    return current


def review_reply(*, review: Review, user, text: Any) -> Review:
    """The reviewed provider answers once, publicly."""
    if not selectors.is_provider_side(review, user):
        raise NotAllowed()
    text = (text if isinstance(text, str) else "").strip()
    if not 1 <= len(text) <= TEXT_MAX:
        message = _("Write your reply (at most %(max)d characters).") % {"max": TEXT_MAX}
        raise InvalidReview(message, fields={"text": [message]})
    with transaction.atomic():
        # compare-and-swap: of two replies at once exactly one is recorded
        updated = Review.objects.filter(pk=review.pk, reply_text="").update(
            reply_text=text, reply_by=user, replied_at=timezone.now()
        )
        if updated != 1:
            raise AlreadyReplied()
        audit_record(subject=review, actor=user, action="review.reply")
    review.refresh_from_db()
    return review


def review_report(*, review: Review, user, reason: Any) -> ReviewReport:
    """Anyone signed in reports a review; a second report by the same person changes nothing."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed()
    reason = (reason if isinstance(reason, str) else "").strip()
    if not 5 <= len(reason) <= 2000:
        message = _("Say what is wrong with this review (5 to 2000 characters).")
        raise InvalidReview(message, fields={"reason": [message]})
    with transaction.atomic():
        current = lock_row(Review.objects.all(), review.pk)
        existing = ReviewReport.objects.filter(review=current, reporter=user).first()
        if existing is not None:
            return existing
        report = ReviewReport.objects.create(review=current, reporter=user, reason=reason)
        Review.objects.filter(pk=current.pk).update(reports_open=current.reports_open + 1)
        audit_record(subject=current, actor=user, action="review.report", reason=reason)
    return report


def _require_officer(user) -> None:
    if not is_officer(user):
        raise NotAllowed(_("Only the department's officers moderate reviews."))


def _moderate(*, review: Review, officer, action: str, reason: Any) -> Review:
    _require_officer(officer)
    reason = (reason if isinstance(reason, str) else "").strip()
    if not reason:
        message = _("Give a reason: it is recorded with the decision.")
        raise InvalidReview(message, fields={"reason": [message]})
    with transaction.atomic():
        transition(
            review,
            workflow=wf.REVIEW_WORKFLOW,
            action=action,
            actor=officer,
            reason=reason,
            changes={"status_reason": reason, "reports_open": 0},
            invalid_error=ReviewTransitionRefused,
            conflict_error=ReviewChanged,
        )
        ReviewReport.objects.filter(review=review, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        _refresh_for(review)
    return review


def review_hide(*, review: Review, officer, reason: Any) -> Review:
    return _moderate(review=review, officer=officer, action=wf.HIDE, reason=reason)


def review_restore(*, review: Review, officer, reason: Any) -> Review:
    return _moderate(review=review, officer=officer, action=wf.RESTORE, reason=reason)


def reports_dismiss(*, review: Review, officer, reason: Any) -> Review:
    """The officer keeps the review as it is and closes its reports."""
    _require_officer(officer)
    reason = (reason if isinstance(reason, str) else "").strip()
    if not reason:
        message = _("Give a reason: it is recorded with the decision.")
        raise InvalidReview(message, fields={"reason": [message]})
    with transaction.atomic():
        ReviewReport.objects.filter(review=review, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        Review.objects.filter(pk=review.pk).update(reports_open=0)
        audit_record(subject=review, actor=officer, action="review.reports_dismiss", reason=reason)
    review.refresh_from_db()
    return review
