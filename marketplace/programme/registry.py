"""Indicator definitions (data/indicators.json) and the sources that compute them.

An indicator is *defined* by the data file (names, plain-language descriptions, target, milestones,
allowed cuts) and *computed* by the source functions registered for it. A defined indicator with no
source shows "not yet available", never a 0 it does not know.

How another app adds its indicator (e.g. orders for ``smes_applying_solutions``), from its
``AppConfig.ready``::

    from marketplace.programme.registry import Fact, register_source

    def orders_in_use() -> Iterable[Fact]:
        for order_id, enterprise_id, confirmed_at in Order.objects.filter(...).values_list(...):
            yield Fact(unit=f"enterprise:{enterprise_id}", record=f"order:{order_id}",
                       enterprise_id=enterprise_id, on=local_day(confirmed_at))

    register_source("smes_applying_solutions", "orders.in_use", orders_in_use)

A source returns every fact it knows (the selectors cut them by period and enterprise facts). Facts
with the same ``unit`` count once, on the earliest day: that is how an SME supported in three ways
counts once. ``group`` splits an indicator into parts (a readiness level, a state); ``amount`` is 1
for counts and a number of đồng for money indicators. Stock indicators ("how many at the end of the
period") register a function taking ``at`` (an aware datetime) instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"

CUTS = ("period", "section", "ward", "size")


@dataclass(frozen=True)
class Fact:
    unit: str  # what is counted once: "enterprise:12", "booking:7", "consultant:3"
    record: str  # the record behind it, for the drill-down: "assessment:40"
    on: date  # local (Vietnam) day the fact happened
    enterprise_id: int | None = None
    group: str = ""
    amount: int = 1


@dataclass(frozen=True)
class Indicator:
    key: str
    unit: str
    kind: str  # "flow": counted when it happens; "stock": how many at a moment
    public: bool
    headline: bool
    cuts: tuple[str, ...]
    groups: tuple[str, ...]
    name_vi: str
    name_en: str
    description_vi: str
    description_en: str
    target: dict | None
    milestones: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "vi").startswith("en") else self.description_vi

    @property
    def available(self) -> bool:
        return bool(_SOURCES.get(self.key))


FlowSource = Callable[[], Iterable[Fact]]
StockSource = Callable[..., Iterable[Fact]]

# key -> {source name -> function}; filled at start-up from AppConfig.ready, never per request
_SOURCES: dict[str, dict[str, Callable[..., Iterable[Fact]]]] = {}
_GROUP_LABELS: dict[str, object] = {}


def register_source(indicator_key: str, name: str, function: Callable[..., Iterable[Fact]]) -> None:
    """Add (or replace, by name) one source of an indicator defined in the data file."""
    if indicator_key not in definitions():
        raise KeyError(f"indicator {indicator_key!r} is not defined in {DATA_FILE.name}")
    _SOURCES.setdefault(indicator_key, {})[name] = function


def register_group_labels(choices: Iterable[tuple[str, object]]) -> None:
    """Labels for the groups a source yields (e.g. a model's status choices), so tables show words."""
    _GROUP_LABELS.update(dict(choices))


def registered_group_label(group: str):
    return _GROUP_LABELS.get(group)


def sources_of(indicator_key: str) -> dict[str, Callable[..., Iterable[Fact]]]:
    return dict(_SOURCES.get(indicator_key, {}))


@cache
def _load() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def definitions() -> dict[str, Indicator]:
    result = {}
    for row in _load()["indicators"]:
        cuts = tuple(row["cuts"])
        unknown = set(cuts) - set(CUTS)
        if unknown:
            raise ValueError(f"{row['key']}: unknown cuts {sorted(unknown)}")
        result[row["key"]] = Indicator(
            key=row["key"],
            unit=row["unit"],
            kind=row["kind"],
            public=row["public"],
            headline=row["headline"],
            cuts=cuts,
            groups=tuple(row.get("groups", ())),
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            description_vi=row["description_vi"],
            description_en=row["description_en"],
            target=row["target"],
            milestones={str(k): int(v) for k, v in row.get("milestones", {}).items()},
        )
    return result


def target_source(indicator: Indicator) -> str:
    if not indicator.target:
        return ""
    return _load()["_sources"].get(indicator.target.get("source", ""), "")


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def programme_start() -> date:
    return date.fromisoformat(_load()["_programme"]["start"])
