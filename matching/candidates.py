"""The boundary to the other side of the market: consultants, catalogue and search.

Everything matching needs from those apps goes through this module, using their public selectors
and the search backend; the rest of matching sees plain dataclasses (see scoring.py).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalogue import selectors as catalogue_selectors
from catalogue.models import Solution
from consultants import selectors as consultant_selectors
from consultants.bookings import selectors as booking_selectors
from consultants.models import (
    AvailabilityException,
    AvailabilityRule,
    Certificate,
    Consultant,
    Engagement,
)
from marketplace.core import reputation
from marketplace.taxonomy.models import SolutionCategory
from search.query import SearchQuery
from search.registry import registry
from search.selectors import search_run

from . import scoring
from .foundations import missing
from .models import Recommendation
from .selectors import assessment_latest_submitted, assessment_weakest_pillars

# ---- profile ------------------------------------------------------------------------------------


logger = logging.getLogger(__name__)
POOL_SIZE = 60  # candidates scored per kind and enterprise, at most
FOUNDATION_POOL = 25  # solutions providing the SME's missing basics, retrieved beside the pool
NARROW_SHARE = 0.5  # a category filter on more than this share of the categories is not applied
MIN_POOL = 25  # stop widening the retrieval filters once this many are found


_LATEST = object()


def profile_for(enterprise, assessment=_LATEST) -> scoring.SmeProfile:
    """The SME as scoring sees it; `assessment` defaults to its latest submitted one (None: none)."""
    if assessment is _LATEST:
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
        group=enterprise.main_activity.code if enterprise.main_activity_id else "",
        weakest=tuple(assessment_weakest_pillars(assessment, scoring.WEAKEST_PILLARS)),
        budget=enterprise.dx_budget_yearly,
        missing_foundations=missing(assessment.answers) if assessment else (),
    )


# ---- one recompute run --------------------------------------------------------------------------

_UNSET = object()
FEATURE_CACHE_SECONDS = 3600


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


class MatchingRun:
    """What a recompute run reads once and shares across its enterprises.

    A single recompute uses a run of one; `recommendations_recompute_many` shares one run across
    every enterprise it processes, so search answers for the same filters, candidate rows,
    taxonomy maps and each consultant's capacity (free hours, earliest free slot) are read once
    per run instead of once per enterprise. The run is a snapshot: create a new one for the next
    batch (the candidates stamp and availability move on).
    """

    def __init__(self, *, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.slot_start = self.now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        self._categories: list[tuple[str, frozenset[str]]] | None = None
        self._search: dict[tuple, list[int] | None] = {}
        self._consultants: dict[int, scoring.ConsultantCandidate | None] = {}
        self._solutions: dict[int, scoring.SolutionCandidate | None] = {}
        self._slots: dict[int, datetime | None] = {}
        self._urls: dict[str, tuple[str, str]] = {}
        # loads known for every consultant (bulk runs): {consultant: n}, {enterprise: {consultant, ...}}
        self._loads: dict[int, int] | None = None
        self._visible_by_enterprise: dict[int, set[int]] = {}
        self._prefix: str | None | object = _UNSET

    # -- taxonomy
    def categories_for(self, pillars) -> list[str]:
        if self._categories is None:
            self._categories = [
                (code, frozenset(p or []))
                for code, p in SolutionCategory.objects.order_by("pk").values_list("code", "pillars")
            ]
        wanted = set(pillars)
        codes = [code for code, p in self._categories if wanted & p]
        # a filter on most categories narrows nothing, yet costs a search over most of the catalogue:
        # leave it out (the filter set then equals the one without categories, answered once)
        return [] if len(codes) > NARROW_SHARE * len(self._categories) else codes

    # -- urls: one reverse() per model and run, not per candidate
    def url(self, model, pk: int) -> str:
        key = model._meta.label
        if key not in self._urls:
            marker = 987654321987
            url = model(pk=marker).get_absolute_url()
            self._urls[key] = tuple(url.split(str(marker), 1)) if str(marker) in url else ("", "")
        prefix, suffix = self._urls[key]
        return f"{prefix}{pk}{suffix}" if prefix or suffix else ""

    # -- search answers
    def search_ids(self, kind: str, filter_sets: list[dict[str, list[str]]], limit: int) -> list[int] | None:
        return _search_ids(kind, filter_sets, limit, answers=self._search)

    # -- loads
    def track_loads(self) -> None:
        """Read every consultant's load once; `loads_replace` keeps it current during the run."""
        self._loads = {}
        self._visible_by_enterprise = {}
        rows = Recommendation.objects.filter(
            kind=Recommendation.CONSULTANT, rank__lte=scoring.VISIBLE_RANKS
        ).values_list("enterprise_id", "object_id")
        for enterprise_id, object_id in rows.iterator(chunk_size=5000):
            self._loads[object_id] = self._loads.get(object_id, 0) + 1
            self._visible_by_enterprise.setdefault(enterprise_id, set()).add(object_id)

    def loads_for(self, ids: list[int], enterprise_id: int) -> dict[int, int]:
        if self._loads is None:
            return _consultant_loads(ids, enterprise_id)
        own = self._visible_by_enterprise.get(enterprise_id, set())
        return {pk: self._loads.get(pk, 0) - (1 if pk in own else 0) for pk in ids}

    def loads_replace(self, enterprise_id: int, visible: list[int]) -> None:
        if self._loads is None:
            return
        for pk in self._visible_by_enterprise.get(enterprise_id, set()):
            self._loads[pk] = self._loads.get(pk, 0) - 1
        for pk in visible:
            self._loads[pk] = self._loads.get(pk, 0) + 1
        self._visible_by_enterprise[enterprise_id] = set(visible)

    # -- consultants
    def consultants(self, ids: list[int]) -> list[scoring.ConsultantCandidate]:
        missing = [pk for pk in ids if pk not in self._consultants]
        if missing:
            self._consultants.update(
                self._through_cache("c", missing, lambda pks: _consultant_rows(pks, self))
            )
        now = self.now
        return [
            c
            for pk in ids
            if (c := self._consultants[pk]) is not None
            and (c.extra.get("valid_until") is None or c.extra["valid_until"] > now)
        ]

    def earliest_slots(self, ids: list[int]) -> dict[int, datetime | None]:
        missing = [pk for pk in ids if pk not in self._slots]
        if missing:
            self._slots.update(self._through_cache("slot", missing, lambda pks: _earliest_slots(pks, self)))
        return {pk: self._slots[pk] for pk in ids}

    # -- solutions
    def solutions(self, ids: list[int]) -> list[scoring.SolutionCandidate]:
        missing = [pk for pk in ids if pk not in self._solutions]
        if missing:
            self._solutions.update(self._through_cache("s", missing, lambda pks: _solution_rows(pks, self)))
        return [c for pk in ids if (c := self._solutions[pk]) is not None]

    # -- the feature summary shared across runs
    def _feature_prefix(self) -> str | None:
        """Shared-cache key prefix of candidate feature summaries: the change stamp (any change to a
        consultant, certificate, availability, engagement or solution makes every summary
        unreachable) and the hour (free hours and earliest slots are counted from the next full
        hour, see `slot_start`)."""
        if self._prefix is _UNSET:
            token = _cache_token()
            self._prefix = (
                "matching:f:" + _digest((token, self.slot_start.isoformat()))[:24] if token else None
            )
        return self._prefix

    def _through_cache(self, kind: str, ids: list[int], compute) -> dict:
        """{pk: value} for `ids`: one get_many on the shared cache, `compute` for the rest (stored).
        Values may be None ("not a public candidate"); they are wrapped so None is cacheable."""
        prefix = self._feature_prefix()
        if prefix is None:
            found = compute(ids)
            return {pk: found.get(pk) for pk in ids}
        keys = {pk: f"{prefix}:{kind}:{pk}" for pk in ids}
        stored = cache.get_many(list(keys.values()))
        out = {pk: stored[key][0] for pk, key in keys.items() if key in stored}
        missing = [pk for pk in ids if pk not in out]
        if missing:
            found = compute(missing)
            fresh = {pk: found.get(pk) for pk in missing}
            cache.set_many({keys[pk]: (value,) for pk, value in fresh.items()}, FEATURE_CACHE_SECONDS)
            out.update(fresh)
        return out


