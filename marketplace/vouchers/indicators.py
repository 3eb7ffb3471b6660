"""The programme indicators vouchers feed (registered from VouchersConfig.ready): support reserved,
redeemed and disbursed in đồng, from the budget ledger (on the day of each movement; releases and claw
backs count negative in their group, so a period's figure is what stayed), and an SME supported on
the day its first voucher was issued."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Min

from marketplace.programme.registry import Fact, local_day, register_source

from .models import BudgetEntry, Movement, Voucher

# movement -> (group, sign)
GROUPS = {
    Movement.RESERVE: ("reserved", 1),
    Movement.RELEASE: ("reserved", -1),
    Movement.REDEEM: ("redeemed", 1),
    Movement.DISBURSE: ("disbursed", 1),
}


def support_budget() -> Iterator[Fact]:
    rows = BudgetEntry.objects.filter(movement__in=list(GROUPS)).values_list(
        "pk", "movement", "amount", "created_at", "voucher__enterprise_id", "voucher_id"
    )
    for pk, movement, amount, created_at, enterprise_id, voucher_id in rows.iterator(chunk_size=5000):
        group, sign = GROUPS[movement]
        yield Fact(
            unit=f"budget_entry:{pk}",
            record=f"voucher:{voucher_id}",
            on=local_day(created_at),
            enterprise_id=enterprise_id,
            group=group,
            amount=sign * amount,
        )


def supported_by_voucher() -> Iterator[Fact]:
    rows = Voucher.objects.values("enterprise_id").annotate(first=Min("issued_at"), pk=Min("pk"))
    for row in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"enterprise:{row['enterprise_id']}",
            record=f"voucher:{row['pk']}",
            on=local_day(row["first"]),
            enterprise_id=row["enterprise_id"],
        )


def register() -> None:
    register_source("support_budget", "vouchers.ledger", support_budget)
    register_source("smes_supported", "vouchers.issued", supported_by_voucher)
