from django.shortcuts import render
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
    template = "search/_results.html" if request.headers.get("HX-Request") else "search/page.html"
    return render(request, template, context, status=status)


@require_GET
def suggest_options(request):
    """<option>s for the search box's datalist (htmx)."""
    suggestions, _degraded = suggest_run(request.GET.get("q", "")[:100])
    return render(request, "search/_suggestions.html", {"suggestions": suggestions})
