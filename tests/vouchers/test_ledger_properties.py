"""Property: under any sequence of operations the budget ledger balances to the đồng and no account
but the state budget is ever below zero (per call, per voucher, per amount due)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.core.deals import DealAmount
from marketplace.core.errors import DomainError
from marketplace.vouchers import ledger, services
from marketplace.vouchers.models import Account, BudgetEntry, Voucher, VoucherStatus
from tests.factories import OfficerFactory

from .factories import applied, draft_scheme, eligible_enterprise, open_call

pytestmark = pytest.mark.django_db

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["approve", "reserve", "release", "redeem", "disburse", "claw_back", "expire"]),
        st.integers(min_value=0, max_value=5),  # which application / amount
        st.integers(min_value=1, max_value=60_000_000),  # a price
    ),
    min_size=1,
    max_size=25,
)


def _check(call) -> None:
    entries = BudgetEntry.objects.filter(call=call)
    balances = ledger.balances(entries)
    assert sum(balances.values()) == 0
    assert all(value >= 0 for account, value in balances.items() if account != Account.STATE)
    for voucher in Voucher.objects.filter(call=call):
        per_voucher = ledger.balances(entries.filter(voucher=voucher))
        assert all(v >= 0 for a, v in per_voucher.items() if a not in (Account.STATE, Account.AVAILABLE))
    for key in entries.exclude(payable_key="").values_list("payable_key", flat=True).distinct():
        per_amount = ledger.balances(entries.filter(payable_key=key))
        assert all(v >= 0 for a, v in per_amount.items() if a != Account.GRANTED)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS, budget=st.integers(min_value=1, max_value=150_000_000))
def test_random_operations_keep_the_ledger_balanced_and_never_negative(operations, budget):
    call = open_call(budget=budget, scheme=draft_scheme())
    officer = OfficerFactory()
    enterprises = [eligible_enterprise(size, assessed=False) for size in ("micro", "small")]
    applications = [
        applied(call, enterprise, amount=amount)
        for enterprise, amount in zip(enterprises, (40_000_000, 70_000_000), strict=True)
    ]
    keys = []
    for operation, index, price in operations:
        key = keys[index % len(keys)] if keys else "orders.amountdue:0"
        try:
            if operation == "approve":
                services.application_approve(application=applications[index % 2], by=officer)
            elif operation == "reserve":
                enterprise = enterprises[index % 2]
                key = f"orders.amountdue:{call.pk}{len(keys)}"
                keys.append(key)
                services.reserve(
                    amounts=[
                        DealAmount(
                            key=key,
                            contract=f"orders.order:{call.pk}{index}",
                            enterprise_id=enterprise.pk,
                            kind="solution",
                            price=price,
                            co_investment=0,
                            due_date=dt.date(2026, 10, 1),
                            provider="Nhà cung cấp",
                            description="Thuê giải pháp",
                        )
                    ]
                )
            elif operation == "release":
                services.release(keys=[key])
            elif operation == "redeem":
                services.redeem(key=key, by=officer, evidence=f"HD{index}")
            elif operation == "disburse":
                services.disburse(key=key, by=officer, bank_reference=f"FT{index}")
            elif operation == "claw_back":
                services.claw_back(key=key, by=officer, reason="Chứng từ sai")
            elif operation == "expire":
                live = Voucher.objects.filter(call=call, status=VoucherStatus.ACTIVE).order_by("pk")
                if live:
                    services.voucher_expire(voucher=live[index % len(live)])
        except DomainError:
            pass  # a refusal must change nothing: the invariants below say so
        _check(call)
    assert ledger.call_available(call) <= budget
