"""The programme indicator this app feeds (registered from ImpactConfig.ready): exemplary SMEs,
counted once per enterprise on the day it was designated, while the designation stands. Scoped (the
designations table is watched by its enterprise column), so a page read no longer recomputes it."""

from __future__ import annotations

from collections.abc import Iterator

from marketplace.programme.registry import Fact, local_day, register_source, sql_local_day

from .models import Designation, DesignationStatus


def exemplary_smes(enterprise_ids=None) -> Iterator[Fact]:
    rows = Designation.objects.filter(status=DesignationStatus.DESIGNATED)
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    rows = rows.values_list("enterprise_id", "designated_at", "pk")
    for enterprise_id, designated_at, pk in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"designation:{pk}",
            on=local_day(designated_at),
            enterprise_id=enterprise_id,
        )


def exemplary_smes_sql() -> str:
    """exemplary_smes as one SELECT (the PostgreSQL rebuild; see registry.SQL_COLUMNS)."""
    return (
        "SELECT 'enterprise:' || enterprise_id, 'designation:' || id, "
        f"{sql_local_day('designated_at')}, enterprise_id, '', 1, '{{}}'::jsonb "
        f"FROM {Designation._meta.db_table} WHERE status = '{DesignationStatus.DESIGNATED}'"
    )


def register() -> None:
    register_source(
        "exemplary_smes",
        "impact.designated",
        exemplary_smes,
        watch=[Designation],
        sql=exemplary_smes_sql,
    )
