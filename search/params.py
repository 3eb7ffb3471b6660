"""Parse a search request's query string (API and web page alike) into a SearchQuery."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import errors
from .query import MAX_PAGE_SIZE, MAX_WINDOW, SearchQuery
from .registry import TERMS, registry

RESERVED = {"q", "sort", "page", "page_size", "format"}


def _positive_int(raw: str | None, default: int, name: str) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        error = errors.InvalidPage if name == "page" else errors.SearchRequestInvalid
        raise error(
            _("%(name)s must be a positive whole number.") % {"name": name}, fields={name: [_("Not valid.")]}
        )
    return value


def query_from_params(params, *, default_page_size: int = 20, ignore: set[str] = frozenset()) -> SearchQuery:
    """Unknown parameters are unknown facets (400), never silently ignored."""
    filters: dict[str, list[str]] = {}
    for key in params:
        if key in RESERVED or key in ignore:
            continue
        values = [v for v in params.getlist(key) if v != ""]
        registry.facet(key)  # raises UnknownFacet
        if values:
            filters[key] = values
    page = _positive_int(params.get("page"), 1, "page")
    page_size = min(_positive_int(params.get("page_size"), default_page_size, "page_size"), MAX_PAGE_SIZE)
    if page * page_size > MAX_WINDOW + page_size:
        raise errors.InvalidPage(
            _("Results that deep cannot be paged to; narrow the search."), fields={"page": [_("Too deep.")]}
        )
    query = SearchQuery(
        text=params.get("q", ""),
        filters=filters,
        sort=params.get("sort") or "relevance",
        page=page,
        page_size=page_size,
    )
    registry.validate(query)
    _check_known_values(query)
    return query


def _check_known_values(query: SearchQuery) -> None:
    """A terms facet's values are the ones it can label (taxonomy codes, choices, kinds): any other
    value matches nothing, and echoing it back as a selected facet would hide the typo."""
    for name, values in query.filters.items():
        facet = registry.facet(name)
        if facet.type != TERMS or facet.value_labels is None:
            continue
        known = facet.labels_for(values)
        unknown = [value for value in values if value not in known]
        if unknown:
            raise errors.InvalidFacetValue(
                _("“%(value)s” is not a valid value for %(facet)s.")
                % {"value": unknown[0], "facet": facet.label},
                fields={name: [_("Not a valid value.")]},
            )


def check_page(query: SearchQuery, results) -> None:
    if query.page > 1 and query.page > results.num_pages:
        raise errors.InvalidPage(
            _("Page %(page)s does not exist; there are %(pages)s.")
            % {"page": query.page, "pages": results.num_pages},
            fields={"page": [_("Out of range.")]},
        )
