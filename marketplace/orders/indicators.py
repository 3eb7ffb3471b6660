"""The programme indicators this app feeds (registered from OrdersConfig.ready): SMEs applying a
digital solution (an order confirmed in use, counted once per SME on the first day) and orders by
state (on the day each was placed)."""

from __future__ import annotations

from collections.abc import Iterator

from marketplace.programme.registry import (
    Fact,
    local_day,
    register_group_labels,
    register_source,
    sql_local_day,
)

from .models import Order, OrderStatus


def _of(rows, enterprise_ids):
    """Only the given enterprises' rows (None: all): the aggregates recompute changed SMEs only."""
    return rows if enterprise_ids is None else rows.filter(enterprise_id__in=enterprise_ids)


def applying_solutions(enterprise_ids=None) -> Iterator[Fact]:
    rows = _of(
        Order.objects.filter(status=OrderStatus.IN_USE, in_use_at__isnull=False), enterprise_ids
    ).values_list("pk", "enterprise_id", "in_use_at")
    for pk, enterprise_id, in_use_at in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"order:{pk}",
            on=local_day(in_use_at),
            enterprise_id=enterprise_id,
        )


def orders_by_state(enterprise_ids=None) -> Iterator[Fact]:
    rows = _of(Order.objects.all(), enterprise_ids).values_list("pk", "enterprise_id", "created_at", "status")
    for pk, enterprise_id, created_at, status in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"order:{pk}",
            record=f"order:{pk}",
            on=local_day(created_at),
            enterprise_id=enterprise_id,
            group=status,
        )


def applying_solutions_sql() -> str:
    """applying_solutions as one SELECT (the PostgreSQL rebuild; see registry.SQL_COLUMNS)."""
    return (
        "SELECT 'enterprise:' || enterprise_id, 'order:' || id, "
        f"{sql_local_day('in_use_at')}, enterprise_id, '', 1, '{{}}'::jsonb FROM {Order._meta.db_table} "
        f"WHERE status = '{OrderStatus.IN_USE}' AND in_use_at IS NOT NULL"
    )


def orders_by_state_sql() -> str:
    return (
        "SELECT 'order:' || id, 'order:' || id, "
        f"{sql_local_day('created_at')}, enterprise_id, status, 1, '{{}}'::jsonb FROM {Order._meta.db_table}"
    )


def register() -> None:
    register_source(
        "smes_applying_solutions",
        "orders.in_use",
        applying_solutions,
        watch=[Order],
        sql=applying_solutions_sql,
    )
    register_source("orders", "orders.all", orders_by_state, watch=[Order], sql=orders_by_state_sql)
    register_group_labels(OrderStatus.choices)
