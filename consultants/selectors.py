"""Reads for the consultant network: the public registry, availability, certificates, the officer queue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.audit import audit_history

from . import codes
from .errors import CertificateNotFound
from .models import (
    OPEN_APPLICATION_STATUSES,
    ApplicationStatus,
    AvailabilityException,
    AvailabilityRule,
    Certificate,
    CertificateStatus,
    CertificationApplication,
    Consultant,
    Engagement,
    FirmMembership,
    NetworkCriteria,
)

UTC = UTC
Interval = tuple[datetime, datetime]


# ---- certification and the public registry ----


def valid_certificates(now: datetime | None = None) -> QuerySet[Certificate]:
    """Certificates that carry the badge now: active and not past their end date (even before the job ran)."""
    return Certificate.objects.filter(status=CertificateStatus.ACTIVE, valid_until__gt=now or timezone.now())


def consultants_public(now: datetime | None = None) -> QuerySet[Consultant]:
    """Consultants the public may see (and the search index holds): visible and holding a valid certificate."""
    certified = valid_certificates(now).filter(consultant=OuterRef("pk"))
    return Consultant.objects.filter(is_visible=True).filter(Exists(certified))


def consultant_is_public(consultant: Consultant) -> bool:
    return consultants_public().filter(pk=consultant.pk).exists()


def with_public_relations(queryset: QuerySet[Consultant]) -> QuerySet[Consultant]:
    """Everything a registry card or the API list shows, in a constant number of queries."""
    return queryset.select_related("firm_membership__firm").prefetch_related(
        "sectors",
        "expertise",
        "categories",
        "coverage",
        "packages",
        Prefetch(
            "certificates",
            queryset=Certificate.objects.filter(
                status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED]
            ),
            to_attr="live_certificates",
        ),
    )


def consultant_live_certificate(consultant: Consultant) -> Certificate | None:
    cached = getattr(consultant, "live_certificates", None)
    if cached is not None:
        return cached[0] if cached else None
    return (
        consultant.certificates.filter(status__in=[CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED])
        .order_by("-issued_at")
        .first()
    )


def consultant_latest_certificate(consultant: Consultant) -> Certificate | None:
    return consultant.certificates.order_by("-issued_at", "-pk").first()


def consultant_has_badge(consultant: Consultant) -> bool:
    certificate = consultant_live_certificate(consultant)
    return bool(certificate and certificate.public_status() == CertificateStatus.ACTIVE)


def certificate_get_by_code(code: str) -> Certificate:
    """A readable code in any case and spacing, or an older random code exactly as issued."""
    typed = (code or "").strip()
    try:
        stored, checked = codes.canonical(typed), True
    except codes.InvalidCode:
        stored, checked = typed, False  # codes issued earlier are case-sensitive random strings
    certificate = (
        Certificate.objects.select_related("consultant", "consultant__firm_membership__firm")
        .filter(code=stored)
        .first()
    )
    if certificate is None and not checked and codes.looks_like_code(typed):
        # Shaped like a code but the check letter disagrees: one character is mistyped.
        raise CertificateNotFound(
            _("This code has a typing mistake: check each character against the certificate."),
            code="certificate_code_mistyped",
        )
    if certificate is None:
        raise CertificateNotFound()
    return certificate


def criteria_current() -> NetworkCriteria | None:
    return NetworkCriteria.objects.filter(is_current=True).first()


def consultant_of(user) -> Consultant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Consultant.objects.filter(user=user).first()


def consultant_open_application(consultant: Consultant) -> CertificationApplication | None:
    return consultant.applications.filter(status__in=OPEN_APPLICATION_STATUSES).first()


def consultant_latest_application(consultant: Consultant) -> CertificationApplication | None:
    return consultant.applications.order_by("-created_at", "-pk").first()


def applications_queue(*, status: str | None = None) -> QuerySet[CertificationApplication]:
    """Officers' queue; by default everything waiting for an officer, oldest first."""
    queryset = CertificationApplication.objects.select_related("consultant", "criteria", "reviewer")
    if status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(
            status__in=[
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.RESUBMITTED,
                ApplicationStatus.UNDER_REVIEW,
            ]
        )
    return queryset.order_by("submitted_at", "pk")


