"""The programme indicators vouchers feed (registered from VouchersConfig.ready): support reserved,
redeemed and disbursed in đồng, from the budget ledger (on the day of each movement; releases count
negative in their group, so a period's figure is what stayed), and an SME supported on the day its
first voucher was issued.

Both sources are scoped (see marketplace/programme/registry.py): they take ``enterprise_ids`` and
watch the tables that decide their facts — the ledger's ``enterprise`` column (copied from the
voucher on every row) and the vouchers' — so the aggregates are kept current by the database
triggers instead of being recomputed on every read. Every fact carries the extra cuts ``scheme`` and
``call`` (their codes; the tables show the scheme's name and the call's title).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext_lazy as _

from marketplace.programme.registry import (
    Fact,
    local_day,
    register_dimension,
    register_source,
    sql_local_day,
)

from .models import BudgetEntry, Call, Movement, Scheme, Voucher

# movement -> (group, sign)
GROUPS = {
    Movement.RESERVE: ("reserved", 1),
    Movement.RELEASE: ("reserved", -1),
    Movement.REDEEM: ("redeemed", 1),
    Movement.DISBURSE: ("disbursed", 1),
}
DIMENSIONS = ("scheme", "call")


def _of(rows, enterprise_ids):
    """Only the given enterprises' rows (None: all): the aggregates recompute changed SMEs only."""
    return rows if enterprise_ids is None else rows.filter(enterprise_id__in=enterprise_ids)


def support_budget(enterprise_ids=None) -> Iterator[Fact]:
    rows = _of(
        BudgetEntry.objects.filter(movement__in=list(GROUPS), enterprise__isnull=False), enterprise_ids
    )
    rows = rows.values_list(
        "pk",
        "movement",
        "amount",
        "created_at",
        "enterprise_id",
        "voucher_id",
        "call__code",
        "call__scheme__code",
    )
    for pk, movement, amount, created_at, enterprise_id, voucher_id, call, scheme in rows.iterator(
        chunk_size=5000
    ):
        group, sign = GROUPS[movement]
        yield Fact(
            unit=f"budget_entry:{pk}",
            record=f"voucher:{voucher_id}",
            on=local_day(created_at),
            enterprise_id=enterprise_id,
            group=group,
            amount=sign * amount,
            dimensions={"scheme": scheme, "call": call},
        )


def supported_by_voucher(enterprise_ids=None) -> Iterator[Fact]:
    """One fact per voucher, all with the enterprise as unit: counted once, on its first voucher's
    day (and under that voucher's scheme and call)."""
    rows = _of(Voucher.objects.all(), enterprise_ids).values_list(
        "pk", "enterprise_id", "issued_at", "call__code", "call__scheme__code"
    )
    for pk, enterprise_id, issued_at, call, scheme in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"voucher:{pk}",
            on=local_day(issued_at),
            enterprise_id=enterprise_id,
            dimensions={"scheme": scheme, "call": call},
        )


def _calls_sql(alias: str) -> str:
    """The call and scheme of each row (both required): the facts' extra cuts."""
    return (
        f"JOIN {Call._meta.db_table} c ON c.id = {alias}.call_id "
        f"JOIN {Scheme._meta.db_table} s ON s.id = c.scheme_id"
    )


DIMENSIONS_SQL = "jsonb_build_object('scheme', s.code, 'call', c.code)"


def support_budget_sql() -> str:
    """support_budget as one SELECT (the PostgreSQL rebuild; see registry.SQL_COLUMNS)."""
    group = " ".join(f"WHEN '{m}' THEN '{g}'" for m, (g, _sign) in GROUPS.items())
    sign = " ".join(f"WHEN '{m}' THEN {s}" for m, (_g, s) in GROUPS.items())
    movements = ", ".join(f"'{m}'" for m in GROUPS)
    return (
        "SELECT 'budget_entry:' || b.id, 'voucher:' || coalesce(b.voucher_id::text, 'None'), "
        f"{sql_local_day('b.created_at')}, b.enterprise_id, CASE b.movement {group} END, "
        f"(CASE b.movement {sign} END) * b.amount, {DIMENSIONS_SQL} "
        f"FROM {BudgetEntry._meta.db_table} b {_calls_sql('b')} "
        f"WHERE b.movement IN ({movements}) AND b.enterprise_id IS NOT NULL"
    )


def supported_by_voucher_sql() -> str:
    return (
        "SELECT 'enterprise:' || v.enterprise_id, 'voucher:' || v.id, "
        f"{sql_local_day('v.issued_at')}, v.enterprise_id, '', 1, {DIMENSIONS_SQL} "
        f"FROM {Voucher._meta.db_table} v {_calls_sql('v')}"
    )


def scheme_names(codes: Iterable[str]) -> dict[str, str]:
    return dict(Scheme.objects.filter(code__in=list(codes)).values_list("code", "name"))


def call_titles(codes: Iterable[str]) -> dict[str, str]:
    return dict(Call.objects.filter(code__in=list(codes)).values_list("code", "title"))


def register() -> None:
    register_source(
        "support_budget",
        "vouchers.ledger",
        support_budget,
        watch=[BudgetEntry],
        dimensions=DIMENSIONS,
        sql=support_budget_sql,
    )
    register_source(
        "smes_supported",
        "vouchers.issued",
        supported_by_voucher,
        watch=[Voucher],
        dimensions=DIMENSIONS,
        sql=supported_by_voucher_sql,
    )
    register_dimension("scheme", _("Support scheme"), scheme_names)
    register_dimension("call", _("Support call"), call_titles)
