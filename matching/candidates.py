"""The boundary to the other side of the market: consultants, catalogue and search.

Everything matching needs from those apps goes through this module, using their public selectors
and the search backend; the rest of matching sees plain dataclasses (see scoring.py).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from . import scoring
from .models import Recommendation


def cost_ranges_by_category(category_codes: list[str]) -> dict[str, tuple[int, int, int]]:
    """{category code: (lowest price, highest price, number of solutions)} over published solutions."""
    try:
        from catalogue.selectors import solutions_public
    except ImportError:  # catalogue not installed: the roadmap shows no prices
        return {}
    rows = (
        solutions_public()
        .filter(category__code__in=category_codes)
        .order_by()
        .values("category__code")
        .annotate(low=Min("price"), high=Max("price"), n=Count("pk"))
    )
    return {row["category__code"]: (row["low"], row["high"], row["n"]) for row in rows}


# ---- profile ------------------------------------------------------------------------------------


logger = logging.getLogger(__name__)
POOL_SIZE = 60  # candidates scored per kind and enterprise, at most
MIN_POOL = 25  # stop widening the retrieval filters once this many are found


def safe_url(obj) -> str:
    """The object's page, or "" while the app that owns the page has no URLs yet."""
    from django.urls import NoReverseMatch

    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def profile_for(enterprise, assessment=None) -> scoring.SmeProfile:
    from .selectors import assessment_latest_submitted, assessment_weakest_pillars

    if assessment is None:
        assessment = assessment_latest_submitted(enterprise=enterprise)
    division = enterprise.primary_sector
    section = division.parent.code if division.parent_id else division.code
    ward = enterprise.ward
    province = ward.parent.code if ward.parent_id else settings.JURISDICTION["province_code"]
    return scoring.SmeProfile(
        enterprise_id=enterprise.pk,
        section=section,
        division=division.code,
        ward_code=ward.code,
        province_code=province,
        size_class=enterprise.size_class,
        level=assessment.level if assessment else None,
        weakest=tuple(assessment_weakest_pillars(assessment, scoring.WEAKEST_PILLARS)),
    )


def _sector_codes(sectors) -> tuple[frozenset[str], frozenset[str]]:
    sections, divisions = set(), set()
    for sector in sectors:
        if sector.level == 1:
            sections.add(sector.code)
        else:
            divisions.add(sector.code)
            if sector.parent_id:
                sections.add(sector.parent.code if sector.parent else "")
    return frozenset(sections - {""}), frozenset(divisions)


def _apps_ready() -> bool:
    try:
        import catalogue.selectors  # noqa: F401
        import consultants.selectors  # noqa: F401
    except ImportError:
        return False
    return True


# ---- retrieval through the search backend -----------------------------------------------------


def _search_ids(kind: str, filter_sets: list[dict[str, list[str]]], limit: int) -> list[int] | None:
    """Ids of indexed documents of `kind`, trying each filter set in turn until `limit` are found.

    None when the search backend does not index this kind (yet): the caller then reads the database.
    Filters on facets the registry does not declare are dropped rather than failing.
    """
    try:
        from search.query import SearchQuery
        from search.registry import registry
        from search.selectors import search_run
    except ImportError:
        return None
    try:
        kinds = {definition.kind for definition in registry.definitions()}
        facet_names = {facet.name for facet in registry.facets()}
    except Exception:  # an unexpected registry shape: fall back, never break matching
        logger.warning("search registry not usable for matching", exc_info=True)
        return None
    if kind not in kinds:
        return None
    found: list[int] = []
    for filters in filter_sets:
        usable = {k: v for k, v in filters.items() if k in facet_names and v}
        # one page per filter set, asking only for what is still missing (the backend builds a
        # snippet per hit); the tightest filters come first, so a decent pool stops the widening
        query = SearchQuery(
            filters={"kind": [kind], **usable}, page_size=min(100, limit - len(found)), with_facets=False
        )
        for hit in search_run(query).hits:
            pk = int(hit.id)
            if pk not in found:
                found.append(pk)
        if len(found) >= min(limit, MIN_POOL):
            break
    # an empty answer even without filters means the kind is not indexed yet: read the database
    return found or None


# ---- consultants --------------------------------------------------------------------------------