def application_history(application: CertificationApplication):
    return audit_history(application)


def firm_members(firm) -> QuerySet[FirmMembership]:
    return firm.memberships.select_related("consultant").order_by("role", "consultant__display_name")


def firm_membership_of(user) -> FirmMembership | None:
    """The signed-in consultant's membership (with its firm), if they act for one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return FirmMembership.objects.select_related("firm").filter(consultant__user=user).first()


def consultant_by_email(email: str) -> Consultant | None:
    """An existing consultant found by their account's e-mail (firm admins add members this way)."""
    email = (email or "").strip()
    if not email:
        return None
    return Consultant.objects.select_related("user").filter(user__email__iexact=email).first()


def firm_is_admin(*, firm, user) -> bool:
    return FirmMembership.objects.filter(firm=firm, consultant__user=user, role=FirmMembership.ADMIN).exists()


def engagements_at_level(consultant: Consultant, level: int) -> QuerySet[Engagement]:
    """Track record with clients at one readiness level (matching weighs this)."""
    return consultant.engagements.filter(client_readiness_level=level)


# ---- availability ----


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(intervals: list[tuple[int, int]], cut: tuple[int, int]) -> list[tuple[int, int]]:
    out = []
    for start, end in intervals:
        if cut[1] <= start or cut[0] >= end:
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out


def _local_to_utc(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    # fold=0: an ambiguous wall time means its first occurrence; a nonexistent one (spring-forward gap)
    # maps as PEP 495 does, so 02:30 on the gap day is 03:30 summer time.
    local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone)
    return local.astimezone(UTC)


def _day_intervals(
    day: date, rules_by_weekday: dict[int, list], exceptions: list[AvailabilityException]
) -> list[tuple[int, int]]:
    intervals = [
        (_minutes(r.start_time), _minutes(r.end_time)) for r in rules_by_weekday.get(day.weekday(), [])
    ]
    for exception in exceptions:
        if exception.kind == AvailabilityException.DAY_OFF:
            if exception.start_time is None:
                intervals = []
            else:
                intervals = _subtract(
                    intervals, (_minutes(exception.start_time), _minutes(exception.end_time))
                )
    for exception in exceptions:
        if exception.kind == AvailabilityException.EXTRA:
            intervals.append((_minutes(exception.start_time), _minutes(exception.end_time)))
    return _merge(intervals)


def _free_intervals(
    consultant: Consultant,
    rules: Iterable[AvailabilityRule],
    exceptions: Iterable[AvailabilityException],
    start: datetime,
    end: datetime,
    busy: Iterable[Interval] = (),
) -> list[Interval]:
    """Free time of one consultant as UTC intervals clipped to [start, end)."""
    zone = ZoneInfo(consultant.time_zone)
    rules_by_weekday: dict[int, list] = defaultdict(list)
    for rule in rules:
        rules_by_weekday[rule.weekday].append(rule)
    exceptions_by_date: dict[date, list] = defaultdict(list)
    for exception in exceptions:
        exceptions_by_date[exception.date].append(exception)
    first_day = start.astimezone(zone).date() - timedelta(days=1)
    last_day = end.astimezone(zone).date()
    result: list[Interval] = []
    day = first_day
    while day <= last_day:
        for a, b in _day_intervals(day, rules_by_weekday, exceptions_by_date.get(day, [])):
            utc_start, utc_end = _local_to_utc(day, a, zone), _local_to_utc(day, b, zone)
            utc_start, utc_end = max(utc_start, start), min(utc_end, end)
            if utc_start < utc_end:
                result.append((utc_start, utc_end))
        day += timedelta(days=1)
    for busy_start, busy_end in sorted(busy):
        trimmed = []
        for a, b in result:
            if busy_end <= a or busy_start >= b:
                trimmed.append((a, b))
                continue
            if a < busy_start:
                trimmed.append((a, busy_start))
            if busy_end < b:
                trimmed.append((busy_end, b))
        result = trimmed
    return sorted(result)


