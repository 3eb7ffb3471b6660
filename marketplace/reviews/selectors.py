"""Reads for reviews: which deals a user may review, who may reply, what the public sees, summaries.

Nothing here computes an aggregate over reviews: `RatingSummary` rows are written by the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Solution, VendorMembership
from consultants.bookings.models import Booking, BookingStatus
from consultants.models import Consultant, ConsultingFirm, FirmMembership
from marketplace.accounts.roles import is_officer
from marketplace.engagements.models import Engagement, EngagementStatus
from marketplace.engagements.selectors import is_provider
from marketplace.enterprises.selectors import enterprises_of
from marketplace.orders.models import Order, OrderStatus

from .errors import DealNotFound, NotReviewable, ReviewNotFound
from .models import CRITERIA, DealKind, RatingSummary, Review, ReviewStatus, SubjectKind


def edit_window() -> dt.timedelta:
    return dt.timedelta(hours=settings.REVIEWS_EDIT_HOURS)


def solution_min_days_in_use() -> int:
    return settings.REVIEWS_SOLUTION_MIN_DAYS_IN_USE


@dataclass(frozen=True)
class Deal:
    """A deal seen from the review's side: what is reviewed, for whom, and whether it may be yet."""

    kind: str
    pk: int
    enterprise_id: int
    subject_kind: str
    consultant_id: int | None
    solution_id: int | None
    title: str
    reviewable: bool
    firm_id: int | None = None


def _firm_of(consultant_id: int) -> int | None:
    return (
        FirmMembership.objects.filter(consultant_id=consultant_id).values_list("firm_id", flat=True).first()
    )


def _deal_from(kind: str, obj, now: dt.datetime) -> Deal:
    if kind == DealKind.ENGAGEMENT:
        return Deal(
            kind,
            obj.pk,
            obj.enterprise_id,
            SubjectKind.CONSULTANT,
            obj.consultant_id,
            None,
            obj.title,
            obj.status == EngagementStatus.COMPLETED,
        )
    if kind == DealKind.BOOKING:
        return Deal(
            kind,
            obj.pk,
            obj.enterprise_id,
            SubjectKind.CONSULTANT,
            obj.consultant_id,
            None,
            obj.topic,
            obj.status == BookingStatus.HELD,
        )
    in_use_long_enough = (
        obj.status in (OrderStatus.IN_USE, OrderStatus.ENDED)
        and obj.in_use_at is not None
        and obj.in_use_at <= now - dt.timedelta(days=solution_min_days_in_use())
    )
    return Deal(
        kind,
        obj.pk,
        obj.enterprise_id,
        SubjectKind.SOLUTION,
        None,
        obj.solution_id,
        f"{obj.solution.name} · {obj.plan_name}",
        in_use_long_enough,
    )


_MODELS = {DealKind.ENGAGEMENT: Engagement, DealKind.BOOKING: Booking, DealKind.ORDER: Order}


def deal_for_review(*, user, deal_kind: str, deal_id: int, now: dt.datetime | None = None) -> Deal:
    """The deal `user` wants to review: one of their enterprises' deals, reviewable now.

    Another enterprise's deal, or one that does not exist, is the same 404 (nothing is learnt);
    one of your own deals that is not complete is a 400 saying what is needed.
    """
    now = now or timezone.now()
    model = _MODELS.get(deal_kind)
    if model is None or not getattr(user, "is_authenticated", False):
        raise DealNotFound()
    queryset = model.objects.filter(pk=deal_id, enterprise__in=enterprises_of(user))
    if model is Order:
        queryset = queryset.select_related("solution")
    obj = queryset.first()
    if obj is None:
        raise DealNotFound()
    deal = _deal_from(deal_kind, obj, now)
    if not deal.reviewable:
        raise NotReviewable()
    if deal.consultant_id:
        deal = Deal(**{**deal.__dict__, "firm_id": _firm_of(deal.consultant_id)})
    return deal


