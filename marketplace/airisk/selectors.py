"""Reads: who may see which classification, the reviewers with AI expertise, the solutions' facts."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from catalogue.models import Solution
from catalogue.selectors import vendors_of
from consultants.models import Consultant
from consultants.selectors import consultant_of, consultants_public
from marketplace.accounts.roles import is_officer
from marketplace.enterprises.selectors import enterprises_of

from .errors import ClassificationNotFound, ReviewRequestNotFound
from .models import Classification, ClassificationStatus, ReviewRequest, ReviewStatus

# the taxonomy expertise area a reviewer must have (data/taxonomy/expertise_areas.csv)
REVIEWER_EXPERTISE = "ai"

# the states in which a classification of a catalogue solution is shown next to its AI risk class
SHOWN_ON_SOLUTION = (
    ClassificationStatus.PROVISIONAL,
    ClassificationStatus.REVIEW_REQUESTED,
    ClassificationStatus.REVIEWED,
)


REVIEWER_SEES = (ReviewStatus.REQUESTED, ReviewStatus.CONFIRMED, ReviewStatus.CHANGED)


def _base() -> QuerySet[Classification]:
    return Classification.objects.select_related(
        "enterprise", "vendor", "solution", "version", "classified_by"
    )


def owner_filter(user) -> Q:
    """Classifications of the enterprises and vendors the user is a member of."""
    return Q(enterprise__memberships__user=user) | Q(vendor__memberships__user=user)


def classifications_owned_by(user) -> QuerySet[Classification]:
    if not getattr(user, "is_authenticated", False):
        return Classification.objects.none()
    ids = Classification.objects.filter(owner_filter(user)).values("pk")
    return _base().filter(pk__in=ids)


def is_owner(*, classification: Classification, user) -> bool:
    return classifications_owned_by(user).filter(pk=classification.pk).exists()


def classifications_visible_to(user) -> QuerySet[Classification]:
    """Owners see theirs, a consultant those they were asked to review, officers every one."""
    if not getattr(user, "is_authenticated", False):
        return Classification.objects.none()
    if is_officer(user):
        return _base()
    # a consultant sees what they are asked to review or have decided; a withdrawn or declined
    # request ends their access to the answers
    asked = Q(review_requests__consultant__user=user, review_requests__status__in=REVIEWER_SEES)
    ids = Classification.objects.filter(owner_filter(user) | asked).values("pk")
    return _base().filter(pk__in=ids)


def classifications_for_officers(*, status: str = "") -> QuerySet[Classification]:
    """Every classification (the department follows what SMEs and vendors classify), newest first."""
    queryset = _base().order_by("-updated_at", "-pk")
    return queryset.filter(status=status) if status else queryset


def status_counts() -> dict[str, int]:
    rows = Classification.objects.values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def classification_get_for(*, user, pk) -> Classification:
    classification = classifications_visible_to(user).filter(pk=pk).first()
    if classification is None:
        raise ClassificationNotFound()
    return classification


def classification_owned_get(*, user, pk) -> Classification:
    classification = classifications_owned_by(user).filter(pk=pk).first()
    if classification is None:
        raise ClassificationNotFound()
    return classification


def review_requests_of(classification: Classification) -> QuerySet[ReviewRequest]:
    return classification.review_requests.select_related("consultant", "decided_by", "requested_by")


def open_review(classification: Classification) -> ReviewRequest | None:
    return review_requests_of(classification).filter(status=ReviewStatus.REQUESTED).first()


def last_decision(classification: Classification) -> ReviewRequest | None:
    return (
        review_requests_of(classification)
        .filter(status__in=[ReviewStatus.CONFIRMED, ReviewStatus.CHANGED])
        .order_by("-decided_at", "-pk")
        .first()
    )


def reviewers() -> QuerySet[Consultant]:
    """Consultants an owner may ask: certified (badge valid now), visible, with AI expertise."""
    return (
        consultants_public()
        .filter(expertise__code=REVIEWER_EXPERTISE)
        .distinct()
        .select_related("firm_membership__firm")
        .order_by("display_name", "pk")
    )


def reviewer_get(pk) -> Consultant | None:
    return reviewers().filter(pk=pk).first()


def review_requests_for(user) -> QuerySet[ReviewRequest]:
    """The review requests addressed to the user's consultant profile (any state, newest first)."""
    consultant = consultant_of(user)
    if consultant is None:
        return ReviewRequest.objects.none()
    return ReviewRequest.objects.filter(consultant=consultant).select_related(
        "classification", "classification__enterprise", "classification__vendor", "classification__version"
    )


def review_request_for(*, user, pk) -> ReviewRequest:
    review = review_requests_for(user).filter(pk=pk).first()
    if review is None:
        raise ReviewRequestNotFound()
    return review


def ai_solutions_of(user) -> QuerySet[Solution]:
    """The AI solutions of the user's vendors, which a vendor may classify."""
    return Solution.objects.filter(vendor__in=vendors_of(user), is_ai=True).select_related("vendor")


def owners_of(user) -> dict[str, list]:
    return {"enterprises": list(enterprises_of(user)), "vendors": list(vendors_of(user))}


def _person(user) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.email.split("@")[0]


def solution_facts(ids: Iterable[int]) -> dict[int, dict]:
    """The reader registered in catalogue.ai_classification: for each solution, its latest
    classification that left the draft (a reviewed one first), who classified it and when.
    One query whatever the number of solutions."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return {}
    rows = (
        Classification.objects.filter(solution_id__in=ids, status__in=SHOWN_ON_SOLUTION)
        .select_related("vendor")
        .order_by("solution_id", "-classified_at", "-pk")
    )
    decisions = {
        review.classification_id: review
        for review in ReviewRequest.objects.filter(
            classification__solution_id__in=ids,
            status__in=[ReviewStatus.CONFIRMED, ReviewStatus.CHANGED],
        )
        .select_related("consultant")
        .order_by("decided_at", "pk")
    }
    facts: dict[int, dict] = {}
    for row in rows:
        reviewed = row.status == ClassificationStatus.REVIEWED
        current = facts.get(row.solution_id)
        if current is not None and (current["reviewed"] or not reviewed):
            continue  # keep the newest reviewed one, else the newest self-declared one
        review = decisions.get(row.pk) if reviewed else None
        facts[row.solution_id] = {
            "risk_class": row.effective_class,
            "reviewed": reviewed and review is not None,
            "by": review.consultant.display_name if review else row.vendor.name,
            "by_url": review.consultant.get_absolute_url() if review else row.vendor.get_absolute_url(),
            "at": review.decided_at if review else row.classified_at,
        }
    return facts
