"""The programme indicator this app feeds (registered from TrainingConfig.ready): people trained.

Each attendee checked in is one fact on the local day of the session, grouped by the event's
audience; the enterprise's sector, ward and size give the usual cuts. Scoped: the seats table is
watched (its enterprise column), so check-ins reach the aggregates through the database triggers.
"""

from __future__ import annotations

from collections.abc import Iterator

from marketplace.programme.registry import (
    Fact,
    local_day,
    register_group_labels,
    register_source,
    sql_local_day,
)

from .models import Audience, Event, Seat, Session


def people_trained(enterprise_ids=None) -> Iterator[Fact]:
    rows = Seat.objects.filter(checked_in_at__isnull=False)
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    rows = rows.values_list("pk", "enterprise_id", "session__starts_at", "session__event__audience")
    for pk, enterprise_id, starts_at, audience in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"seat:{pk}",
            record=f"seat:{pk}",
            on=local_day(starts_at),
            enterprise_id=enterprise_id,
            group=audience,
        )


def people_trained_sql() -> str:
    """people_trained as one SELECT (the PostgreSQL rebuild; see registry.SQL_COLUMNS)."""
    return (
        "SELECT 'seat:' || s.id, 'seat:' || s.id, "
        f"{sql_local_day('n.starts_at')}, s.enterprise_id, e.audience, 1, '{{}}'::jsonb "
        f"FROM {Seat._meta.db_table} s JOIN {Session._meta.db_table} n ON n.id = s.session_id "
        f"JOIN {Event._meta.db_table} e ON e.id = n.event_id WHERE s.checked_in_at IS NOT NULL"
    )


def register() -> None:
    register_source(
        "people_trained", "training.checked_in", people_trained, watch=[Seat], sql=people_trained_sql
    )
    register_group_labels(Audience.choices)
