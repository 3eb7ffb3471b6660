"""The indicators computed from records that exist today: assessments, bookings, certificates.

Each function returns facts (see registry.Fact); the engagements, orders, support and reviews apps
register theirs the same way from their own AppConfig.ready. The flow sources are scoped: they take
``enterprise_ids`` (None: all) and name the tables they read, so the aggregates follow each change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Q

from consultants.bookings.models import Booking, BookingStatus
from consultants.models import Certificate, CertificateStatus
from matching.models import Assessment

from .registry import Fact, local_day, register_source, sql_local_day


def _of(rows, enterprise_ids):
    return rows if enterprise_ids is None else rows.filter(enterprise_id__in=enterprise_ids)


def _submitted(enterprise_ids=None) -> Iterator[tuple[int, int, datetime, int]]:
    """(assessment id, enterprise id, submitted at, level) of submitted assessments, oldest first."""
    return (
        _of(Assessment.objects.filter(status=Assessment.SUBMITTED, level__isnull=False), enterprise_ids)
        .order_by("enterprise_id", "submitted_at", "pk")
        .values_list("pk", "enterprise_id", "submitted_at", "level")
        .iterator(chunk_size=5000)
    )


def supported_by_assessment(enterprise_ids=None) -> Iterator[Fact]:
    for pk, enterprise_id, submitted_at, _level in _submitted(enterprise_ids):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"assessment:{pk}",
            on=local_day(submitted_at),
            enterprise_id=enterprise_id,
        )


def supported_by_consultation(enterprise_ids=None) -> Iterator[Fact]:
    rows = _of(Booking.objects.filter(status=BookingStatus.HELD), enterprise_ids).values_list(
        "pk", "enterprise_id", "start_at"
    )
    for pk, enterprise_id, start_at in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"booking:{pk}",
            on=local_day(start_at),
            enterprise_id=enterprise_id,
        )


def assessments_submitted(enterprise_ids=None) -> Iterator[Fact]:
    for pk, enterprise_id, submitted_at, level in _submitted(enterprise_ids):
        yield Fact(
            unit=f"assessment:{pk}",
            record=f"assessment:{pk}",
            on=local_day(submitted_at),
            enterprise_id=enterprise_id,
            group=str(level),
        )


def _first_and_latest(enterprise_ids=None) -> Iterator[tuple[tuple, tuple, int]]:
    """Per enterprise: its first (T0) and latest (T1) submitted assessment and how many it has."""
    current, first, last, count = None, None, None, 0
    for row in _submitted(enterprise_ids):
        if row[1] != current:
            if current is not None:
                yield first, last, count
            current, first, count = row[1], row, 0
        last, count = row, count + 1
    if current is not None:
        yield first, last, count


def readiness_levels(enterprise_ids=None) -> Iterator[Fact]:
    for _first, (pk, enterprise_id, submitted_at, level), _count in _first_and_latest(enterprise_ids):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"assessment:{pk}",
            on=local_day(submitted_at),
            enterprise_id=enterprise_id,
            group=str(level),
        )


def readiness_change(enterprise_ids=None) -> Iterator[Fact]:
    for first, (pk, enterprise_id, submitted_at, level), count in _first_and_latest(enterprise_ids):
        if count < 2:
            continue
        change = level - first[3]
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"assessment:{pk}",
            on=local_day(submitted_at),
            enterprise_id=enterprise_id,
            group="improved" if change > 0 else "declined" if change < 0 else "unchanged",
        )


def consultations(enterprise_ids=None) -> Iterator[Fact]:
    rows = _of(Booking.objects.all(), enterprise_ids).values_list("pk", "enterprise_id", "start_at", "status")
    for pk, enterprise_id, start_at, status in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"booking:{pk}",
            record=f"booking:{pk}",
            on=local_day(start_at),
            enterprise_id=enterprise_id,
            group=status,
        )


def certified_consultants(*, at: datetime) -> Iterator[Fact]:
    """Certificates valid at `at`. The status is today's: a suspension's start is not dated on the
    certificate, so a suspended certificate stops counting for every period (the cautious choice)."""
    rows = Certificate.objects.filter(
        Q(status=CertificateStatus.ACTIVE) | Q(status=CertificateStatus.EXPIRED),
        valid_from__lte=at,
        valid_until__gt=at,
    ).values_list("pk", "consultant_id", "valid_from")
    for pk, consultant_id, valid_from in rows:
        yield Fact(unit=f"consultant:{consultant_id}", record=f"certificate:{pk}", on=local_day(valid_from))


# ---- the same facts as set-based SQL, for the PostgreSQL rebuild (registry.SQL_COLUMNS) ----------


def _submitted_sql() -> str:
    return (
        f"SELECT id, enterprise_id, submitted_at, level FROM {Assessment._meta.db_table} "
        f"WHERE status = '{Assessment.SUBMITTED}' AND level IS NOT NULL AND enterprise_id IS NOT NULL"
    )


def supported_by_assessment_sql() -> str:
    return (
        "SELECT 'enterprise:' || enterprise_id, 'assessment:' || id, "
        f"{sql_local_day('submitted_at')}, enterprise_id, '', 1, '{{}}'::jsonb FROM ({_submitted_sql()}) a"
    )


def supported_by_consultation_sql() -> str:
    return (
        "SELECT 'enterprise:' || enterprise_id, 'booking:' || id, "
        f"{sql_local_day('start_at')}, enterprise_id, '', 1, '{{}}'::jsonb FROM {Booking._meta.db_table} "
        f"WHERE status = '{BookingStatus.HELD}'"
    )


def assessments_submitted_sql() -> str:
    return (
        "SELECT 'assessment:' || id, 'assessment:' || id, "
        f"{sql_local_day('submitted_at')}, enterprise_id, level::text, 1, '{{}}'::jsonb "
        f"FROM ({_submitted_sql()}) a"
    )


def _first_and_latest_sql() -> str:
    """Per enterprise with a submitted assessment: its latest one, the first one's level, the count
    (the order of _submitted: submitted_at then id)."""
    return (
        "SELECT * FROM (SELECT id, enterprise_id, submitted_at, level, "
        "first_value(level) OVER (PARTITION BY enterprise_id ORDER BY submitted_at, id) AS first_level, "
        "count(*) OVER (PARTITION BY enterprise_id) AS assessments, "
        "row_number() OVER (PARTITION BY enterprise_id ORDER BY submitted_at DESC, id DESC) AS latest "
        f"FROM ({_submitted_sql()}) a) ranked WHERE latest = 1"
    )


def readiness_levels_sql() -> str:
    return (
        "SELECT 'enterprise:' || enterprise_id, 'assessment:' || id, "
        f"{sql_local_day('submitted_at')}, enterprise_id, level::text, 1, '{{}}'::jsonb "
        f"FROM ({_first_and_latest_sql()}) f"
    )


def readiness_change_sql() -> str:
    return (
        "SELECT 'enterprise:' || enterprise_id, 'assessment:' || id, "
        f"{sql_local_day('submitted_at')}, enterprise_id, "
        "CASE WHEN level > first_level THEN 'improved' WHEN level < first_level THEN 'declined' "
        "ELSE 'unchanged' END, 1, '{}'::jsonb "
        f"FROM ({_first_and_latest_sql()}) f WHERE assessments >= 2"
    )


def consultations_sql() -> str:
    return (
        "SELECT 'booking:' || id, 'booking:' || id, "
        f"{sql_local_day('start_at')}, enterprise_id, status, 1, '{{}}'::jsonb FROM {Booking._meta.db_table}"
    )


def register_builtin_sources() -> None:
    assessments, bookings = [Assessment], [Booking]
    register_source(
        "smes_supported",
        "matching.assessment",
        supported_by_assessment,
        watch=assessments,
        sql=supported_by_assessment_sql,
    )
    register_source(
        "smes_supported",
        "bookings.held",
        supported_by_consultation,
        watch=bookings,
        sql=supported_by_consultation_sql,
    )
    register_source(
        "assessments_submitted",
        "matching.assessment",
        assessments_submitted,
        watch=assessments,
        sql=assessments_submitted_sql,
    )
    register_source(
        "readiness_levels", "matching.latest", readiness_levels, watch=assessments, sql=readiness_levels_sql
    )
    register_source(
        "readiness_change",
        "matching.first_latest",
        readiness_change,
        watch=assessments,
        sql=readiness_change_sql,
    )
    register_source("consultations", "bookings.all", consultations, watch=bookings, sql=consultations_sql)
    register_source("certified_consultants", "consultants.certificates", certified_consultants)
