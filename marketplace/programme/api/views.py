"""Indicators under /api/v1/programme/: officers see every indicator and cut; everyone else the public
indicators, by period only (cuts by ward, sector and size of a few SMEs could single one out)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts.roles import is_officer
from marketplace.core.errors import DomainError, NotFound

from .. import exports, selectors
from ..registry import Indicator

PUBLIC_CUTS = ("period",)


def _describe(indicator: Indicator, value: int | None) -> dict:
    return {
        "key": indicator.key,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "public": indicator.public,
        "available": indicator.available,
        "value": value,
        "target": indicator.target["value"] if indicator.target else None,
        "target_year": indicator.target["year"] if indicator.target else None,
        "milestones": indicator.milestones,
        "cuts": list(indicator.cuts),
        "groups": list(indicator.groups),
    }


class IndicatorListView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="programme_indicators_list", responses={200: OpenApiResponse(OpenApiTypes.OBJECT)}
    )
    def get(self, request):
        officer = is_officer(request.user)
        results = [
            _describe(i, selectors.indicator_value(i))
            for i in selectors.indicator_list(public_only=not officer)
        ]
        return Response({"results": results})


class IndicatorDetailView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="programme_indicator_retrieve",
        parameters=[
            OpenApiParameter(
                "cut",
                str,
                description="period, section, ward or size, or an extra cut of the indicator (its `cuts`, "
                "e.g. scheme); extra cuts are also filters",
            ),
            OpenApiParameter("granularity", str, enum=["year", "quarter", "month"]),
            OpenApiParameter("period", str, description="2026, 2026-Q3 or 2026-07"),
            OpenApiParameter("section", str),
            OpenApiParameter("ward", str),
            OpenApiParameter("size", str),
            OpenApiParameter("group", str),
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT)},
    )
    def get(self, request, key: str):
        officer = is_officer(request.user)
        try:
            indicator = selectors.indicator_get(key)
        except selectors.UnknownIndicator:
            raise NotFound(_("No such indicator.")) from None
        if not (officer or indicator.public):
            raise NotFound(_("No such indicator."))
        cut = request.query_params.get("cut") or "period"
        granularity = request.query_params.get("granularity") or "year"
        filters = selectors.parse_filters(request.query_params, indicator)
        if not officer and (cut not in PUBLIC_CUTS or set(filters) - {"period", "group"}):
            raise DomainError(
                _("Only officers may cut indicators by section, ward or size class."),
                code="cut_not_public",
                fields={"cut": [_("Choose period.")]},
            )
        try:
            table = selectors.indicator_table(key, cut=cut, granularity=granularity, filters=filters)
        except ValueError as error:
            name = str(error)
            raise DomainError(
                _("Invalid value for %(name)s.") % {"name": name},
                code="invalid_parameter",
                fields={name: [_("This value is not allowed for this indicator.")]},
            ) from None
        return Response(
            {
                **_describe(indicator, table.total if table.available else None),
                "cut": table.cut,
                "granularity": table.granularity,
                "filters": table.filters,
                "total": table.total if table.available else None,
                "rows": [
                    {"key": r.key, "label": r.label, "total": r.total, "groups": r.groups} for r in table.rows
                ],
            }
        )


def _open_rows() -> list[dict]:
    rows = []
    for indicator in selectors.indicator_list(public_only=True):
        if not indicator.available:
            continue
        table = selectors.indicator_table(indicator.key, cut="period", granularity="quarter")
        for row in table.rows:
            rows.append(
                {"indicator": indicator.key, "period": row.key, "value": row.total, "groups": row.groups}
            )
    return rows


class OpenDataJsonView(APIView):
    """Open data: every public indicator per quarter. Counts only: no enterprise, no person."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={(200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request):
        document = {
            "generated_at": timezone.now().isoformat(),
            "licence": "CC-BY-4.0",
            "indicators": [
                _describe(i, None) | {"value": None} for i in selectors.indicator_list(public_only=True)
            ],
            "values": _open_rows(),
        }
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
        response["Cache-Control"] = "public, max-age=300"
        return response


class OpenDataCsvView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request):
        lines = [["indicator", "period", "group", "value"]]
        for row in _open_rows():
            lines.append([row["indicator"], row["period"], "", row["value"]])
            lines.extend([row["indicator"], row["period"], g, v] for g, v in row["groups"].items())
        response = HttpResponse(exports.to_csv(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="chi-tieu-chuong-trinh.csv"'
        response["Cache-Control"] = "public, max-age=300"
        return response
