from __future__ import annotations

from rest_framework import serializers

from ..models import DealKind, RatingSummary, Review, SubjectKind


class ReviewSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "subject_kind",
            "consultant",
            "solution",
            "deal_kind",
            "deal_id",
            "enterprise_name",
            "scores",
            "overall",
            "text",
            "status",
            "status_reason",
            "editable_until",
            "reply_text",
            "replied_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReviewCreateSerializer(serializers.Serializer):
    deal_kind = serializers.ChoiceField(choices=DealKind.choices)
    deal_id = serializers.IntegerField(min_value=1, max_value=2**62)
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text=(
            "Whole stars 1–5 on every criterion: consultants expertise, communication, value, results; "
            "solutions ease_of_use, support, value, fit."
        ),
    )
    text = serializers.CharField(min_length=20, max_length=4000)


class ReviewEditSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=5), required=False)
    text = serializers.CharField(min_length=20, max_length=4000, required=False)


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(min_length=1, max_length=4000)


class ReviewReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(min_length=5, max_length=2000)


class RatingSummarySerializer(serializers.ModelSerializer):
    trend = serializers.CharField(read_only=True)

    class Meta:
        model = RatingSummary
        fields = [
            "kind",
            "object_id",
            "count",
            "mean",
            "criteria",
            "recent_mean",
            "recent_count",
            "previous_mean",
            "trend",
            "flagged",
            "updated_at",
        ]
        read_only_fields = fields


class DealSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DealKind.choices)
    pk = serializers.IntegerField()
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    consultant_id = serializers.IntegerField(allow_null=True)
    solution_id = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
