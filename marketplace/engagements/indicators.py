"""The programme indicators this app feeds (registered from EngagementsConfig.ready): an accepted
engagement makes its SME "supported" (the day it was accepted), and engagements by state (on the
day each was proposed)."""

from __future__ import annotations

from collections.abc import Iterator

from marketplace.programme.registry import (
    Fact,
    local_day,
    register_group_labels,
    register_source,
    sql_local_day,
)

from .models import Engagement, EngagementStatus


def _of(rows, enterprise_ids):
    """Only the given enterprises' rows (None: all): the aggregates recompute changed SMEs only."""
    return rows if enterprise_ids is None else rows.filter(enterprise_id__in=enterprise_ids)


def supported_by_engagement(enterprise_ids=None) -> Iterator[Fact]:
    rows = _of(Engagement.objects.filter(accepted_at__isnull=False), enterprise_ids).values_list(
        "pk", "enterprise_id", "accepted_at"
    )
    for pk, enterprise_id, accepted_at in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"engagement:{pk}",
            on=local_day(accepted_at),
            enterprise_id=enterprise_id,
        )


def engagements_by_state(enterprise_ids=None) -> Iterator[Fact]:
    rows = _of(Engagement.objects.all(), enterprise_ids).values_list(
        "pk", "enterprise_id", "created_at", "status"
    )
    for pk, enterprise_id, created_at, status in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"engagement:{pk}",
            record=f"engagement:{pk}",
            on=local_day(created_at),
            enterprise_id=enterprise_id,
            group=status,
        )


def supported_by_engagement_sql() -> str:
    """supported_by_engagement as one SELECT (the PostgreSQL rebuild; see registry.SQL_COLUMNS)."""
    return (
        "SELECT 'enterprise:' || enterprise_id, 'engagement:' || id, "
        f"{sql_local_day('accepted_at')}, enterprise_id, '', 1, '{{}}'::jsonb "
        f"FROM {Engagement._meta.db_table} WHERE accepted_at IS NOT NULL"
    )


def engagements_by_state_sql() -> str:
    return (
        "SELECT 'engagement:' || id, 'engagement:' || id, "
        f"{sql_local_day('created_at')}, enterprise_id, status, 1, '{{}}'::jsonb "
        f"FROM {Engagement._meta.db_table}"
    )


def register() -> None:
    register_source(
        "smes_supported",
        "engagements.accepted",
        supported_by_engagement,
        watch=[Engagement],
        sql=supported_by_engagement_sql,
    )
    register_source(
        "engagements",
        "engagements.all",
        engagements_by_state,
        watch=[Engagement],
        sql=engagements_by_state_sql,
    )
    register_group_labels(EngagementStatus.choices)
