"""The arithmetic of what an order costs: pure functions on whole VND, no database.

Every amount is an `int` of đồng (VND has no minor unit). Splitting an amount between the co-investor,
public support and the SME is `marketplace.payments.split.split_amount` (one place divides money).
Property-tested with Hypothesis (tests/orders/test_amounts.py):
- revenue-share instalments are cut from the running total, so however the SME reports its revenue
  (one year at once or twelve months), the instalments add up to the share of the total: rounding
  never creates or loses a đồng over the life of an order.
"""

from __future__ import annotations

import calendar
import datetime as dt

BASIS_POINTS = 10_000


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
