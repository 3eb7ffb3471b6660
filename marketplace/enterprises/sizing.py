"""Enterprise size class under Decree 80/2021/NĐ-CP, article 5.

An enterprise belongs to a class when its social-insurance headcount is within the class limit AND
(its yearly revenue OR its total capital is within the class limit). Classes are tried from the
smallest up; an enterprise above the medium limits is not an SME and is not eligible for support.
"""

from __future__ import annotations

from dataclasses import dataclass

BILLION = 1_000_000_000

MICRO, SMALL, MEDIUM, NOT_SME = "micro", "small", "medium", "not_sme"


@dataclass(frozen=True)
class Limit:
    size: str
    employees: int
    revenue: int  # VND
    capital: int  # VND


LIMITS: dict[str, tuple[Limit, ...]] = {
    # agriculture, forestry, fishery; industry and construction
    "agri_industry": (
        Limit(MICRO, 10, 3 * BILLION, 3 * BILLION),
        Limit(SMALL, 100, 50 * BILLION, 20 * BILLION),
        Limit(MEDIUM, 200, 200 * BILLION, 100 * BILLION),
    ),
    # trade and services
    "trade_services": (
        Limit(MICRO, 10, 10 * BILLION, 3 * BILLION),
        Limit(SMALL, 50, 100 * BILLION, 50 * BILLION),
        Limit(MEDIUM, 100, 300 * BILLION, 100 * BILLION),
    ),
}


def classify_size(*, group: str, employees: int, revenue: int, capital: int) -> str:
    if group not in LIMITS:
        raise ValueError(f"unknown Decree 80 sector group: {group!r}")
    if min(employees, revenue, capital) < 0:
        raise ValueError("employees, revenue and capital cannot be negative")
    for limit in LIMITS[group]:
        if employees <= limit.employees and (revenue <= limit.revenue or capital <= limit.capital):
            return limit.size
    return NOT_SME
