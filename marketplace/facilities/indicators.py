"""The programme indicator facilities feed (registered from FacilitiesConfig.ready): facility
bookings by state, on the day of the session; `used` is what SMEs actually tried. Scoped and watched
(see marketplace/programme/registry.py), so the aggregates follow every change."""

from __future__ import annotations

from collections.abc import Iterator

from marketplace.programme.registry import (
    Fact,
    local_day,
    register_group_labels,
    register_source,
    sql_local_day,
)

from .models import FacilityBooking, FacilityBookingStatus


def facility_bookings(enterprise_ids=None) -> Iterator[Fact]:
    rows = FacilityBooking.objects.all()
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    for pk, enterprise_id, start_at, status in rows.values_list(
        "pk", "enterprise_id", "start_at", "status"
    ).iterator(chunk_size=5000):
        yield Fact(
            unit=f"facility_booking:{pk}",
            record=f"facility_booking:{pk}",
            on=local_day(start_at),
            enterprise_id=enterprise_id,
            group=status,
        )


def facility_bookings_sql() -> str:
    """facility_bookings as one SELECT (the PostgreSQL rebuild; see registry.SQL_COLUMNS)."""
    return (
        "SELECT 'facility_booking:' || id, 'facility_booking:' || id, "
        f"{sql_local_day('start_at')}, enterprise_id, status, 1, '{{}}'::jsonb "
        f"FROM {FacilityBooking._meta.db_table}"
    )


def register() -> None:
    register_source(
        "facility_bookings",
        "facilities.bookings",
        facility_bookings,
        watch=[FacilityBooking],
        sql=facility_bookings_sql,
    )
    register_group_labels(FacilityBookingStatus.choices)
