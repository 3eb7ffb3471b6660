from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import errors
from .params import check_page, query_from_params
from .registry import registry
from .selectors import search_run, suggest_run

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("rating", _("Rating")),
    ("newest", _("Newest")),
]


def _url(params, **changes) -> str:
    params = params.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _without(params, name: str, value: str) -> str:
    params = params.copy()
    params.setlist(name, [v for v in params.getlist(name) if v != value])
    params.pop("page", None)
    return "?" + params.urlencode()


@require_GET
def search_page(request):
    params = request.GET
    context = {
        "q": params.get("q", ""),
        "sort_choices": SORT_CHOICES,
        "sort": params.get("sort") or "relevance",
    }
    status = 200
    try:
        query = query_from_params(params)
        results = search_run(query)
        check_page(query, results)
    except errors.SearchRequestInvalid as exc:
        context["error"] = exc.message
        status = 400
    else:
        facet_specs = {f.name: f for f in registry.facets()}
        context.update(
            results=results,
            facets=[
                {"name": name, "label": facet_specs[name].label, "values": values}
                for name, values in results.facets.items()
                if values
            ],
            selected=[
                {
                    "label": v.label,
                    "facet": facet_specs[name].label,
                    "remove_url": _without(params, name, v.value),
                }
                for name, values in results.facets.items()
                for v in values
                if v.selected
            ],
            prev_url=_url(params, page=str(query.page - 1)) if query.page > 1 else None,
            next_url=_url(params, page=str(query.page + 1)) if query.page < results.num_pages else None,
            clear_url="?" + (f"q={params.get('q')}" if params.get("q") else ""),
        )
        context["rows"] = _rows(results.hits, facet_specs)
    # htmx asks for the fragment; a history restore (Back/Forward after a cache miss) needs the page
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "search/_results.html" if partial else "search/page.html"
    response = render(request, template, context, status=status)
    # the fragment and the page share the URL: without this the browser cache serves one for the other
    patch_vary_headers(response, ["HX-Request"])
    return response


def _rows(hits, facet_specs) -> list[dict]:
    """Each hit with what its price is per: the vendor's billing unit, else the pricing model's name."""
    models = [h.extra.get("pricing_model") for h in hits if h.extra and h.extra.get("pricing_model")]
    spec = facet_specs.get("pricing_model")
    names = spec.labels_for(sorted(set(models))) if spec and models else {}
    rows = []
    for hit in hits:
        extra = hit.extra or {}
        rows.append(
            {
                "hit": hit,
                "per": extra.get("billing_unit") or "",
                "model": names.get(extra.get("pricing_model"), ""),
            }
        )
    return rows


@require_GET
def suggest_options(request):
    """<option>s for the search box's datalist (htmx)."""
    suggestions, _degraded = suggest_run(request.GET.get("q", "")[:100])
    return render(request, "search/_suggestions.html", {"suggestions": suggestions})
