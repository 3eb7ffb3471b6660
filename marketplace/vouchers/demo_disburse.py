"""Demo, after the engagements and orders demos: the programme disburses most of the support they
redeemed (each with a bank reference), so the public page shows all three stages."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.core.demo import DemoContext

from . import ledger, services
from .models import Account, BudgetEntry, Movement


def seed(ctx: DemoContext) -> None:
    if BudgetEntry.objects.filter(movement=Movement.DISBURSE).exists():
        return
    officer = User.objects.filter(officer_memberships__is_active=True).order_by("pk").first()
    if officer is None:
        return
    keys = list(
        BudgetEntry.objects.filter(movement=Movement.REDEEM)
        .order_by("pk")
        .values_list("payable_key", flat=True)
    )
    paid = 0
    for index, key in enumerate(keys):
        if index % 3 == 2:
            continue  # some redeemed support still waits for its disbursement
        if ledger.balances(BudgetEntry.objects.filter(payable_key=key))[Account.REDEEMED] > 0:
            services.disburse(key=key, by=officer, bank_reference=f"KBNN26{index + 1:06d}")
            paid += 1
    ctx.log(f"  vouchers: {paid} disbursements")
