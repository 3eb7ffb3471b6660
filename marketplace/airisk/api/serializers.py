from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Classification, QuestionnaireVersion, ReviewRequest, RiskClass

ID_MAX = 2**62


class QuestionnaireSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionnaireVersion
        fields = ["id", "code", "number", "checksum", "content", "created_at"]
        read_only_fields = fields


class ReviewRequestSerializer(serializers.ModelSerializer):
    consultant_name = serializers.CharField(source="consultant.display_name", read_only=True)
    classification_name = serializers.CharField(source="classification.name", read_only=True)

    class Meta:
        model = ReviewRequest
        fields = [
            "id",
            "classification",
            "classification_name",
            "consultant",
            "consultant_name",
            "message",
            "status",
            "class_before",
            "decided_class",
            "note",
            "requested_at",
            "decided_at",
        ]
        read_only_fields = fields


class ClassificationSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(read_only=True)
    questionnaire_version = serializers.IntegerField(source="version.number", read_only=True)
    effective_class = serializers.CharField(read_only=True)
    reviews = serializers.SerializerMethodField()
    guidance_only = serializers.SerializerMethodField()

    class Meta:
        model = Classification
        fields = [
            "id",
            "name",
            "description",
            "enterprise",
            "vendor",
            "solution",
            "owner_name",
            "questionnaire_version",
            "status",
            "answers",
            "provisional_class",
            "final_class",
            "effective_class",
            "reasons",
            "flags",
            "obligations",
            "classified_at",
            "created_at",
            "updated_at",
            "reviews",
            "guidance_only",
        ]
        read_only_fields = fields

    @extend_schema_field(ReviewRequestSerializer(many=True))
    def get_reviews(self, obj: Classification) -> list:
        return ReviewRequestSerializer(obj.review_requests.all(), many=True).data

    def get_guidance_only(self, obj: Classification) -> bool:
        """Always true: the result is guidance from the questionnaire, not a legal ruling."""
        return True


class ClassificationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    enterprise = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False)
    vendor = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False)
    solution = serializers.IntegerField(min_value=1, max_value=ID_MAX, required=False)


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        help_text="{question code: option code} for single-choice questions, {question code: [option codes]} "
        "for multiple-choice ones (see the questionnaire's content)."
    )


class ChecklistSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.CharField(max_length=60), allow_empty=True, max_length=100)


class ReviewAskSerializer(serializers.Serializer):
    consultant = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReviewDecideSerializer(serializers.Serializer):
    risk_class = serializers.ChoiceField(choices=RiskClass.choices)
    note = serializers.CharField(min_length=10, max_length=2000)


class ReviewDeclineSerializer(serializers.Serializer):
    note = serializers.CharField(min_length=10, max_length=2000)


class ReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    headline = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class SolutionClassificationSerializer(serializers.Serializer):
    solution = serializers.IntegerField()
    risk_class = serializers.ChoiceField(choices=RiskClass.choices)
    reviewed = serializers.BooleanField()
    by = serializers.CharField()
    at = serializers.DateTimeField()
