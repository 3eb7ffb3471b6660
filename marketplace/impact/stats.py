"""The uncertainty of a mean change: a two-sided 95% Student-t interval.

Chosen over a bootstrap because it is exact for small normal samples, deterministic (the same data
always shows the same interval) and cheap to keep up to date on write. Readiness changes are whole
levels per pillar averaged over a few pillars, roughly symmetric, and the minimum number of SMEs
(`IMPACT_MIN_MEASURED`) keeps the interval from being read on two or three points.
"""

from __future__ import annotations

import math

# t(0.975, df) for df = 1..30; beyond 30 the normal quantile is within 2% of it
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t_quantile(df: int) -> float:
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df <= len(_T975):
        return _T975[df - 1]
    if df <= 60:
        return 2.000
    if df <= 120:
        return 1.980
    return 1.960


def mean_interval(values: list[float]) -> tuple[float, float | None, float | None]:
    """(mean, low, high); no interval from fewer than two values."""
    n = len(values)
    if not n:
        raise ValueError("no values")
    mean = sum(values) / n
    if n < 2:
        return mean, None, None
    variance = sum((v - mean) ** 2 for v in values) / (n - 1)
    half = t_quantile(n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half
