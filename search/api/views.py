from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from ..params import check_page, query_from_params
from ..registry import SORTS, registry
from ..selectors import search_run, suggest_run
from .serializers import SearchResponseSerializer, SuggestResponseSerializer, search_response_data


def _facet_parameters() -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            facet.name,
            OpenApiTypes.STR,
            many=True,
            explode=True,
            description=f"Filter on {facet.name}; repeat to select several values (OR within, AND across).",
        )
        for facet in registry.facets()
    ]


class SearchView(APIView):
    """Faceted search over consultants and solutions (disjunctive facet counts)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "search"

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Text; diacritics optional."),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1},
                description="From 1; page × page_size may not pass 10 000 results (400 `invalid_page`).",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1},
                description="Results per page, 20 by default; larger values than 100 are served at 100.",
            ),
            *_facet_parameters(),
        ],
        responses=SearchResponseSerializer,
    )
    def get(self, request):
        query = query_from_params(request.query_params)
        results = search_run(query)
        check_page(query, results)
        return Response(search_response_data(results))


class SuggestView(APIView):
    """Autocomplete: titles whose words start with what was typed."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "search"

    @extend_schema(
        operation_id="search_suggest",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="What the user typed so far."),
            OpenApiParameter("kind", OpenApiTypes.STR, many=True, explode=True),
        ],
        responses=SuggestResponseSerializer,
    )
    def get(self, request):
        kinds = [k for k in request.query_params.getlist("kind") if k] or None
        suggestions, degraded = suggest_run(request.query_params.get("q", "")[:100], kinds=kinds)
        return Response(SuggestResponseSerializer({"results": suggestions, "degraded": degraded}).data)
