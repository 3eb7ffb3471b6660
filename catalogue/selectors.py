"""Reads of the catalogue. Public reads go through `solutions_public()`: only published rows, whose
columns hold the approved version (pending changes live in SolutionRevision and never show here)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet

from marketplace.core.audit import audit_history
from marketplace.taxonomy.models import Sector, SolutionCategory

from .models import Screenshot, Solution, SolutionPlan, SolutionRevision, Vendor, VendorMembership


def public_screenshots() -> Prefetch:
    return Prefetch(
        "screenshots",
        queryset=Screenshot.objects.filter(revision__isnull=True).order_by("position", "pk"),
        to_attr="public_screenshots",
    )


def solutions_public() -> QuerySet[Solution]:
    """Published solutions with what their cards, search and matching read, in a fixed number of queries."""
    return (
        Solution.objects.filter(status=Solution.PUBLISHED)
        .select_related("vendor", "category")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.select_related("parent__parent").order_by("code")),
            public_screenshots(),
            offered_plans(),
        )
    )


def offered_plans() -> Prefetch:
    return Prefetch(
        "plans",
        queryset=SolutionPlan.objects.filter(is_active=True).order_by("position", "pk"),
        to_attr="offered_plans",
    )


def solution_public_get(*, pk: int) -> Solution | None:
    return solutions_public().filter(pk=pk).first()


def solutions_by_ids_public(ids: Iterable[int]) -> list[Solution]:
    """Published solutions in the order asked for (compare keeps the user's order)."""
    ids = [int(pk) for pk in ids]
    found = {solution.pk: solution for solution in solutions_public().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def filter_by_sector(queryset: QuerySet[Solution], codes: Iterable[str]) -> QuerySet[Solution]:
    """A section code (letter) matches its divisions too: 'C' finds solutions for manufacturing divisions."""
    codes = list(codes)
    if not codes:
        return queryset
    ids = Solution.sectors.through.objects.filter(
        Q(sector__code__in=codes) | Q(sector__parent__code__in=codes)
    ).values("solution_id")
    return queryset.filter(pk__in=ids)


def filter_by_readiness(queryset: QuerySet[Solution], level: int) -> QuerySet[Solution]:
    return queryset.filter(readiness_min__lte=level, readiness_max__gte=level)


def categories_with_counts() -> QuerySet[SolutionCategory]:
    return SolutionCategory.objects.annotate(
        published_count=Count("solutions", filter=Q(solutions__status=Solution.PUBLISHED))
    ).order_by("position", "code")


def sectors_with_counts() -> QuerySet[Sector]:
    """Sections (VSIC letters) with the number of published solutions serving any of their divisions."""
    return (
        Sector.objects.filter(level=Sector.SECTION)
        .annotate(
            published_count=Count(
                "children__solutions",
                filter=Q(children__solutions__status=Solution.PUBLISHED),
                distinct=True,
            )
        )
        .order_by("code")
    )


def vendors_public() -> QuerySet[Vendor]:
    """Vendors with at least one published solution; an empty organisation is not shown to the public."""
    return Vendor.objects.annotate(
        published_count=Count("solutions", filter=Q(solutions__status=Solution.PUBLISHED))
    ).filter(published_count__gt=0)


def vendors_of(user) -> QuerySet[Vendor]:
    if not getattr(user, "is_authenticated", False):
        return Vendor.objects.none()
    return Vendor.objects.filter(memberships__user=user)


def vendor_is_member(*, vendor: Vendor, user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and VendorMembership.objects.filter(vendor=vendor, user=user).exists()
    )


def solutions_of(user) -> QuerySet[Solution]:
    """Every solution of the vendors the user belongs to, in any state (their own workspace)."""
    if not getattr(user, "is_authenticated", False):
        return Solution.objects.none()
    return (
        Solution.objects.filter(vendor__memberships__user=user)
        .select_related("vendor", "category")
        .prefetch_related(
            "sectors",
            Prefetch(
                "revisions",
                queryset=SolutionRevision.objects.filter(state__in=SolutionRevision.OPEN_STATES),
                to_attr="open_revisions",
            ),
        )
    )


def review_queue() -> dict[str, QuerySet]:
    """What officers decide on: new submissions and pending changes to published solutions."""
    base = Solution.objects.select_related("vendor", "category")
    return {
        "submitted": base.filter(status=Solution.SUBMITTED).order_by("submitted_at", "pk"),
        "changes": base.filter(
            revisions__state=SolutionRevision.PENDING,
            status__in=Solution.HAS_PUBLISHED_VERSION,
        ).order_by("updated_at", "pk"),
        "published": base.filter(status=Solution.PUBLISHED).order_by("-published_at", "pk"),
        "suspended": base.filter(status=Solution.SUSPENDED).order_by("-updated_at", "pk"),
    }


def pending_revision(solution: Solution) -> SolutionRevision | None:
    return solution.revisions.filter(state__in=SolutionRevision.OPEN_STATES).first()


def solution_history(solution: Solution) -> QuerySet:
    """The listing's audit records, oldest first (its revisions are recorded on the solution too)."""
    return audit_history(solution)


def plans_offered(solution: Solution) -> list[SolutionPlan]:
    """The plans an SME can order on a published solution, in the vendor's order."""
    return list(solution.plans.filter(is_active=True).order_by("position", "pk"))