# ---- retrieval through the search backend -----------------------------------------------------


ANSWER_CACHE_SECONDS = 3600


def _answer_key(key: tuple) -> str | None:
    """Shared-cache key of one search answer: it embeds the candidates stamp, so any change to a
    consultant or solution (see candidates_stamp) makes every stored answer unreachable."""
    token = _cache_token()
    if not token:
        return None
    return "matching:ids:" + _digest((token, key))


def _search_ids(
    kind: str, filter_sets: list[dict[str, list[str]]], limit: int, *, answers: dict | None = None
) -> list[int] | None:
    """Ids of indexed documents of `kind`, trying each filter set in turn until `limit` are found.

    None when the search backend does not index this kind (yet): the caller then reads the database.
    Filters on facets the registry does not declare are dropped rather than failing. `answers`
    keeps each filter set's answer for the rest of a run (many SMEs share the wider filter sets).
    """
    try:
        kinds = {definition.kind for definition in registry.definitions()}
        facet_names = {facet.name for facet in registry.facets()}
    except Exception:  # an unexpected registry shape: fall back, never break matching
        logger.warning("search registry not usable for matching", exc_info=True)
        return None
    if kind not in kinds:
        return None
    answers = {} if answers is None else answers
    found: list[int] = []
    seen: set[int] = set()
    for filters in filter_sets:
        usable = {k: v for k, v in filters.items() if k in facet_names and v}
        key = (kind, limit, tuple(sorted((k, tuple(v)) for k, v in usable.items())))
        if key not in answers:
            shared = _answer_key(key)
            cached = cache.get(shared) if shared else None
            if cached is None:
                # one page of ids per filter set (no snippets, no facets); the tightest filters
                # come first, so a decent pool stops the widening
                query = SearchQuery(
                    filters={"kind": [kind], **usable},
                    page_size=min(100, limit),
                    with_facets=False,
                    snippets=False,
                    with_count=False,
                )
                cached = [int(hit.id) for hit in search_run(query).hits]
                if shared:
                    cache.set(shared, cached, ANSWER_CACHE_SECONDS)
            answers[key] = cached
        for pk in answers[key]:
            if len(found) >= limit:
                break
            if pk not in seen:
                seen.add(pk)
                found.append(pk)
        if len(found) >= min(limit, MIN_POOL):
            break
    # an empty answer even without filters means the kind is not indexed yet: read the database
    return found or None