def _consultant_loads(ids: list[int], enterprise_id: int) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        Recommendation.objects.filter(
            kind=Recommendation.CONSULTANT, object_id__in=ids, rank__lte=scoring.VISIBLE_RANKS
        )
        .exclude(enterprise_id=enterprise_id)
        .values("object_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["object_id"]: row["n"] for row in rows}


def consultant_candidates(profile: scoring.SmeProfile, *, now: datetime | None = None):
    """Certified, visible consultants relevant to the SME, as scoring dataclasses."""
    if not _apps_ready():
        return []
    from consultants import selectors as cs
    from consultants.models import Consultant, Engagement

    now = now or timezone.now()
    weak_categories = _categories_for(profile.weakest)
    ids = _search_ids(
        "consultant",
        [
            # the index knows consultants' solution categories, not their expertise: the categories
            # addressing the weakest pillars stand in for them at retrieval; scoring uses expertise
            {"sector": [profile.section], "category": weak_categories},
            {"sector": [profile.section]},
            {"category": weak_categories, "location": [profile.ward_code, profile.province_code]},
            {"category": weak_categories},
            {},
        ],
        POOL_SIZE,
    )
    public = cs.consultants_public(now)
    if ids is None:
        ids = _consultant_ids_from_database(public, profile)
    loads = _consultant_loads(ids, profile.enterprise_id)
    consultants = list(
        public.filter(pk__in=ids).prefetch_related(
            "sectors__parent",
            "expertise",
            "coverage__parent",
            "availability_rules",
            "availability_exceptions",
        )
    )
    engagements: dict[int, dict[int, int]] = {}
    for row in Engagement.objects.filter(
        consultant_id__in=[c.pk for c in consultants], client_readiness_level__isnull=False
    ).values_list("consultant_id", "client_readiness_level"):
        by_level = engagements.setdefault(row[0], {})
        by_level[row[1]] = by_level.get(row[1], 0) + 1
    free = cs.consultants_free_hours(consultants, weeks=scoring.CAPACITY_WEEKS, now=now)
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    out = []
    for consultant in consultants:
        sections, divisions = _sector_codes(consultant.sectors.all())
        coverage = list(consultant.coverage.all())
        modes = set(consultant.service_modes)
        candidate = scoring.ConsultantCandidate(
            id=consultant.pk,
            name=consultant.display_name,
            sections=sections,
            divisions=divisions,
            pillars=frozenset(a.code for a in consultant.expertise.all()),
            cost=consultant.hourly_rate * scoring.HOURS_PER_ENGAGEMENT if consultant.hourly_rate else None,
            url=safe_url(consultant),
            ward_codes=frozenset(u.code for u in coverage if u.level == 2),
            province_codes=frozenset(
                {u.code for u in coverage if u.level == 1} | {u.parent.code for u in coverage if u.parent_id}
            ),
            online="online" in modes,
            engagements_by_level=engagements.get(consultant.pk, {}),
            free_hours=free.get(consultant.pk, 0.0),
            load=loads.get(consultant.pk, 0),
            extra={"headline": consultant.headline},
        )
        if scoring.has_capacity(candidate):
            slots = cs.consultant_free_slots(
                consultant,
                start=start,
                end=start + timedelta(days=scoring.AVAILABILITY_HORIZON_DAYS),
                limit=1,
            )
            candidate.earliest_slot = slots[0] if slots else None
        out.append(candidate)
    _ = Consultant  # the model is only named for readers: rows come from the public selector
    return out


def _consultant_ids_from_database(public, profile: scoring.SmeProfile) -> list[int]:
    """Without a search index for consultants: the same filters, least-loaded first so that
    retrieval itself spreads recommendations across the network."""
    from django.db.models import Count

    load = (
        Recommendation.objects.filter(
            kind=Recommendation.CONSULTANT, object_id=OuterRef("pk"), rank__lte=scoring.VISIBLE_RANKS
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    from django.db.models import IntegerField, Subquery, Value
    from django.db.models.functions import Coalesce

    sector = Q(sectors__code__in=[profile.section, profile.division]) | Q(
        sectors__parent__code=profile.section
    )
    expertise = Q(expertise__code__in=list(profile.weakest))
    filter_sets = [sector & expertise, sector, expertise, Q()] if profile.weakest else [sector, Q()]
    ids: list[int] = []
    for condition in filter_sets:
        rows = (
            public.filter(condition)
            .exclude(pk__in=ids)
            .annotate(load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0)))
            .order_by("load", "pk")
            .values_list("pk", flat=True)
            .distinct()[: POOL_SIZE - len(ids)]
        )
        ids += [pk for pk in rows if pk not in ids]
        if len(ids) >= POOL_SIZE:
            break
    return ids


# ---- solutions ----------------------------------------------------------------------------------


def _categories_for(pillars) -> list[str]:
    from marketplace.taxonomy.models import SolutionCategory

    wanted = set(pillars)
    return [c.code for c in SolutionCategory.objects.all() if wanted & set(c.pillars or [])]


def solution_candidates(profile: scoring.SmeProfile):
    """Published solutions relevant to the SME, as scoring dataclasses."""
    if not _apps_ready():
        return []
    from catalogue import selectors as cat

    categories = _categories_for(profile.weakest)
    readiness = [str(profile.level)] if profile.level is not None else []
    ids = _search_ids(
        "solution",
        [
            {"sector": [profile.section], "readiness_level": readiness, "category": categories},
            {"sector": [profile.section], "readiness_level": readiness},
            {"readiness_level": readiness, "category": categories},
            {"readiness_level": readiness},
            {},
        ],
        POOL_SIZE,
    )
    public = cat.solutions_public()
    if ids is None:
        ids = _solution_ids_from_database(public, profile, categories)
    out = []
    for solution in public.filter(pk__in=ids):
        sections, divisions = _sector_codes(solution.sectors.all())
        out.append(
            scoring.SolutionCandidate(
                id=solution.pk,
                name=solution.name,
                sections=sections,
                divisions=divisions,
                pillars=frozenset(solution.category.pillars or []),
                rating=float(solution.rating_average) if solution.rating_average is not None else None,
                rating_count=solution.rating_count or 0,
                cost=solution.price,
                url=safe_url(solution),
                category=solution.category.code,
                readiness_min=solution.readiness_min,
                readiness_max=solution.readiness_max,
                cloud=solution.deployment in ("cloud", "saas"),
                extra={"vendor": solution.vendor.name, "short_description": solution.short_description},
            )
        )
    return out


def _solution_ids_from_database(public, profile: scoring.SmeProfile, categories: list[str]) -> list[int]:
    from catalogue.models import Solution

    base = public.model.objects.filter(status=Solution.PUBLISHED)
    serves_sector = Exists(
        Solution.sectors.through.objects.filter(solution_id=OuterRef("pk")).filter(
            Q(sector__code__in=[profile.section, profile.division]) | Q(sector__parent__code=profile.section)
        )
    )
    fits = Q()
    if profile.level is not None:
        fits = Q(readiness_min__lte=profile.level, readiness_max__gte=profile.level)
    in_category = Q(category__code__in=categories) if categories else Q()
    filter_sets = [
        Q(serves_sector) & fits & in_category,
        Q(serves_sector) & fits,
        fits & in_category,
        fits,
        Q(),
    ]
    ids: list[int] = []
    for condition in filter_sets:
        rows = (
            base.filter(condition)
            .exclude(pk__in=ids)
            .order_by("-rating_average", "pk")
            .values_list("pk", flat=True)[: POOL_SIZE - len(ids)]
        )
        ids += list(rows)
        if len(ids) >= POOL_SIZE:
            break
    return ids


# ---- change detection ---------------------------------------------------------------------------

STAMP_CACHE_KEY = "matching:candidates-stamp"
STAMP_CACHE_SECONDS = 60


def candidates_stamp() -> str:
    """Changes whenever a consultant or solution that matching may show changes (cached briefly in the
    shared cache, so a burst of reads costs a few queries per minute, not per read)."""
    from django.core.cache import cache

    stamp = cache.get(STAMP_CACHE_KEY)
    if stamp is not None:
        return stamp
    parts = []
    if _apps_ready():
        from catalogue.models import Solution
        from consultants.models import Certificate, Consultant

        parts.append(Consultant.objects.aggregate(m=Max("updated_at"), n=Count("pk")))
        parts.append(
            Certificate.objects.aggregate(m=Max("issued_at"), r=Max("renewed_at"), n=Count("status"))
        )
        parts.append(
            Certificate.objects.values("status")
            .annotate(n=Count("pk"))
            .order_by("status")
            .values_list("status", "n")
        )
        parts.append(Solution.objects.aggregate(m=Max("updated_at"), p=Max("published_at"), n=Count("pk")))
    stamp = str([list(p) if not isinstance(p, dict) else sorted(p.items()) for p in parts])
    cache.set(STAMP_CACHE_KEY, stamp, STAMP_CACHE_SECONDS)
    return stamp


def stamp_forget() -> None:
    from django.core.cache import cache

    cache.delete(STAMP_CACHE_KEY)
