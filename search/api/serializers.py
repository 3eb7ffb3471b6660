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