_RULES_SQL = (
    f"SELECT * FROM {AvailabilityRule._meta.db_table} WHERE consultant_id = %s"
    " ORDER BY weekday, start_time, id"
)
_EXCEPTIONS_SQL = (
    f"SELECT * FROM {AvailabilityException._meta.db_table} WHERE consultant_id = %s"
    " AND date >= %s AND date <= %s ORDER BY date, start_time, id"
)


def _rules_and_exceptions(consultant: Consultant, start: datetime, end: datetime):
    cache = getattr(consultant, "_prefetched_objects_cache", {})
    rules = cache.get("availability_rules")
    if rules is None:
        # plain statements: read for every slot check of a booking request, where compiling the
        # ORM's two queries cost more CPU than running them (benchmarks/README.md, booking)
        rules = list(AvailabilityRule.objects.raw(_RULES_SQL, [consultant.pk]))
    zone = ZoneInfo(consultant.time_zone)
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    exceptions = cache.get("availability_exceptions")
    if exceptions is None:
        exceptions = list(AvailabilityException.objects.raw(_EXCEPTIONS_SQL, [consultant.pk, first, last]))
    else:
        exceptions = [e for e in exceptions if first <= e.date <= last]
    return rules, exceptions


def _require_aware(value: datetime, name: str) -> datetime:
    if timezone.is_naive(value):
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)


def consultant_free_slots(
    consultant: Consultant,
    *,
    start: datetime,
    end: datetime,
    slot_minutes: int = 60,
    busy: Iterable[Interval] = (),
    limit: int | None = None,
) -> list[datetime]:
    """Start instants (UTC) of free slots of `slot_minutes` between start and end.

    Weekly rules are wall-clock hours in the consultant's zone, so across a DST change a 09:00 rule
    stays 09:00 locally and moves in UTC; `busy` intervals are removed (the times bookings hold:
    consultants.bookings.selectors passes them, since bookings sit above this module).
    Two queries, or none when rules and exceptions were prefetched.
    """
    start, end = _require_aware(start, "start"), _require_aware(end, "end")
    if end <= start or slot_minutes <= 0:
        return []
    rules, exceptions = _rules_and_exceptions(consultant, start, end)
    step = timedelta(minutes=slot_minutes)
    slots: list[datetime] = []
    for a, b in _free_intervals(consultant, rules, exceptions, start, end, busy):
        moment = a
        while moment + step <= b:
            slots.append(moment)
            if limit is not None and len(slots) >= limit:
                return slots
            moment += step
    return slots


def consultants_free_hours(
    consultants: Iterable[Consultant],
    *,
    weeks: int = 4,
    now: datetime | None = None,
    busy: Mapping[int, Iterable[Interval]] | None = None,
) -> dict[int, float]:
    """Free hours per consultant over the next `weeks` weeks, minus `busy` intervals per consultant,
    for many consultants in two queries."""
    consultants = list(consultants)
    start = _require_aware(now or timezone.now(), "now")
    end = start + timedelta(weeks=weeks)
    pks = [c.pk for c in consultants]
    rules: dict[int, list] = defaultdict(list)
    for rule in AvailabilityRule.objects.filter(consultant_id__in=pks):
        rules[rule.consultant_id].append(rule)
    exceptions: dict[int, list] = defaultdict(list)
    window = Q(date__gte=(start - timedelta(days=2)).date(), date__lte=(end + timedelta(days=2)).date())
    for exception in AvailabilityException.objects.filter(window, consultant_id__in=pks):
        exceptions[exception.consultant_id].append(exception)
    busy = busy or {}
    hours = {}
    for consultant in consultants:
        intervals = _free_intervals(
            consultant,
            rules[consultant.pk],
            exceptions[consultant.pk],
            start,
            end,
            busy.get(consultant.pk, ()),
        )
        hours[consultant.pk] = round(sum((b - a).total_seconds() for a, b in intervals) / 3600, 2)
    return hours


def next_slots_window(*, days: int = 21) -> tuple[datetime, datetime]:
    """From the next full hour (so the list reads naturally) for `days` days."""
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return start, start + timedelta(days=days)
