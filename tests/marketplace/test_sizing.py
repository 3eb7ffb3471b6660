"""Decree 80/2021/NĐ-CP size classes at every threshold: headcount AND (revenue OR capital)."""

import pytest

from marketplace.enterprises.sizing import BILLION, LIMITS, MEDIUM, MICRO, NOT_SME, SMALL, classify_size

B = BILLION

# (group, class, employees, revenue, capital) for each class limit, straight from the decree
THRESHOLDS = [
    ("agri_industry", MICRO, 10, 3 * B, 3 * B),
    ("agri_industry", SMALL, 100, 50 * B, 20 * B),
    ("agri_industry", MEDIUM, 200, 200 * B, 100 * B),
    ("trade_services", MICRO, 10, 10 * B, 3 * B),
    ("trade_services", SMALL, 50, 100 * B, 50 * B),
    ("trade_services", MEDIUM, 100, 300 * B, 100 * B),
]
NEXT = {MICRO: SMALL, SMALL: MEDIUM, MEDIUM: NOT_SME}


def test_limits_table_matches_the_decree():
    table = {
        (g, limit.size): (limit.employees, limit.revenue, limit.capital)
        for g, ls in LIMITS.items()
        for limit in ls
    }
    assert table == {(g, s): (e, r, c) for g, s, e, r, c in THRESHOLDS}


@pytest.mark.parametrize("group,size,employees,revenue,capital", THRESHOLDS)
def test_exactly_at_every_limit_is_in_the_class(group, size, employees, revenue, capital):
    assert classify_size(group=group, employees=employees, revenue=revenue, capital=capital) == size


@pytest.mark.parametrize("group,size,employees,revenue,capital", THRESHOLDS)
def test_one_employee_over_the_limit_moves_up(group, size, employees, revenue, capital):
    # revenue and capital at the smallest class's limit so only headcount decides
    micro = LIMITS[group][0]
    result = classify_size(group=group, employees=employees + 1, revenue=micro.revenue, capital=micro.capital)
    assert result == NEXT[size]


@pytest.mark.parametrize("group,size,employees,revenue,capital", THRESHOLDS)
def test_revenue_within_limit_suffices_when_capital_is_over(group, size, employees, revenue, capital):
    assert classify_size(group=group, employees=employees, revenue=revenue, capital=capital + 1) == size


@pytest.mark.parametrize("group,size,employees,revenue,capital", THRESHOLDS)
def test_capital_within_limit_suffices_when_revenue_is_over(group, size, employees, revenue, capital):
    assert classify_size(group=group, employees=employees, revenue=revenue + 1, capital=capital) == size


@pytest.mark.parametrize("group,size,employees,revenue,capital", THRESHOLDS)
def test_both_revenue_and_capital_over_moves_up(group, size, employees, revenue, capital):
    assert (
        classify_size(group=group, employees=employees, revenue=revenue + 1, capital=capital + 1)
        == NEXT[size]
    )


def test_same_figures_classify_differently_by_sector_group():
    # 40 staff, 80 bn revenue, 30 bn capital: medium in industry (over small's 50/20) but small in trade
    assert classify_size(group="agri_industry", employees=40, revenue=80 * B, capital=30 * B) == MEDIUM
    assert classify_size(group="trade_services", employees=40, revenue=80 * B, capital=30 * B) == SMALL


def test_zero_figures_are_micro():
    assert classify_size(group="trade_services", employees=0, revenue=0, capital=0) == MICRO


@pytest.mark.parametrize(
    "kwargs", [{"employees": -1, "revenue": 0, "capital": 0}, {"employees": 1, "revenue": -5, "capital": 0}]
)
def test_negative_figures_are_refused(kwargs):
    with pytest.raises(ValueError):
        classify_size(group="trade_services", **kwargs)


def test_unknown_group_is_refused():
    with pytest.raises(ValueError):
        classify_size(group="mining", employees=1, revenue=1, capital=1)
