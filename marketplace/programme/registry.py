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

Flow indicators are read from pre-aggregated tables (see aggregates.py). For a source to be kept
current incrementally, register it *scoped*: its function takes ``enterprise_ids`` (``None``: every
enterprise; else only the facts of those enterprises) and ``watch`` names the tables whose rows decide
its facts, as ``(Model, "column holding the enterprise id")`` pairs (a bare model means
``"enterprise_id"``)::

    def orders_in_use(enterprise_ids=None) -> Iterable[Fact]:
        rows = Order.objects.filter(...)
        if enterprise_ids is not None:
            rows = rows.filter(enterprise_id__in=enterprise_ids)
        ...

    register_source("smes_applying_solutions", "orders.in_use", orders_in_use, watch=[Order])

A database trigger on each watched table marks the enterprise of every inserted, changed or deleted row
(queryset updates, bulk inserts and raw SQL included) and its aggregates are recomputed. A source
registered the old way (no ``watch``) keeps working: it is recomputed in full each time one of its
indicators is read, as before (correct, but a scan per read: upgrade it).

Extra cuts: a source may declare ``dimensions=("scheme", "call")`` and give each fact a value for them
(``Fact(..., dimensions={"scheme": "A", "call": "2026-1"})``); the indicator can then be cut and
filtered by them like by ward. ``register_dimension("scheme", _("Support scheme"), Scheme.choices)``
names the cut and gives words for its values (a mapping, choices, or a function values -> mapping).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"

CUTS = ("period", "section", "ward", "size")  # every flow indicator: the day and the enterprise decide them
ENTERPRISE_CUTS = ("section", "ward", "size")
MAX_EXTRA_DIMENSION_LENGTH = 64


@dataclass(frozen=True)
class Fact:
    unit: str  # what is counted once: "enterprise:12", "booking:7", "consultant:3"
    record: str  # the record behind it, for the drill-down: "assessment:40"
    on: date  # local (Vietnam) day the fact happened
    enterprise_id: int | None = None
    group: str = ""
    amount: int = 1
    # values of the extra cuts the source declares (e.g. {"scheme": "A"}); not part of equality
    dimensions: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Indicator:
    key: str
    unit: str
    kind: str  # "flow": counted when it happens; "stock": how many at a moment
    public: bool
    headline: bool
    declared_cuts: tuple[str, ...]  # from the data file; registered sources may add dimensions
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

    @property
    def cuts(self) -> tuple[str, ...]:
        extra = [d for d in extra_dimensions(self.key) if d not in self.declared_cuts]
        return (*self.declared_cuts, *extra)


FlowSource = Callable[[], Iterable[Fact]]
StockSource = Callable[..., Iterable[Fact]]


@dataclass(frozen=True)
class SourceInfo:
    indicator: str
    name: str
    function: Callable[..., Iterable[Fact]]
    watch: tuple[tuple[str, str], ...] = ()  # (model label, column holding the enterprise id)
    dimensions: tuple[str, ...] = ()
    sql: Callable[[], str] | None = None  # the set-based form for PostgreSQL rebuilds (see SQL_COLUMNS)

    @property
    def scoped(self) -> bool:
        """Kept current incrementally (per changed enterprise), not recomputed per read."""
        return bool(self.watch)


# key -> {source name -> function}; filled at start-up from AppConfig.ready, never per request
_SOURCES: dict[str, dict[str, Callable[..., Iterable[Fact]]]] = {}
_INFO: dict[tuple[str, str], SourceInfo] = {}
_GROUP_LABELS: dict[str, object] = {}
_DIMENSION_LABELS: dict[str, object] = {}


def _watch_entry(entry) -> tuple[str, str]:
    model, column = entry if isinstance(entry, tuple) else (entry, "enterprise_id")
    return model._meta.label_lower, model._meta.get_field(column).column


