from rest_framework import serializers


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML-escaped text with <mark> around matched words.")
    price = serializers.IntegerField(allow_null=True, help_text="VND")
    rating = serializers.FloatField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    details = serializers.DictField(source="extra", help_text="Kind-specific display fields.")


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = SearchHitSerializer(many=True, source="hits")
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    degraded = serializers.BooleanField(
        help_text="True when the engine was unreachable and the database answered."
    )


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


class SuggestResponseSerializer(serializers.Serializer):
    results = SuggestionSerializer(many=True)
    degraded = serializers.BooleanField()


_DATETIME = serializers.DateTimeField()


def search_response_data(results) -> dict:
    """What SearchResponseSerializer(results).data gives, built directly: a results page holds a
    few hundred facet values, and field-by-field serialisation of them cost more than the query."""
    return {
        "count": results.count,
        "page": results.page,
        "page_size": results.page_size,
        "num_pages": results.num_pages,
        "results": [
            {
                "kind": str(h.kind),
                "id": str(h.id),
                "title": str(h.title),
                "url": str(h.url),
                "snippet": str(h.snippet),
                "price": None if h.price is None else int(h.price),
                "rating": None if h.rating is None else float(h.rating),
                "published_at": None
                if h.published_at is None
                else _DATETIME.to_representation(h.published_at),
                "details": h.extra,
            }
            for h in results.hits
        ],
        "facets": {
            name: [
                {
                    "value": str(v.value),
                    "label": str(v.label),
                    "count": int(v.count),
                    "selected": bool(v.selected),
                }
                for v in values
            ]
            for name, values in results.facets.items()
        },
        "degraded": bool(results.degraded),
    }
