"""The budget ledger's arithmetic: post a movement, read balances as sums (never stored counters).

Accounts (models.Account) and the movements between them:

    fund       state     → available   an officer opens a call with its budget
    allocate   available → granted     an application is approved (the voucher's ceiling)
    reserve    granted   → reserved    a deal is accepted: the voucher's part of an amount due
    release    reserved  → granted     cancelled, dispute lost, voucher expired
    redeem     reserved  → redeemed    the amount was delivered and invoiced (e-invoice number)
    disburse   redeemed  → disbursed   the programme paid the provider (bank reference)
    claw_back  redeemed | disbursed → clawed_back   evidence found false (an officer, with a reason)
    expire     granted   → available   a voucher's unreserved amount returns to the call

Every row moves a positive amount from one account to another, so the balances over all accounts
always sum to zero; the services lock the call's row before reading a balance and posting, so no
balance other than the state's is ever below zero (tests/vouchers check both, with Hypothesis).
"""

from __future__ import annotations

from django.db.models import BigIntegerField, Case, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import Account, BudgetEntry, Call, Movement, Voucher


def post(
    *,
    call: Call,
    movement: str,
    source: str,
    target: str,
    amount: int,
    by=None,
    voucher: Voucher | None = None,
    reason: str = "",
    **meta,
) -> BudgetEntry:
    """Append one movement (inside the caller's transaction, with the call's row locked)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"a ledger movement is a positive whole number of đồng: {amount!r}")
    return BudgetEntry.objects.create(
        call=call,
        voucher=voucher,
        enterprise_id=voucher.enterprise_id if voucher is not None else None,
        movement=movement,
        source=source,
        target=target,
        amount=amount,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        reason=(reason or "")[:500],
        **meta,
    )


def _net(account: str):
    return Coalesce(
        Sum(
            Case(
                When(target=account, then="amount"),
                When(source=account, then=-F("amount")),
                default=Value(0),
                output_field=BigIntegerField(),
            )
        ),
        Value(0),
    )


def net(account: str):
    """An aggregate expression: `account`'s balance over the rows aggregated (for grouped queries)."""
    return _net(account)


def balances(entries: QuerySet[BudgetEntry]) -> dict[str, int]:
    """Every account's balance over `entries` (one query)."""
    row = entries.aggregate(**{account: _net(account) for account in Account.values})
    return {account: int(row[account] or 0) for account in Account.values}


def balance(entries: QuerySet[BudgetEntry], account: str) -> int:
    return int(entries.aggregate(value=_net(account))["value"] or 0)


def call_available(call: Call | int) -> int:
    return balance(BudgetEntry.objects.filter(call=call), Account.AVAILABLE)


def voucher_remaining(voucher: Voucher | int) -> int:
    return balance(BudgetEntry.objects.filter(voucher=voucher), Account.GRANTED)


def used_for_caps(entries: QuerySet[BudgetEntry]) -> int:
    """Support counted against a scheme's caps: reserved, less released and clawed back."""
    value = entries.aggregate(
        value=Coalesce(
            Sum(
                Case(
                    When(movement=Movement.RESERVE, then="amount"),
                    When(Q(movement=Movement.RELEASE) | Q(movement=Movement.CLAW_BACK), then=-F("amount")),
                    default=Value(0),
                    output_field=BigIntegerField(),
                )
            ),
            Value(0),
        )
    )["value"]
    return int(value or 0)
