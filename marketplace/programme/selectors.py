"""Indicator values, cuts, time series and the records behind a number.

Flow indicators are read from the pre-aggregated cells (aggregates.py, models.py): a page sums a few
hundred cell rows, never the records. Before reading, ``aggregates.ensure_current`` applies the
changes not yet applied (normally none: the beat job keeps up), so the numbers are never behind the
committed records. ``flow_facts`` still computes an indicator straight from its sources: the full
recomputation the aggregates are checked against. Stock indicators (small registries) are computed
from their sources.

Each counted unit falls in exactly one cell of any cut — its day decides the period, its enterprise the
section, ward and size class, its source the extra dimensions — so the cells of a cut add up to the total.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultants.bookings.models import BookingStatus
from marketplace.enterprises.models import Enterprise
from marketplace.taxonomy.models import AdminUnit, Sector

from . import aggregates
from .aggregates import UNKNOWN, EnterpriseFacts, enterprise_facts
from .models import IndicatorCell, IndicatorFact
from .registry import (
    ENTERPRISE_CUTS,
    Fact,
    Indicator,
    definitions,
    dimension_value_labels,
    programme_start,
    registered_group_label,
    sources_of,
)

GRANULARITIES = ("year", "quarter", "month")

GROUP_LABELS = {
    "improved": gettext_lazy("improved"),
    "unchanged": gettext_lazy("unchanged"),
    "declined": gettext_lazy("declined"),
    "reserved": gettext_lazy("reserved"),
    "redeemed": gettext_lazy("redeemed"),
    "disbursed": gettext_lazy("disbursed"),
}


class UnknownIndicator(LookupError):
    pass


@dataclass
class Row:
    key: str
    label: str
    total: int = 0
    groups: dict[str, int] = field(default_factory=dict)


@dataclass
class Table:
    indicator: Indicator
    cut: str
    granularity: str
    filters: dict[str, str]
    rows: list[Row]
    total: int
    groups: list[tuple[str, str]]  # (key, label) columns
    available: bool = True


# ---- periods ---------------------------------------------------------------------------------


def period_key(day: date, granularity: str) -> str:
    if granularity == "year":
        return f"{day.year}"
    if granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_bounds(key: str) -> tuple[date, date]:
    """First and last day of a period key ("2026", "2026-Q3", "2026-07"); ValueError if malformed."""
    if len(key) == 4 and key.isdigit():
        year = int(key)
        return date(year, 1, 1), date(year, 12, 31)
    year_text, _sep, rest = key.partition("-")
    if not (len(year_text) == 4 and year_text.isdigit()):
        raise ValueError(key)
    year = int(year_text)
    if len(rest) == 2 and rest[0] == "Q" and rest[1] in "1234":
        quarter = int(rest[1])
        first_month = 3 * quarter - 2
        last_month = first_month + 2
        return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
    if len(rest) == 2 and rest.isdigit() and 1 <= int(rest) <= 12:
        month = int(rest)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    raise ValueError(key)


def granularity_of(key: str) -> str:
    return "year" if len(key) == 4 else "quarter" if "Q" in key else "month"


def periods_between(first: date, last: date, granularity: str) -> list[str]:
    keys, day = [], first
    while day <= last:
        key = period_key(day, granularity)
        if not keys or keys[-1] != key:
            keys.append(key)
        day = period_bounds(key)[1] + timedelta(days=1)
    return keys


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# ---- facts -----------------------------------------------------------------------------------


def indicator_get(key: str) -> Indicator:
    try:
        return definitions()[key]
    except KeyError:
        raise UnknownIndicator(key) from None


def indicator_list(*, public_only: bool = False) -> list[Indicator]:
    return [i for i in definitions().values() if i.public or not public_only]


def flow_facts(indicator: Indicator) -> list[Fact]:
    """Every fact of a flow indicator, one per counted unit (the earliest, when sources overlap)."""
    first: dict[str, Fact] = {}
    for source in sources_of(indicator.key).values():
        for fact in source():
            kept = first.get(fact.unit)
            if kept is None or (fact.on, fact.record) < (kept.on, kept.record):
                first[fact.unit] = fact
    return sorted(first.values(), key=lambda f: (f.on, f.record))


def stock_facts(indicator: Indicator, *, day: date) -> list[Fact]:
    """The units counted at the end of `day` (one per unit)."""
    at = _end_of_day(day) - timedelta(microseconds=1)
    seen: dict[str, Fact] = {}
    for source in sources_of(indicator.key).values():
        for fact in source(at=at):
            seen.setdefault(fact.unit, fact)
    return sorted(seen.values(), key=lambda f: (f.on, f.record))


def _cut_value(fact: Fact, cut: str, granularity: str, firms: dict[int, EnterpriseFacts]) -> str:
    if cut == "period":
        return period_key(fact.on, granularity)
    if cut not in ENTERPRISE_CUTS:
        return str((fact.dimensions or {}).get(cut, UNKNOWN))
    firm = firms.get(fact.enterprise_id)
    return getattr(firm, cut) if firm else UNKNOWN


# ---- labels ----------------------------------------------------------------------------------


def cut_labels(cut: str, keys: Iterable[str]) -> dict[str, str]:
    keys = [k for k in keys if k]
    if cut == "section":
        labels = {s.code: f"{s.code} · {s.name}" for s in Sector.objects.filter(code__in=keys)}
    elif cut == "ward":
        labels = {u.code: u.name for u in AdminUnit.objects.filter(code__in=keys)}
    elif cut == "size":
        labels = {k: str(v) for k, v in Enterprise.SIZE_CHOICES}
    else:
        labels = {k: k for k in keys} | dimension_value_labels(cut, keys)
    labels[UNKNOWN] = _("unknown")
    return labels


def group_label(group: str) -> str:
    if group.isdigit():
        return _("Level %(level)s") % {"level": group}
    if group in GROUP_LABELS:
        return str(GROUP_LABELS[group])
    if registered_group_label(group) is not None:
        return str(registered_group_label(group))
    try:
        return str(BookingStatus(group).label)
    except ValueError:
        return group


# ---- tables ----------------------------------------------------------------------------------


def _check(indicator: Indicator, cut: str, granularity: str, filters: dict[str, str]) -> None:
    if cut not in indicator.cuts:
        raise ValueError("cut")
    if granularity not in GRANULARITIES:
        raise ValueError("granularity")
    for name, value in filters.items():
        if name == "group":
            if indicator.groups and value not in indicator.groups:
                raise ValueError("group")
        elif name not in indicator.cuts:
            raise ValueError(name)
        elif name == "period":
            period_bounds(value)


def _matches(fact: Fact, filters: dict[str, str], firms: dict[int, EnterpriseFacts]) -> bool:
    for name, value in filters.items():
        if name == "group":
            if fact.group != value:
                return False
        elif name == "period":
            first, last = period_bounds(value)
            if not first <= fact.on <= last:
                return False
        elif _cut_value(fact, name, "month", firms) != value:
            return False
    return True


def _group_columns(indicator: Indicator, facts: list[Fact]) -> list[tuple[str, str]]:
    keys = list(indicator.groups) or sorted({f.group for f in facts if f.group})
    return [(k, group_label(k)) for k in keys]


def _stock_day(filters: dict[str, str]) -> date:
    today = timezone.localdate()
    if "period" in filters:
        return min(period_bounds(filters["period"])[1], today)
    return today


def _aggregated(
    indicator: Indicator, cut: str, filters: dict[str, str]
) -> list[tuple[object, str, int, int]]:
    """(cut value, or the month for the period cut; group; facts; amount) of the counted facts after
    the filters. From the cells when the filters are at most a period and a group (each cell row is
    one cut), from the stored facts (indexed) when they combine cuts."""
    by_month = cut == "period"
    other = {k: v for k, v in filters.items() if k not in ("period", "group")}
    if not other:
        rows = IndicatorCell.objects.filter(indicator=indicator.key, cut="" if by_month else cut, facts__gt=0)
        column = "month" if by_month else "value"
        measure = {"f": Sum("facts"), "a": Sum("amount")}
    else:
        rows = IndicatorFact.objects.filter(indicator=indicator.key, counted=True)
        for name, value in other.items():
            if name in ENTERPRISE_CUTS:
                rows = rows.filter(**{name: value})
            else:
                rows = rows.filter(**{f"dimensions__{name}": value})
        if by_month:
            column = "month"
        elif cut in ENTERPRISE_CUTS:
            column = cut
        else:
            rows = rows.annotate(dim_value=KeyTextTransform(cut, "dimensions"))
            column = "dim_value"
        measure = {"f": Count("id"), "a": Sum("amount")}
    if "period" in filters:
        first, last = period_bounds(filters["period"])
        rows = rows.filter(month__gte=first.replace(day=1), month__lte=last)
    if "group" in filters:
        rows = rows.filter(group_key=filters["group"])
    result = rows.values(column, "group_key").annotate(**measure).order_by()
    return [(r[column] if r[column] is not None else UNKNOWN, r["group_key"], r["f"], r["a"]) for r in result]


def indicator_table(
    key: str, *, cut: str = "period", granularity: str = "year", filters: dict[str, str] | None = None
) -> Table:
    """The indicator cut one way, after the filters; raises ValueError naming a bad parameter."""
    indicator = indicator_get(key)
    filters = dict(filters or {})
    _check(indicator, cut, granularity, filters)
    if not indicator.available:
        return Table(indicator, cut, granularity, filters, [], 0, [], available=False)
    if indicator.kind == "stock":
        return _stock_table(indicator, cut, granularity, filters)
    aggregates.ensure_current([key])
    found = [item for item in _aggregated(indicator, cut, filters) if item[2]]
    seen = sorted({g for _v, g, _f, _a in found if g})
    groups = [(g, group_label(g)) for g in (list(indicator.groups) or seen)]
    cells: dict[str, Row] = {}
    if cut == "period":
        months = [m for m, _g, _f, _a in found]
        first = min([programme_start(), *months])
        last = max([timezone.localdate(), *months])
        if "period" in filters:
            first, last = period_bounds(filters["period"])
        for period in periods_between(first, last, granularity):
            cells[period] = Row(period, period, 0, {g: 0 for g, _l in groups})
    for value, group, _facts, amount in found:
        value = period_key(value, granularity) if cut == "period" else value
        row = cells.setdefault(value, Row(value, value, 0, {g: 0 for g, _l in groups}))
        row.total += amount
        if group:
            row.groups[group] = row.groups.get(group, 0) + amount
    labels = cut_labels(cut, cells)
    rows = [Row(k, labels.get(k, k), r.total, r.groups) for k, r in cells.items()]
    if cut != "period":
        rows.sort(key=lambda r: (-r.total, r.label))
    return Table(indicator, cut, granularity, filters, rows, sum(a for *_r, a in found), groups)


def _stock_table(indicator: Indicator, cut: str, granularity: str, filters: dict[str, str]) -> Table:
    today = timezone.localdate()
    if "period" in filters:
        first, last = period_bounds(filters["period"])
    else:
        first, last = programme_start(), today
    rows = []
    for period in periods_between(first, max(last, first), granularity):
        end = min(period_bounds(period)[1], today)
        rows.append(Row(period, period, len(stock_facts(indicator, day=end)), {}))
    total = len(stock_facts(indicator, day=_stock_day(filters)))
    return Table(indicator, cut, granularity, filters, rows, total, [])


# ---- headline values and drill-down ------------------------------------------------------------


@dataclass
class Headline:
    indicator: Indicator
    value: int | None  # None: not yet available
    target: int | None
    percent: float | None


def _flow_sum(indicator: Indicator, first: date, last: date) -> int:
    """Sum of the counted facts dated first..last (whole months from the cells, a part month from the
    stored facts)."""
    month_after_last = (last.replace(day=1) + timedelta(days=32)).replace(day=1)
    whole_until = (
        last if last + timedelta(days=1) == month_after_last else last.replace(day=1) - timedelta(days=1)
    )
    total = (
        IndicatorCell.objects.filter(
            indicator=indicator.key, cut="", month__gte=first.replace(day=1), month__lte=whole_until
        ).aggregate(a=Sum("amount"))["a"]
        or 0
    )
    if whole_until < last:
        total += (
            IndicatorFact.objects.filter(
                indicator=indicator.key, counted=True, on__gte=max(first, last.replace(day=1)), on__lte=last
            ).aggregate(a=Sum("amount"))["a"]
            or 0
        )
    return total


def indicator_value(indicator: Indicator) -> int | None:
    """Today's value: the programme-to-date count of a flow, the current count of a stock."""
    if not indicator.available:
        return None
    if indicator.kind == "stock":
        return len(stock_facts(indicator, day=timezone.localdate()))
    aggregates.ensure_current([indicator.key])
    return (
        IndicatorCell.objects.filter(
            indicator=indicator.key, cut="", month__gte=programme_start().replace(day=1)
        ).aggregate(a=Sum("amount"))["a"]
        or 0
    )