# ---- consultants --------------------------------------------------------------------------------


def _consultant_loads(ids: list[int], enterprise_id: int) -> dict[int, int]:
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


SECTOR_COLUMNS = ("sector__code", "sector__level", "sector__parent__code", "sector__parent__parent__code")


class _Sectors:
    """What one candidate lists, as scoring reads it: sections (listed, or of what is listed),
    divisions, groups, and the sections listed as a whole."""

    def __init__(self) -> None:
        self.sections: set[str] = set()
        self.divisions: set[str] = set()
        self.groups: set[str] = set()
        self.whole: set[str] = set()

    def add(self, code: str, level: int, parent: str | None, grandparent: str | None) -> None:
        if level == 1:
            self.sections.add(code)
            self.whole.add(code)
            return
        if level == 2:
            self.divisions.add(code)
            section = parent
        else:
            self.groups.add(code)
            section = grandparent
        if section:
            self.sections.add(section)

    def fields(self) -> dict:
        return {
            "sections": frozenset(self.sections),
            "divisions": frozenset(self.divisions),
            "groups": frozenset(self.groups),
            "whole_sections": frozenset(self.whole),
        }


def _consultant_rows(ids: list[int], run: MatchingRun) -> dict[int, scoring.ConsultantCandidate]:
    """Public consultants among `ids` as scoring candidates (load and slot not set), in bulk:
    one query per relation, only the columns scoring reads, capacity for all of them at once."""
    # the latest end of a valid certificate: a summary kept for the hour is checked against it
    valid_until = (
        consultant_selectors.valid_certificates(run.now)
        .filter(consultant=OuterRef("pk"))
        .order_by("-valid_until")
        .values("valid_until")[:1]
    )
    rows = list(
        consultant_selectors.consultants_public(run.now)
        .filter(pk__in=ids)
        .order_by()
        .annotate(valid_until=Subquery(valid_until))
        .values(
            "pk", "display_name", "headline", "hourly_rate", "service_mode_codes", "time_zone", "valid_until"
        )
    )
    pks = [row["pk"] for row in rows]
    if not pks:
        return {}
    sectors = {pk: _Sectors() for pk in pks}
    for pk, *sector in Consultant.sectors.through.objects.filter(consultant_id__in=pks).values_list(
        "consultant_id", *SECTOR_COLUMNS
    ):
        sectors[pk].add(*sector)
    pillars: dict[int, set[str]] = {pk: set() for pk in pks}
    for pk, code in Consultant.expertise.through.objects.filter(consultant_id__in=pks).values_list(
        "consultant_id", "expertisearea__code"
    ):
        pillars[pk].add(code)
    wards: dict[int, set[str]] = {pk: set() for pk in pks}
    provinces: dict[int, set[str]] = {pk: set() for pk in pks}
    for pk, code, level, parent in Consultant.coverage.through.objects.filter(
        consultant_id__in=pks
    ).values_list("consultant_id", "adminunit__code", "adminunit__level", "adminunit__parent__code"):
        if level == 2:
            wards[pk].add(code)
        elif level == 1:
            provinces[pk].add(code)
        if parent:
            provinces[pk].add(parent)
    engagements: dict[int, dict[int, int]] = {}
    for pk, level in Engagement.objects.filter(
        consultant_id__in=pks, client_readiness_level__isnull=False
    ).values_list("consultant_id", "client_readiness_level"):
        by_level = engagements.setdefault(pk, {})
        by_level[level] = by_level.get(level, 0) + 1
    free = booking_selectors.free_hours_many(
        [Consultant(pk=row["pk"], time_zone=row["time_zone"]) for row in rows],
        weeks=scoring.CAPACITY_WEEKS,
        now=run.slot_start,  # from the next full hour, like the slots: the same all hour long
    )
    out = {}
    for row in rows:
        pk = row["pk"]
        rate = row["hourly_rate"]
        out[pk] = scoring.ConsultantCandidate(
            id=pk,
            name=row["display_name"],
            **sectors[pk].fields(),
            pillars=frozenset(pillars[pk]),
            cost=rate * scoring.HOURS_PER_ENGAGEMENT if rate else None,
            url=run.url(Consultant, pk),
            ward_codes=frozenset(wards[pk]),
            province_codes=frozenset(provinces[pk]),
            online="online" in Consultant(service_mode_codes=row["service_mode_codes"]).service_modes,
            engagements_by_level=engagements.get(pk, {}),
            free_hours=free.get(pk, 0.0),
            extra={
                "headline": row["headline"],
                "time_zone": row["time_zone"],
                "valid_until": row["valid_until"],
            },
        )
    _add_provider_facts("consultant", out)
    return out


