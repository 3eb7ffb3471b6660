"""The arithmetic of what an order costs: pure functions on whole VND, no database.

Every amount is an `int` of đồng (VND has no minor unit). Two rules, property-tested with Hypothesis
(tests/orders/test_amounts.py):
- a split's parts (co-investment, support, the SME's share) always add up to the price;
- revenue-share instalments are cut from the running total, so however the SME reports its revenue
  (one year at once or twelve months), the instalments add up to the share of the total: rounding
  never creates or loses a đồng over the life of an order.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

BASIS_POINTS = 10_000


@dataclass(frozen=True)
class Split:
    """Who bears what of one amount. `support` is 0 until support vouchers exist; they take it from
    the SME's share, never from the co-investment."""

    price: int
    co_investment: int
    support: int
    sme_share: int

    def __post_init__(self):
        parts = (self.price, self.co_investment, self.support, self.sme_share)
        if any(not isinstance(part, int) or isinstance(part, bool) or part < 0 for part in parts):
            raise ValueError("a split is made of whole, non-negative đồng")
        if self.co_investment + self.support + self.sme_share != self.price:
            raise ValueError("a split's parts must add up to its price")


def split_price(price: int, *, co_investment: int = 0, support: int = 0) -> Split:
    """Split `price`: the co-investor's part first, then support, the SME pays the rest.

    Each part is capped by what is left, so no request can make the parts exceed the price.
    """
    if price < 0 or co_investment < 0 or support < 0:
        raise ValueError("amounts are never negative")
    co = min(co_investment, price)
    sup = min(support, price - co)
    return Split(price=price, co_investment=co, support=sup, sme_share=price - co - sup)


def revenue_share(revenue: int, basis_points: int) -> int:
    """`basis_points`/10 000 of `revenue`, rounded half up to the đồng (integers only, no floats)."""
    if revenue < 0 or not 0 <= basis_points <= BASIS_POINTS:
        raise ValueError("revenue is never negative and a share is between 0 and 10 000 basis points")
    return (revenue * basis_points + BASIS_POINTS // 2) // BASIS_POINTS


def revenue_share_instalment(*, reported_before: int, revenue: int, basis_points: int) -> int:
    """The instalment for `revenue` newly reported, given the revenue already reported on the order.

    Cutting from the running total keeps the sum of instalments equal to the share of the total.
    """
    return revenue_share(reported_before + revenue, basis_points) - revenue_share(
        reported_before, basis_points
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(start: dt.date, billing: str) -> dt.date | None:
    """The first day after a billing period that starts on `start` (None: one-off, no period)."""
    if billing == "monthly":
        return add_months(start, 1)
    if billing == "yearly":
        return add_months(start, 12)
    return None
