"""One sort parameter for every list: `sort`, as the search API already names it.

`sort=name` or `sort=-price,name` (comma-separated, `-` for descending) over the fields a view lists
in `ordering_fields`; anything else is a 400 field error, never silently dropped. The primary key
always ends the order, so pages are stable. `ordering`, the name some lists used before, still
works as a deprecated alias (it costs one lookup) and is marked deprecated in the OpenAPI schema.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

SORT_PARAM = "sort"
DEPRECATED_SORT_PARAM = "ordering"


def _allowed_fields(view) -> list[str]:
    # Only what the view declares: DRF's fallback (every serializer field) could name computed fields
    return list(getattr(view, "ordering_fields", None) or [])


class SortFilter(OrderingFilter):
    ordering_param = SORT_PARAM

    def _requested(self, request) -> tuple[str, str | None]:
        params = request.query_params
        if SORT_PARAM in params:
            return SORT_PARAM, params.get(SORT_PARAM)
        return DEPRECATED_SORT_PARAM, params.get(DEPRECATED_SORT_PARAM)

    def get_ordering(self, request, queryset, view):
        param, raw = self._requested(request)
        allowed = _allowed_fields(view)
        if raw is not None and raw.strip():
            terms = [term.strip() for term in raw.split(",") if term.strip()]
            unknown = [term for term in terms if term.lstrip("-") not in allowed]
            if unknown:
                if allowed:
                    message = _("Unknown sort order: %(fields)s. Use one of: %(allowed)s.") % {
                        "fields": ", ".join(unknown),
                        "allowed": ", ".join(sorted(allowed)),
                    }
                else:
                    message = _("This list cannot be sorted.")
                raise ValidationError({param: [message]})
            ordering = terms
        else:
            ordering = list(self.get_default_ordering(view) or [])
        if ordering and not any(term.lstrip("-") in ("pk", "id") for term in ordering):
            ordering.append("pk")
        return ordering or None

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_schema_operation_parameters(self, view):
        allowed = _allowed_fields(view)
        if not allowed:
            return []
        choices = ", ".join(f"`{name}`, `-{name}`" for name in allowed)
        description = _("Sort order: one or more of %(choices)s, comma-separated.") % {"choices": choices}
        # the same rule as get_ordering, as a pattern a client (and a fuzzer) can check before sending
        term = "-?(" + "|".join(re.escape(name) for name in allowed) + ")"
        # empty means the default order, as get_ordering treats it
        schema = {"type": "string", "pattern": f"^({term}(,{term})*)?$"}
        return [
            {
                "name": SORT_PARAM,
                "required": False,
                "in": "query",
                "description": description,
                "schema": schema,
            },
            {
                "name": DEPRECATED_SORT_PARAM,
                "required": False,
                "in": "query",
                "deprecated": True,
                "description": _("Deprecated alias of `sort`."),
                "schema": dict(schema),
            },
        ]
