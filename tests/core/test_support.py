"""The one support function (Decree 80/2021/NĐ-CP art. 11) that matching and payments share."""

import pytest

from marketplace.core.support import CONSULTING, SOLUTION, support_share


@pytest.mark.parametrize(
    ("size", "kind", "cost", "support"),
    [
        ("medium", SOLUTION, 40_000_000, 20_000_000),  # 50 %, not the 30 % matching once assumed
        ("medium", SOLUTION, 400_000_000, 100_000_000),  # capped at 100 million a year
        ("small", SOLUTION, 400_000_000, 50_000_000),
        ("micro", SOLUTION, 400_000_000, 20_000_000),
        ("medium", CONSULTING, 400_000_000, 100_000_000),
        ("small", CONSULTING, 400_000_000, 50_000_000),
        ("small", CONSULTING, 9_000_001, 4_500_000),  # rounded down to whole đồng
    ],
)
def test_support_follows_decree_80(size, kind, cost, support):
    assert support_share(size, kind).amount(cost) == support


@pytest.mark.parametrize("size", ["not_sme", ""])
def test_a_business_that_is_not_an_sme_gets_no_support(size):
    assert support_share(size, SOLUTION).amount(10_000_000) == 0


def test_support_never_exceeds_the_cost_or_half_of_it():
    for size in ("micro", "small", "medium"):
        for kind in (CONSULTING, SOLUTION):
            for cost in (0, 1, 3, 999, 10**6, 123_456_789, 10**12):
                support = support_share(size, kind).amount(cost)
                assert 0 <= support <= cost // 2 + 1 and support <= cost


def test_an_unknown_kind_of_spending_is_refused():
    with pytest.raises(ValueError):
        support_share("small", "party")