def _add_provider_facts(kind: str, candidates: dict) -> None:
    """Ratings and measured impact, kept by the top floor's reviews and impact apps in their own
    summary tables and read through `marketplace.core.reputation` (matching may not import them):
    one indexed query per reader, never an aggregate over reviews or assessments at read time.
    A solution's rating is already on its row (`rating_average`), kept in step by reviews."""
    if not candidates:
        return
    for pk, values in reputation.facts(kind, list(candidates)).items():
        candidate = candidates.get(pk)
        if candidate is None:
            continue
        if kind == "consultant" and values.get("rating") is not None:
            candidate.rating = values["rating"]
            candidate.rating_count = values.get("rating_count", 0)
        if values.get("impact"):
            candidate.extra["impact"] = values["impact"]


def _earliest_slots(ids: list[int], run: MatchingRun) -> dict[int, datetime | None]:
    """Earliest free one-hour slot within the availability horizon (held bookings subtracted), for many
    consultants in three queries."""
    start = run.slot_start
    end = start + timedelta(days=scoring.AVAILABILITY_HORIZON_DAYS)
    rules: dict[int, list] = {pk: [] for pk in ids}
    for rule in AvailabilityRule.objects.filter(consultant_id__in=ids):
        rules[rule.consultant_id].append(rule)
    exceptions: dict[int, list] = {pk: [] for pk in ids}
    window = {"date__gte": (start - timedelta(days=2)).date(), "date__lte": (end + timedelta(days=2)).date()}
    for exception in AvailabilityException.objects.filter(consultant_id__in=ids, **window):
        exceptions[exception.consultant_id].append(exception)
    held = booking_selectors.holding_intervals(ids, start=start, end=end)
    out = {}
    for pk in ids:
        candidate = run._consultants.get(pk)
        consultant = Consultant(pk=pk, time_zone=candidate.extra["time_zone"] if candidate else "UTC")
        consultant._prefetched_objects_cache = {
            "availability_rules": rules[pk],
            "availability_exceptions": exceptions[pk],
        }
        slots = booking_selectors.free_slots(consultant, start=start, end=end, limit=1, held=held[pk])
        out[pk] = slots[0] if slots else None
    return out


