"""The revenue-share arithmetic: no đồng is created or lost (Hypothesis). The split is
payments.split's (tests/payments/test_split.py)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from marketplace.orders.amounts import (
    add_months,
    revenue_share,
    revenue_share_instalment,
)

VND = st.integers(min_value=0, max_value=10**15)
BASIS_POINTS = st.integers(min_value=0, max_value=10_000)


@given(revenue=VND, basis_points=BASIS_POINTS)
def test_the_share_of_revenue_is_within_the_revenue(revenue, basis_points):
    share = revenue_share(revenue, basis_points)
    assert 0 <= share <= revenue
    # half-up rounding: off from the exact fraction by at most half a đồng
    assert abs(share * 10_000 - revenue * basis_points) <= 5_000


@given(reports=st.lists(st.integers(min_value=0, max_value=10**12), max_size=40), basis_points=BASIS_POINTS)
def test_instalments_add_up_to_the_share_of_the_total_revenue(reports, basis_points):
    before, paid = 0, 0
    for revenue in reports:
        instalment = revenue_share_instalment(
            reported_before=before, revenue=revenue, basis_points=basis_points
        )
        assert instalment >= 0
        paid += instalment
        before += revenue
    assert paid == revenue_share(sum(reports), basis_points)


def test_rounding_per_month_would_lose_money_and_the_running_total_does_not():
    # twelve months of 1 đồng at 50%: rounding each month alone bills 12 đồng for 6 owed
    instalments = [
        revenue_share_instalment(reported_before=before, revenue=1, basis_points=5_000)
        for before in range(12)
    ]
    assert sum(instalments) == 6


@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), months=st.integers(0, 120)
)
def test_adding_months_lands_in_the_right_month_without_overflowing_it(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