def register_source(
    indicator_key: str,
    name: str,
    function: Callable[..., Iterable[Fact]],
    *,
    watch: Iterable = (),
    dimensions: Iterable[str] = (),
    sql: Callable[[], str] | None = None,
) -> None:
    """Add (or replace, by name) one source of an indicator defined in the data file.

    ``watch`` (models, or (model, column) pairs) makes the source scoped: its function must then take
    ``enterprise_ids``. ``dimensions`` names the extra cuts its facts carry. ``sql`` (scoped sources
    only) returns the same facts as one PostgreSQL ``SELECT`` of the columns ``SQL_COLUMNS``, for
    every enterprise: the full rebuild then computes them in the database instead of row by row
    in Python (a test holds the two forms equal on the same records)."""
    if indicator_key not in definitions():
        raise KeyError(f"indicator {indicator_key!r} is not defined in {DATA_FILE.name}")
    watched = tuple(_watch_entry(entry) for entry in watch)
    if watched and "enterprise_ids" not in inspect.signature(function).parameters:
        raise TypeError(f"{name}: a source that watches tables must take enterprise_ids")
    dimensions = tuple(dimensions)
    if set(dimensions) & set(CUTS):
        raise ValueError(f"{name}: {sorted(set(dimensions) & set(CUTS))} are built-in cuts")
    _SOURCES.setdefault(indicator_key, {})[name] = function
    if sql is not None and not watched:
        raise TypeError(f"{name}: only a scoped source (with watch) may offer a SQL form")
    _INFO[(indicator_key, name)] = SourceInfo(indicator_key, name, function, watched, dimensions, sql)


def source_infos(indicator_key: str | None = None) -> list[SourceInfo]:
    """The registered sources (of one indicator, or all), as currently registered."""
    result = []
    for key, functions in _SOURCES.items():
        if indicator_key is not None and key != indicator_key:
            continue
        for name, function in functions.items():
            info = _INFO.get((key, name))
            if info is None or info.function is not function:  # set directly in _SOURCES: legacy
                info = SourceInfo(key, name, function)
            result.append(info)
    return result


def extra_dimensions(indicator_key: str) -> tuple[str, ...]:
    seen: list[str] = []
    for info in source_infos(indicator_key):
        seen.extend(d for d in info.dimensions if d not in seen)
    return tuple(seen)


def register_dimension(name: str, label: object, value_labels: object = None) -> None:
    """Name an extra cut (``label``, e.g. a lazy "Support scheme") and give words for its values:
    a mapping, choices, or a function from an iterable of values to a mapping."""
    if value_labels is not None and not (callable(value_labels) or isinstance(value_labels, Mapping)):
        value_labels = dict(value_labels)
    _DIMENSION_LABELS[name] = (label, value_labels)


def dimension_label(name: str) -> str:
    label, _values = _DIMENSION_LABELS.get(name, (name, None))
    return str(label)


def dimension_value_labels(name: str, values: Iterable[str]) -> dict[str, str]:
    _label, labels = _DIMENSION_LABELS.get(name, (name, None))
    if labels is None:
        return {}
    found = labels(values) if callable(labels) else labels
    return {str(k): str(v) for k, v in found.items()}


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
        if "period" not in cuts or not all(c.isidentifier() for c in cuts):
            raise ValueError(f"{row['key']}: cuts must name identifiers and include period: {cuts}")
        result[row["key"]] = Indicator(
            key=row["key"],
            unit=row["unit"],
            kind=row["kind"],
            public=row["public"],
            headline=row["headline"],
            declared_cuts=cuts,
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


# The columns a source's SQL form selects, in this order: unit and record (text), "on" (the local
# day, a date: see sql_local_day), enterprise_id, group_key (text), amount (bigint), dimensions (jsonb).
SQL_COLUMNS = ("unit", "record", "on", "enterprise_id", "group_key", "amount", "dimensions")


def sql_local_day(column: str) -> str:
    """SQL for the local (project time zone) day of a timestamp column: what local_day gives."""
    name = timezone.get_default_timezone_name()
    if not name.replace("/", "").replace("_", "").replace("-", "").replace("+", "").isalnum():
        raise ValueError(f"unexpected time zone name {name!r}")
    return f"(({column}) AT TIME ZONE '{name}')::date"


def programme_start() -> date:
    return date.fromisoformat(_load()["_programme"]["start"])