def consultant_candidates(
    profile: scoring.SmeProfile, *, now: datetime | None = None, run: MatchingRun | None = None
):
    """Certified, visible consultants relevant to the SME, as scoring dataclasses."""
    run = run or MatchingRun(now=now)
    weak_categories = run.categories_for(profile.weakest)
    ids = run.search_ids(
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
    if ids is None:
        ids = _consultant_ids_from_database(consultant_selectors.consultants_public(run.now), profile)
    templates = run.consultants(ids)
    loads = run.loads_for([c.id for c in templates], profile.enterprise_id)
    out = [replace(template, load=loads.get(template.id, 0)) for template in templates]
    # the earliest free slot only matters for those who can take one more enterprise
    slots = run.earliest_slots([c.id for c in out if scoring.has_capacity(c)])
    for candidate in out:
        candidate.earliest_slot = slots.get(candidate.id)
    return out


def _consultant_ids_from_database(public, profile: scoring.SmeProfile) -> list[int]:
    """Without a search index for consultants: the same filters, least-loaded first so that
    retrieval itself spreads recommendations across the network."""
    load = (
        Recommendation.objects.filter(
            kind=Recommendation.CONSULTANT, object_id=OuterRef("pk"), rank__lte=scoring.VISIBLE_RANKS
        )
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
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


def _solution_rows(ids: list[int], run: MatchingRun) -> dict[int, scoring.SolutionCandidate]:
    rows = list(
        catalogue_selectors.solutions_public()
        .prefetch_related(None)
        .filter(pk__in=ids)
        .order_by()
        .values(
            "pk",
            "name",
            "rating_average",
            "rating_count",
            "price",
            "pricing_model",
            "category__code",
            "category__pillars",
            "readiness_min",
            "readiness_max",
            "deployment",
            "vendor__name",
            "short_description",
        )
    )
    pks = [row["pk"] for row in rows]
    sectors = {pk: _Sectors() for pk in pks}
    for pk, *sector in Solution.sectors.through.objects.filter(solution_id__in=pks).values_list(
        "solution_id", *SECTOR_COLUMNS
    ):
        sectors[pk].add(*sector)
    out = {}
    for row in rows:
        pk = row["pk"]
        rating_average = row["rating_average"]
        out[pk] = scoring.SolutionCandidate(
            id=pk,
            name=row["name"],
            **sectors[pk].fields(),
            pillars=frozenset(row["category__pillars"] or []),
            rating=float(rating_average) if rating_average is not None else None,
            rating_count=row["rating_count"] or 0,
            cost=_yearly_cost(row["price"], row["pricing_model"]),
            url=run.url(Solution, pk),
            category=row["category__code"],
            readiness_min=row["readiness_min"],
            readiness_max=row["readiness_max"],
            cloud=row["deployment"] in ("cloud", "saas"),
            extra={"vendor": row["vendor__name"], "short_description": row["short_description"]},
        )
    _add_provider_facts("solution", out)
    return out


def _yearly_cost(price: int, pricing_model: str) -> int | None:
    """A year of the solution at list price; None when the price is per use or a revenue share."""
    factor = scoring.YEARLY_FACTOR.get(pricing_model)
    return None if factor is None else price * factor


def solution_candidates(profile: scoring.SmeProfile, run: MatchingRun | None = None):
    """Published solutions relevant to the SME, as scoring dataclasses."""
    run = run or MatchingRun()
    categories = run.categories_for(profile.weakest)
    # every level within the eligibility tolerance: a solution whose range misses the SME's level by
    # one is still eligible (scoring ranks it lower), so retrieval must not drop it
    readiness = _levels_near(profile.level)
    # the providers of missing foundations are recommended first and most are cross-sector (no sector
    # to filter on): a few of them are retrieved beside the pool, so they never crowd out the rest
    basics = sorted({code for _f, codes in profile.missing_foundations for code in codes})
    ids = run.search_ids(
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
    if ids is not None and basics:
        found = run.search_ids(
            "solution", [{"category": basics, "readiness_level": readiness}], FOUNDATION_POOL
        )
        ids += [pk for pk in found or [] if pk not in ids]
    if ids is None:
        ids = _solution_ids_from_database(catalogue_selectors.solutions_public(), profile, categories, basics)
    return run.solutions(ids)


def _levels_near(level: int | None) -> list[str]:
    if level is None:
        return []
    tolerance = scoring.READINESS_TOLERANCE
    return [str(value) for value in range(max(0, level - tolerance), level + tolerance + 1)]


def _solution_ids_from_database(
    public, profile: scoring.SmeProfile, categories: list[str], basics: list[str] = ()
) -> list[int]:
    base = public.model.objects.filter(status=Solution.PUBLISHED)
    serves_sector = Exists(
        Solution.sectors.through.objects.filter(solution_id=OuterRef("pk")).filter(
            Q(sector__code__in=[profile.section, profile.division])
            | Q(sector__parent__code__in=[profile.section, profile.division])
        )
    )
    fits = Q()
    if profile.level is not None:
        tolerance = scoring.READINESS_TOLERANCE
        fits = Q(readiness_min__lte=profile.level + tolerance, readiness_max__gte=profile.level - tolerance)
    in_category = Q(category__code__in=categories) if categories else Q()
    filter_sets = [
        Q(serves_sector) & fits & in_category,
        Q(serves_sector) & fits,
        fits & in_category,
        fits,
        Q(),
    ]
    ids: list[int] = []

    def best(condition, count: int) -> list[int]:
        rows = base.filter(condition).exclude(pk__in=ids).order_by("-rating_average", "pk")
        return list(rows.values_list("pk", flat=True)[:count])

    for condition in filter_sets:
        ids += best(condition, POOL_SIZE - len(ids))
        if len(ids) >= POOL_SIZE:
            break
    if basics:
        ids += best(fits & Q(category__code__in=basics), FOUNDATION_POOL)
    return ids


# ---- change detection ---------------------------------------------------------------------------

STAMP_CACHE_KEY = "matching:candidates-stamp"
STAMP_CACHE_SECONDS = 60


def candidates_stamp() -> str:
    """Changes whenever a consultant or solution that matching may show changes (cached briefly in the
    shared cache, so a burst of reads costs a few queries per minute, not per read)."""
    stamp = cache.get(STAMP_CACHE_KEY)
    if stamp is not None:
        return stamp
    parts = [
        Consultant.objects.aggregate(m=Max("updated_at"), n=Count("pk")),
        Certificate.objects.aggregate(m=Max("issued_at"), r=Max("renewed_at"), n=Count("status")),
        Certificate.objects.values("status")
        .annotate(n=Count("pk"))
        .order_by("status")
        .values_list("status", "n"),
        Solution.objects.aggregate(m=Max("updated_at"), p=Max("published_at"), n=Count("pk")),
    ]
    # what free hours, slots and track record read (these rows have no updated_at)
    for model in (AvailabilityRule, AvailabilityException, Engagement):
        parts.append(model.objects.aggregate(n=Count("pk"), m=Max("pk")))
    stamp = str([list(p) if not isinstance(p, dict) else sorted(p.items()) for p in parts])
    cache.set(STAMP_CACHE_KEY, stamp, STAMP_CACHE_SECONDS)
    return stamp


def stamp_forget() -> None:
    cache.delete(STAMP_CACHE_KEY)


GENERATION_CACHE_KEY = "matching:candidates-generation"


def _cache_token() -> str:
    """What cached search answers and feature summaries are keyed by: the stamp, and a generation
    replaced whenever this process saw a relevant row change (catches what the stamp's counts
    cannot, e.g. a row deleted and another added under the same id)."""
    stamp = candidates_stamp()
    if not stamp:
        return ""
    return f"{stamp}|{cache.get(GENERATION_CACHE_KEY, '')}"


def candidates_changed(**_kwargs) -> None:
    """Signal receiver (see apps.py): after the change commits, cached summaries are unreachable."""

    def forget() -> None:
        cache.set(GENERATION_CACHE_KEY, uuid.uuid4().hex, None)
        stamp_forget()

    transaction.on_commit(forget)
