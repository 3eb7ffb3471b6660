"""What is indexed, declared by the domain apps (search imports none of them).

Each app's `search_indexes.py` calls `registry.register(IndexDefinition(...))` and may declare the
facets it fills with `registry.register_facet(...)`; SearchConfig.ready() imports those modules.
A definition names its model by label, the rows to index (`get_queryset`, e.g. only published
solutions) and a function turning one row into a plain document dict:

    {"id", "title", "url", "text": {field: str}, "facets": {facet: [values] | value},
     "price": int | None, "rating": float | None, "published_at": datetime | None,
     "visible_until": datetime | None, "extra": {...}}

`visible_until` (optional, aware) is when the row stops being public on its own, with no write to
reindex it (a consultant's certificate reaching its end date): from that moment every backend
leaves the document out of results, facet counts and suggestions, and cached results expire.

`prepare()` turns that into the *index document* both backends store: the declared text fields are
grouped into three boost tiers (high ≥ 3, mid ≥ 2, low), which lets one index hold every kind.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.apps import apps
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import errors
from .text import normalise

TERMS, BOOLEAN, RANGE = "terms", "boolean", "range"
# Facet value labels (sector, category, ward names...) are reference data: each process keeps the
# ones it has looked up for this long per facet and language, instead of querying them on every
# search (four lookups were ~5 ms of a faceted request). A renamed sector shows within a minute.
LABEL_CACHE_SECONDS = 60
_labels: dict[tuple[str, str], tuple[float, dict[str, str]]] = {}
_labels_lock = threading.Lock()


def clear_label_cache() -> None:
    with _labels_lock:
        _labels.clear()


SORTS = ("relevance", "price_asc", "price_desc", "rating", "newest")
TIERS = ("text_high", "text_mid", "text_low")


@dataclass(frozen=True)
class SearchField:
    name: str
    boost: float = 1.0

    @property
    def tier(self) -> str:
        if self.boost >= 3:
            return "text_high"
        return "text_mid" if self.boost >= 2 else "text_low"


@dataclass(frozen=True)
class Range:
    key: str
    label: Any
    gte: float | None = None
    lt: float | None = None

    def contains(self, value: float | None) -> bool:
        if value is None:
            return False
        return (self.gte is None or value >= self.gte) and (self.lt is None or value < self.lt)


@dataclass(frozen=True)
class FacetField:
    """A filter that is also a facet. `range` facets bucket a numeric document field (price, rating)."""

    name: str
    label: Any
    type: str = TERMS
    ranges: tuple[Range, ...] = ()
    numeric_field: str = ""
    value_labels: Callable[[list[str]], dict[str, str]] | None = None
    size: int = 50  # most values shown for a terms facet

    def labels_for(self, values: list[str]) -> dict[str, str]:
        if self.type == BOOLEAN:
            return {"true": str(_("Yes")), "false": str(_("No"))}
        if self.type == RANGE:
            return {r.key: str(r.label) for r in self.ranges}
        if not (self.value_labels and values):
            return {}
        key, now = (self.name, get_language() or ""), time.monotonic()
        with _labels_lock:
            expires, known = _labels.get(key, (0.0, {}))
            if expires < now:
                expires, known = now + LABEL_CACHE_SECONDS, {}
                _labels[key] = (expires, known)
            missing = [v for v in values if v not in known]
        if missing:
            found = {str(k): str(v) for k, v in self.value_labels(missing).items()}
            with _labels_lock:
                known.update(found)
        return {v: known[v] for v in values if v in known}

    def validate(self, values: Sequence[str]) -> None:
        allowed = None
        if self.type == BOOLEAN:
            allowed = {"true", "false"}
        elif self.type == RANGE:
            allowed = {r.key for r in self.ranges}
        for value in values:
            if allowed is not None and value not in allowed:
                raise errors.InvalidFacetValue(
                    _("“%(value)s” is not a valid value for %(facet)s.")
                    % {"value": value, "facet": self.name},
                    fields={self.name: [str(_("Not a valid value."))]},
                )
            if len(value) > 100:
                raise errors.InvalidFacetValue(fields={self.name: [str(_("Value too long."))]})


@dataclass
class IndexDefinition:
    kind: str
    label: Any
    model: str  # "catalogue.solution"
    get_queryset: Callable[[], Any]
    build_document: Callable[[Any], dict]
    search_fields: Sequence[SearchField] = ()
    facets: Sequence[str] = ()  # facet names this kind fills (registered with register_facet)
    autocomplete_field: str = "title"
    sortable: Sequence[str] = ("price", "rating", "newest")
    # label of another model whose change affects our rows -> function(pks) -> our pks
    related: dict[str, Callable[[list[str]], Iterable]] = field(default_factory=dict)
    batch_size: int = 500

    def model_class(self):
        return apps.get_model(self.model)

    def iter_documents(self, pks: Iterable | None = None, *, chunk_size: int = 500):
        """Index documents of the rows that are indexed (optionally only these pks)."""
        queryset = self.get_queryset()
        if pks is not None:
            queryset = queryset.filter(pk__in=list(pks))
        for obj in queryset.order_by("pk").iterator(chunk_size=chunk_size):
            yield self.prepare(self.build_document(obj))

    def prepare(self, raw: dict) -> dict:
        boosts = {f.name: f for f in self.search_fields}
        tiers: dict[str, list[str]] = {tier: [] for tier in TIERS}
        for name, value in (raw.get("text") or {}).items():
            if not value:
                continue
            spec = boosts.get(name, SearchField(name))
            tiers[spec.tier].append(normalise(str(value)))
        facets: dict[str, list[str]] = {"kind": [self.kind]}
        for name, values in (raw.get("facets") or {}).items():
            if values is None:
                continue
            if not isinstance(values, list | tuple | set):
                values = [values]
            facets[name] = sorted({_facet_value(v) for v in values if v is not None and v != ""})
        published = raw.get("published_at")
        title = normalise(raw["title"])
        return {
            "kind": self.kind,
            "id": str(raw["id"]),
            "title": title,
            "url": raw.get("url", ""),
            "text_high": " ".join([title, *tiers["text_high"]]),
            "text_mid": " ".join(tiers["text_mid"]),
            "text_low": " ".join(tiers["text_low"]),
            "facets": facets,
            "price": int(raw["price"]) if raw.get("price") is not None else None,
            "rating": float(raw["rating"]) if raw.get("rating") is not None else None,
            "published_at": published if isinstance(published, datetime) or published is None else published,
            "suggest": normalise(raw.get("suggest") or title),
            "visible_until": raw.get("visible_until"),
            "extra": raw.get("extra") or {},
        }


def _merged_labels(first, second):
    def labels(values):
        found = {str(k): v for k, v in first(values).items()}
        missing = [v for v in values if v not in found]
        if missing:
            found.update({str(k): v for k, v in second(missing).items() if str(k) not in found})
        return found

    return labels


def _facet_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


PRICE_FACET = FacetField(
    name="price",
    label=_("Price"),
    type=RANGE,
    numeric_field="price",
    ranges=(
        Range("free", _("Free"), lt=1),
        Range("lt1m", _("Under 1 million ₫"), gte=1, lt=1_000_000),
        Range("1m-5m", _("1–5 million ₫"), gte=1_000_000, lt=5_000_000),
        Range("5m-20m", _("5–20 million ₫"), gte=5_000_000, lt=20_000_000),
        Range("20m-100m", _("20–100 million ₫"), gte=20_000_000, lt=100_000_000),
        Range("gte100m", _("100 million ₫ and more"), gte=100_000_000),
    ),
)
RATING_FACET = FacetField(
    name="rating",
    label=_("Rating"),
    type=RANGE,
    numeric_field="rating",
    ranges=(
        Range("4plus", _("4 stars and more"), gte=4),
        Range("3plus", _("3 stars and more"), gte=3),
    ),
)


class Registry:
    def __init__(self) -> None:
        self._definitions: dict[str, IndexDefinition] = {}
        self._facets: dict[str, FacetField] = {}
        self.register_facet(FacetField(name="kind", label=_("Type"), value_labels=self._kind_labels))

    # ---- declaration ----
    def register(self, definition: IndexDefinition) -> IndexDefinition:
        self._definitions[definition.kind] = definition
        return definition

    def unregister(self, kind: str) -> None:
        self._definitions.pop(kind, None)

    def register_facet(self, facet: FacetField) -> FacetField:
        """Several kinds may share one facet (sector, language): the first declaration wins, but
        value labels it lacks come from the later ones (consultants speak French, solutions do not)."""
        first = self._facets.get(facet.name)
        if first is None:
            self._facets[facet.name] = facet
            return facet
        if facet.value_labels and facet.value_labels is not first.value_labels:
            labels = _merged_labels(first.value_labels, facet.value_labels) if first.value_labels else None
            first = self._facets[facet.name] = replace(first, value_labels=labels or facet.value_labels)
        return first

    # ---- lookup ----
    def definitions(self) -> list[IndexDefinition]:
        return list(self._definitions.values())

    def get(self, kind: str) -> IndexDefinition:
        return self._definitions[kind]

    def for_model(self, label: str) -> list[tuple[IndexDefinition, Callable[[list[str]], Iterable] | None]]:
        """Definitions affected by a change of `label` rows, with the pk mapper (None = same pks)."""
        label = label.lower()
        found = []
        for definition in self._definitions.values():
            if definition.model.lower() == label:
                found.append((definition, None))
            for related_label, mapper in definition.related.items():
                if related_label.lower() == label:
                    found.append((definition, mapper))
        return found

    def facets(self) -> list[FacetField]:
        ordered = list(self._facets.values())
        ordered.extend(f for f in (PRICE_FACET, RATING_FACET) if f.name not in self._facets)
        return ordered

    def facet(self, name: str) -> FacetField:
        for facet in self.facets():
            if facet.name == name:
                return facet
        raise errors.UnknownFacet(
            _("“%(name)s” is not a search filter. Use one of: %(names)s.")
            % {"name": name, "names": ", ".join(f.name for f in self.facets())},
            fields={name: [str(_("Unknown filter."))]},
        )

    def _kind_labels(self, values: list[str]) -> dict[str, str]:
        return {d.kind: str(d.label) for d in self._definitions.values()}

    def validate(self, query) -> None:
        for name, values in query.filters.items():
            self.facet(name).validate(values)
        if query.sort not in SORTS:
            raise errors.UnknownSort(
                _("“%(sort)s” is not a sort order. Use one of: %(sorts)s.")
                % {"sort": query.sort, "sorts": ", ".join(SORTS)},
                fields={"sort": [str(_("Unknown sort order."))]},
            )


registry = Registry()
