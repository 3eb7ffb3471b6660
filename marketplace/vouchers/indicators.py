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

from marketplace.programme.registry import Fact, local_day, register_dimension, register_source

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
    )
    register_source(
        "smes_supported",
        "vouchers.issued",
        supported_by_voucher,
        watch=[Voucher],
        dimensions=DIMENSIONS,
    )
    register_dimension("scheme", _("Support scheme"), scheme_names)
    register_dimension("call", _("Support call"), call_titles)
