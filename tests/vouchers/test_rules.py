"""Every rule boundary of the default scheme (Decree 80/2021/NĐ-CP art. 11): the rate, each cap per
size class, per contract per year for consulting, per enterprise per year for solutions, a second
contract in the same year, a contract straddling two years, the voucher's own remaining amount."""

import datetime as dt
import itertools

import pytest

from marketplace.core.deals import DealAmount
from marketplace.vouchers import ledger, services
from marketplace.vouchers.models import BudgetEntry
from tests.factories import OfficerFactory

from .factories import applied, eligible_enterprise, open_call

pytestmark = pytest.mark.django_db
MILLION = 1_000_000
_ids = itertools.count(1)


def _voucher(size, ceiling=1_000 * MILLION):
    call = open_call(budget=2_000 * MILLION)
    enterprise = eligible_enterprise(size)
    return services.application_approve(
        application=applied(call, enterprise, amount=ceiling), by=OfficerFactory()
    )


def _reserve(
    voucher, *, price, kind="consulting", contract="engagements.engagement:1", due=dt.date(2026, 6, 1)
):
    key = f"test.amount:{next(_ids)}"
    services.reserve(
        amounts=[
            DealAmount(
                key=key,
                contract=contract,
                enterprise_id=voucher.enterprise_id,
                kind=kind,
                price=price,
                co_investment=0,
                due_date=due,
                provider="Nhà cung cấp",
                description="",
            )
        ]
    )
    entries = BudgetEntry.objects.filter(payable_key=key)
    return ledger.balances(entries)["reserved"]


@pytest.mark.parametrize(
    ("size", "price", "support"),
    [
        ("small", 99_999_998, 49_999_999),  # 50 %, below the cap
        ("small", 100 * MILLION, 50 * MILLION),  # exactly at the cap
        ("small", 100 * MILLION + 2, 50 * MILLION),  # one đồng of support over: capped
        ("micro", 300 * MILLION, 50 * MILLION),  # micro takes the small enterprise's cap
        ("medium", 200 * MILLION, 100 * MILLION),
        ("medium", 200 * MILLION + 2, 100 * MILLION),
        ("small", 9_000_001, 4_500_000),  # rounded down to the đồng
    ],
)
def test_consulting_rate_and_cap_per_contract(size, price, support):
    assert _reserve(_voucher(size), price=price) == support


@pytest.mark.parametrize(
    ("size", "cap"), [("micro", 20 * MILLION), ("small", 50 * MILLION), ("medium", 100 * MILLION)]
)
def test_solution_cap_per_year_per_size_class(size, cap):
    voucher = _voucher(size)
    assert _reserve(voucher, kind="solution", price=2 * cap - 2, contract="orders.order:1") == cap - 1
    # the per-year cap counts every contract: a second order the same year gets what is left
    assert _reserve(voucher, kind="solution", price=10 * MILLION, contract="orders.order:2") == 1
    assert _reserve(voucher, kind="solution", price=10 * MILLION, contract="orders.order:3") == 0
    # the next year starts afresh
    next_year = dt.date(2027, 2, 1)
    assert _reserve(voucher, kind="solution", price=2 * cap, contract="orders.order:2", due=next_year) == cap


def test_a_consulting_contract_is_capped_across_its_milestones_in_one_year():
    voucher = _voucher("small")
    assert _reserve(voucher, price=60 * MILLION) == 30 * MILLION
    assert _reserve(voucher, price=60 * MILLION) == 20 * MILLION  # 50 million per contract per year
    assert _reserve(voucher, price=60 * MILLION) == 0


def test_a_second_consulting_contract_in_the_same_year_has_its_own_cap():
    voucher = _voucher("small")
    assert _reserve(voucher, price=120 * MILLION, contract="engagements.engagement:1") == 50 * MILLION
    assert _reserve(voucher, price=120 * MILLION, contract="engagements.engagement:2") == 50 * MILLION


def test_a_contract_straddling_two_years_is_capped_in_each_year():
    voucher = _voucher("medium")
    assert _reserve(voucher, price=150 * MILLION, due=dt.date(2026, 11, 30)) == 75 * MILLION
    assert _reserve(voucher, price=150 * MILLION, due=dt.date(2026, 12, 31)) == 25 * MILLION
    assert _reserve(voucher, price=150 * MILLION, due=dt.date(2027, 1, 1)) == 75 * MILLION


def test_released_support_frees_the_cap_again():
    voucher = _voucher("micro")
    first = f"test.amount:{next(_ids)}"
    services.reserve(
        amounts=[
            DealAmount(
                first,
                "orders.order:1",
                voucher.enterprise_id,
                "solution",
                40 * MILLION,
                0,
                dt.date(2026, 5, 1),
                "A",
                "",
            )
        ]
    )
    services.release(keys=[first])
    assert _reserve(voucher, kind="solution", price=40 * MILLION, contract="orders.order:2") == 20 * MILLION


def test_the_voucher_remaining_amount_caps_the_reservation():
    voucher = _voucher("medium", ceiling=30 * MILLION)
    assert _reserve(voucher, price=100 * MILLION) == 30 * MILLION
    assert _reserve(voucher, price=100 * MILLION, contract="engagements.engagement:9") == 0


def test_co_investment_leaves_support_no_more_than_the_rest():
    voucher = _voucher("small")
    key = f"test.amount:{next(_ids)}"
    services.reserve(
        amounts=[
            DealAmount(
                key,
                "orders.order:1",
                voucher.enterprise_id,
                "solution",
                10 * MILLION,
                8 * MILLION,
                dt.date(2026, 5, 1),
                "A",
                "",
            )
        ]
    )
    assert ledger.balances(BudgetEntry.objects.filter(payable_key=key))["reserved"] == 2 * MILLION
