"""The training fee split: support by the event's rule and the enterprise's size class, the rest is
the enterprise's share. Rules are data (data/support_rules.json). Pure: no database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA_FILE = Path(__file__).resolve().parent / "data" / "support_rules.json"
FULL = 10_000


@dataclass(frozen=True)
class SupportRule:
    code: str
    name_vi: str
    name_en: str
    rates_bp: dict[str, int]
    source: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    def rate_for(self, size_class: str) -> int:
        return int(self.rates_bp.get(size_class, 0))


@dataclass(frozen=True)
class Split:
    fee: int
    support: int
    sme_share: int


@cache
def rules() -> dict[str, SupportRule]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    found = {}
    for row in data["rules"]:
        rates = {size: int(bp) for size, bp in row["rates_bp"].items()}
        if any(not 0 <= bp <= FULL for bp in rates.values()):
            raise ValueError(f"{row['code']}: a rate is between 0 and {FULL} basis points")
        found[row["code"]] = SupportRule(row["code"], row["name_vi"], row["name_en"], rates, row["source"])
    return found


def rule_choices() -> list[tuple[str, str]]:
    return [(rule.code, rule.name) for rule in rules().values()]


def split(*, fee: int, rule_code: str, size_class: str) -> Split:
    """Support rounded down to whole đồng (never more than the rule allows); the parts add up."""
    rule = rules().get(rule_code)
    rate = rule.rate_for(size_class) if rule else 0
    support = fee * rate // FULL if fee > 0 else 0
    return Split(fee=fee, support=support, sme_share=fee - support)
