"""The one query object every backend answers, and the results it returns."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

MAX_PAGE_SIZE = 100
MAX_WINDOW = 10_000  # deepest result reachable by paging (Elasticsearch's default window)


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    with_facets: bool = True
    snippets: bool = True  # False: hits carry no highlighted snippet (callers that only need ids)
    # False: `count` is only a lower bound (the hits up to this page), so a backend may stop reading at
    # the page instead of counting every match (matching's ids-only retrieval; never a results page)
    with_count: bool = True

    def __post_init__(self) -> None:
        self.text = (self.text or "").strip()[:200]
        self.filters = {k: list(dict.fromkeys(str(v) for v in vs)) for k, vs in self.filters.items() if vs}
        self.page_size = max(1, min(int(self.page_size), MAX_PAGE_SIZE))
        self.page = max(1, int(self.page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Hit:
    kind: str
    id: str
    title: str
    url: str
    snippet: str = ""
    score: float = 0.0
    price: int | None = None
    rating: float | None = None
    published_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    count: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int = 1
    page_size: int = 20
    degraded: bool = False
    backend: str = ""
    # the earliest moment a document of this answer stops being visible (see registry's
    # visible_until): a cached copy must not be served after it
    expires_at: datetime | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(min(self.count, MAX_WINDOW) / self.page_size))


def build_facets(
    registry, query: SearchQuery, counts: dict[str, dict[str, int]]
) -> dict[str, list[FacetValue]]:
    """Ordered facet values with labels; selected values stay listed even with no result."""
    out: dict[str, list[FacetValue]] = {}
    for facet in registry.facets():
        selected = query.filters.get(facet.name, [])
        values = dict(counts.get(facet.name, {}))
        for value in selected:
            values.setdefault(value, 0)
        if facet.type == "range":
            order = [r.key for r in facet.ranges if values.get(r.key) or r.key in selected]
        else:
            order = sorted(values, key=lambda v: (-values[v], v))
            keep = set(order[: facet.size]) | set(selected)
            order = [v for v in order if v in keep]
        labels = facet.labels_for(order)
        out[facet.name] = [
            FacetValue(value=v, label=labels.get(v, v), count=values.get(v, 0), selected=v in selected)
            for v in order
        ]
    return out