def headlines(*, public_only: bool = False, headline_only: bool = True) -> list[Headline]:
    aggregates.ensure_current([i.key for i in indicator_list(public_only=public_only)])
    result = []
    for indicator in indicator_list(public_only=public_only):
        if headline_only and not indicator.headline:
            continue
        value = indicator_value(indicator)
        target = indicator.target["value"] if indicator.target else None
        percent = None
        if value is not None and target:
            percent = min(100.0, round(100 * value / target, 1))
        result.append(Headline(indicator, value, target, percent))
    return result


@dataclass(frozen=True)
class RecordRow:
    record: str
    kind: str
    on: date
    group: str
    group_label: str
    amount: int
    enterprise_id: int | None
    enterprise_name: str
    tax_code: str
    section: str
    ward: str
    size: str


def indicator_records(key: str, *, filters: dict[str, str] | None = None) -> list[RecordRow]:
    """The records behind a number: the same facts the table counted, with their enterprise."""
    indicator = indicator_get(key)
    filters = dict(filters or {})
    _check(indicator, "period", "year", filters)
    if not indicator.available:
        return []
    if indicator.kind == "stock":
        facts = stock_facts(indicator, day=_stock_day(filters))
        filters.pop("period", None)
        firms = enterprise_facts(f.enterprise_id for f in facts)
        facts = [f for f in facts if _matches(f, filters, firms)]
        return [_record_row(f, firms.get(f.enterprise_id)) for f in facts]
    aggregates.ensure_current([key])
    rows = IndicatorFact.objects.filter(indicator=key, counted=True)
    for name, value in filters.items():
        if name == "group":
            rows = rows.filter(group_key=value)
        elif name == "period":
            first, last = period_bounds(value)
            rows = rows.filter(on__gte=first, on__lte=last)
        elif name in ENTERPRISE_CUTS:
            rows = rows.filter(**{name: value})
        else:
            rows = rows.filter(**{f"dimensions__{name}": value})
    facts = [
        (aggregates._as_fact(row), row) for row in rows.order_by("on", "record").iterator(chunk_size=5000)
    ]
    firms = enterprise_facts(f.enterprise_id for f, _row in facts)
    result = []
    for fact, row in facts:
        firm = firms.get(fact.enterprise_id)
        stored = EnterpriseFacts(
            firm.name if firm else "", firm.tax_code if firm else "", row.section, row.ward, row.size
        )
        result.append(_record_row(fact, stored))
    return result


def _record_row(fact: Fact, firm: EnterpriseFacts | None) -> RecordRow:
    firm = firm or EnterpriseFacts("", "", "", "", "")
    return RecordRow(
        record=fact.record,
        kind=fact.record.split(":", 1)[0],
        on=fact.on,
        group=fact.group,
        group_label=group_label(fact.group) if fact.group else "",
        amount=fact.amount,
        enterprise_id=fact.enterprise_id,
        enterprise_name=firm.name,
        tax_code=firm.tax_code,
        section=firm.section,
        ward=firm.ward,
        size=firm.size,
    )


def parse_filters(params, indicator: Indicator) -> dict[str, str]:
    """Filters from query parameters (``period``, the indicator's cuts, ``group``)."""
    return {name: params[name] for name in ("period", *indicator.cuts, "group") if params.get(name)}


def indicator_value_until(indicator: Indicator, day: date) -> int | None:
    """Programme-to-date value at the end of `day` (flows since the programme start; stocks that day)."""
    if not indicator.available:
        return None
    if indicator.kind == "stock":
        return len(stock_facts(indicator, day=min(day, timezone.localdate())))
    if day < programme_start():
        return 0
    aggregates.ensure_current([indicator.key])
    return _flow_sum(indicator, programme_start(), day)
