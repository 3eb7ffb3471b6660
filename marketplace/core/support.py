"""The public support an SME may receive for digital transformation: ONE function for everyone.

Matching (what a solution or consultant costs the SME after support) and, later, the vouchers and
payments calls the same `support_share`, so the two can never disagree.

Decree 80/2021/NĐ-CP (SME support), article 11 — digital-transformation support, as summarised in
/work/shared/data/policy/README.md (sources there: lenguyenlawfirm.com "Giữ nguyên tiêu chí phân
loại doanh nghiệp nhỏ và vừa nhưng có thêm chính sách hỗ trợ"; vietlawonline.com vbpl113929):
- consulting on DX solutions: up to 50 % of the contract, at most 50 million VND (small) and
  100 million VND (medium) per contract per year; the summaries name no cap for micro enterprises,
  so micro gets the small enterprise's cap (a lower bound of what the decree allows, never more);
- renting or buying DX solutions: up to 50 % of the cost, at most 20 / 50 / 100 million VND per
  year for micro / small / medium enterprises.
An enterprise that is not an SME (or of unknown size) gets no support.

Schemes are data now: the vouchers app registers the source of the rules (its
`data/schemes.json`, the default scheme, with the sources beside each figure) through
`register_rules_source`, and `support_share` reads it. The table below is the fallback used only
before any source is registered (a bare import outside Django), and tests pin the two together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

CONSULTING, SOLUTION = "consulting", "solution"
MILLION = 1_000_000


@dataclass(frozen=True)
class Share:
    """Up to `rate` of the cost, at most `cap` VND (per contract per year for consulting, per year
    for solutions)."""

    rate: float
    cap: int | None  # None: no cap in the scheme beyond the rate

    def amount(self, cost: int) -> int:
        """The support on `cost`, in whole đồng, rounded down (never more than the scheme allows)."""
        if cost <= 0:
            return 0
        share = cost * round(self.rate * 10_000) // 10_000
        return share if self.cap is None else min(share, self.cap)


NONE = Share(0.0, 0)

# Decree 80/2021/NĐ-CP art. 11 (see the module docstring for the source)
_DECREE_80 = {
    CONSULTING: {
        "micro": Share(0.5, 50 * MILLION),
        "small": Share(0.5, 50 * MILLION),
        "medium": Share(0.5, 100 * MILLION),
    },
    SOLUTION: {
        "micro": Share(0.5, 20 * MILLION),
        "small": Share(0.5, 50 * MILLION),
        "medium": Share(0.5, 100 * MILLION),
    },
}


RulesSource = Callable[[], "dict[str, dict[str, Share]]"]
_source: list[RulesSource] = []


def register_rules_source(source: RulesSource) -> None:
    """The vouchers app registers the default scheme's rules ({kind: {size_class: Share}})."""
    _source[:] = [source]


def _rules() -> dict[str, dict[str, Share]]:
    return _source[0]() if _source else _DECREE_80


def support_share(size_class: str, kind: str) -> Share:
    """The share of a cost public support may pay for an enterprise of `size_class` ("micro",
    "small", "medium"; anything else gets none) and a `kind` of spending (CONSULTING or SOLUTION),
    under the default scheme."""
    if kind not in (CONSULTING, SOLUTION):
        raise ValueError(f"unknown kind of support: {kind!r}")
    return _rules().get(kind, {}).get(size_class, NONE)