def deals_to_review(user, now: dt.datetime | None = None) -> list[Deal]:
    """The user's enterprises' deals that may be reviewed and are not yet (newest first, at most 50)."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return []
    enterprises = enterprises_of(user)
    reviewed = {
        (kind, pk)
        for kind, pk in Review.objects.filter(enterprise__in=enterprises).values_list("deal_kind", "deal_id")
    }
    cutoff = now - dt.timedelta(days=solution_min_days_in_use())
    found: list[Deal] = []
    for obj in Engagement.objects.filter(enterprise__in=enterprises, status=EngagementStatus.COMPLETED)[:50]:
        found.append(_deal_from(DealKind.ENGAGEMENT, obj, now))
    for obj in Booking.objects.filter(enterprise__in=enterprises, status=BookingStatus.HELD).order_by(
        "-start_at"
    )[:50]:
        found.append(_deal_from(DealKind.BOOKING, obj, now))
    for obj in Order.objects.filter(
        enterprise__in=enterprises,
        status__in=(OrderStatus.IN_USE, OrderStatus.ENDED),
        in_use_at__lte=cutoff,
    ).select_related("solution")[:50]:
        found.append(_deal_from(DealKind.ORDER, obj, now))
    return [d for d in found if (d.kind, d.pk) not in reviewed]


def reviews_public() -> QuerySet[Review]:
    return Review.objects.filter(status=ReviewStatus.VISIBLE).select_related(
        "enterprise", "consultant", "solution"
    )


def reviews_of(kind: str, pk: int) -> QuerySet[Review]:
    """Visible reviews of a consultant or a solution, newest first."""
    field = "consultant_id" if kind == SubjectKind.CONSULTANT else "solution_id"
    return reviews_public().filter(**{field: pk})


def may_see_hidden(user) -> bool:
    return is_officer(user)


def review_get_for(*, user, pk) -> Review:
    """A visible review for anyone; a hidden one for officers and its author's enterprise only."""
    review = Review.objects.select_related("enterprise", "consultant", "solution").filter(pk=pk).first()
    if review is None:
        raise ReviewNotFound()
    if review.status != ReviewStatus.VISIBLE and not (
        is_officer(user) or enterprises_of(user).filter(pk=review.enterprise_id).exists()
    ):
        raise ReviewNotFound()
    return review


def is_author_side(review: Review, user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and enterprises_of(user).filter(pk=review.enterprise_id).exists()
    )


def is_provider_side(review: Review, user) -> bool:
    """May `user` answer for the reviewed provider: the consultant (or their firm's administrator),
    or a member of the solution's vendor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if review.subject_kind == SubjectKind.CONSULTANT:
        return is_provider(review.consultant, user)
    return VendorMembership.objects.filter(vendor_id=review.solution.vendor_id, user=user).exists()


def reviews_reported() -> QuerySet[Review]:
    """The officers' queue: reviews with open reports, most reported first."""
    return (
        Review.objects.filter(reports_open__gt=0)
        .select_related("enterprise", "consultant", "solution")
        .prefetch_related("reports")
        .order_by("-reports_open", "created_at")
    )


def summary(kind: str, pk: int) -> RatingSummary | None:
    return RatingSummary.objects.filter(kind=kind, object_id=pk, count__gt=0).first()


def summaries_flagged() -> QuerySet[RatingSummary]:
    """Consultants, firms and solutions rated under the threshold over enough reviews."""
    return RatingSummary.objects.filter(flagged=True).order_by("mean", "-count")


def _criteria_of(kind: str):
    return CRITERIA[SubjectKind.SOLUTION if kind == "solution" else SubjectKind.CONSULTANT]


def rating_facts(kind: str, ids: list[int]) -> dict[int, dict]:
    """The reader registered in marketplace.core.reputation (one query over the summaries)."""
    rows = RatingSummary.objects.filter(kind=kind, object_id__in=ids, count__gt=0)
    return {
        row.object_id: {
            "rating": float(row.mean),
            "rating_count": row.count,
            "rating_criteria": row.criteria,
            "rating_rows": [
                (label, row.criteria[code]) for code, label in _criteria_of(kind) if code in row.criteria
            ],
            "rating_trend": row.trend,
            "rating_flagged": row.flagged,
            "rating_url": reverse("reviews:subject", args=[kind, row.object_id]) if kind != "firm" else "",
        }
        for row in rows
    }


def reviews_written_by(user) -> QuerySet[Review]:
    """Reviews written by the user's enterprises (hidden ones included: they are theirs)."""
    if not getattr(user, "is_authenticated", False):
        return Review.objects.none()
    return (
        Review.objects.filter(enterprise__in=enterprises_of(user))
        .select_related("consultant", "solution")
        .order_by("-created_at", "-pk")
    )


def flagged_rows() -> list[dict]:
    """The flagged summaries with the name and page of what they sum up (for the officers' page)."""
    rows = list(summaries_flagged()[:200])
    names: dict[tuple[str, int], tuple[str, str]] = {}
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.object_id)
    for c in Consultant.objects.filter(pk__in=by_kind.get("consultant", [])):
        names[("consultant", c.pk)] = (c.display_name, c.get_absolute_url())
    for s in Solution.objects.filter(pk__in=by_kind.get("solution", [])):
        names[("solution", s.pk)] = (s.name, s.get_absolute_url())
    for f in ConsultingFirm.objects.filter(pk__in=by_kind.get("firm", [])):
        names[("firm", f.pk)] = (f.name, f.get_absolute_url())
    return [
        {
            "summary": row,
            "name": names.get((row.kind, row.object_id), ("?", ""))[0],
            "url": names.get((row.kind, row.object_id), ("?", ""))[1],
        }
        for row in rows
    ]
