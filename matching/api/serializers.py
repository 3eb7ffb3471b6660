from rest_framework import serializers

from .. import readiness
from ..models import Assessment, CriteriaSet, localised


class CriteriaSetSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    question_count = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text="basic | sector")

    class Meta:
        model = CriteriaSet
        fields = ["code", "kind", "name", "description", "sector_sections", "edition", "question_count"]


class OptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    points = serializers.IntegerField()


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    pillar = serializers.CharField()
    text = serializers.CharField()
    help = serializers.CharField(allow_blank=True)
    options = OptionSerializer(many=True)


class PillarSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.FloatField()


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    min_score = serializers.IntegerField()


class ContentSerializer(serializers.Serializer):
    """A criteria-set snapshot in the reader's language."""

    pillars = PillarSerializer(many=True)
    questions = QuestionSerializer(many=True)
    levels = LevelSerializer(many=True)

    def to_representation(self, content):
        return {
            "pillars": [
                {"code": p["code"], "name": localised(p, "name"), "weight": p["weight"]}
                for p in content["pillars"]
            ],
            "questions": [
                {
                    "code": q["code"],
                    "pillar": q["pillar"],
                    "text": localised(q, "text"),
                    "help": localised(q, "help"),
                    "options": [
                        {"code": o["code"], "text": localised(o, "text"), "points": o["points"]}
                        for o in q["options"]
                    ],
                }
                for q in content["questions"]
            ],
            "levels": content["levels"],
        }


class CriteriaSetDetailSerializer(CriteriaSetSerializer):
    version = serializers.IntegerField(read_only=True)
    content = ContentSerializer(read_only=True)

    class Meta(CriteriaSetSerializer.Meta):
        fields = [*CriteriaSetSerializer.Meta.fields, "version", "content"]


class PillarScoreSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1)


class ProgressSerializer(serializers.Serializer):
    code = serializers.CharField()
    answered = serializers.IntegerField()
    total = serializers.IntegerField()


class AssessmentSerializer(serializers.ModelSerializer):
    criteria_set = serializers.SlugRelatedField(slug_field="code", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    pillar_scores = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="draft | submitted")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "enterprise",
            "criteria_set",
            "version",
            "status",
            "answers",
            "progress",
            "overall_score",
            "level",
            "pillar_scores",
            "created_at",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_pillar_scores(self, obj) -> list[dict]:
        rows = sorted(obj.pillar_scores.all(), key=lambda r: r.pillar_code)
        return PillarScoreSerializer(
            [{"pillar": r.pillar_code, "score": r.score} for r in rows], many=True
        ).data

    def get_progress(self, obj) -> list[dict]:
        return ProgressSerializer(readiness.pillar_progress(obj.version.content, obj.answers), many=True).data


class AssessmentDetailSerializer(AssessmentSerializer):
    content = ContentSerializer(source="version.content", read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "content"]
        read_only_fields = fields


class AssessmentCreateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1)
    criteria_set = serializers.SlugField(default="basic")


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(max_length=40), allow_empty=False)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    effect = serializers.CharField(help_text="+ raised the score, - lowered it")
    text = serializers.CharField()


class BreakdownRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    points = serializers.FloatField(help_text="points this feature earned")
    possible = serializers.FloatField(help_text="points it could earn")


class RecommendationSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    kind = serializers.CharField()
    object_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1)
    label = serializers.CharField(help_text="strong | good | possible")
    label_text = serializers.CharField()
    breakdown = BreakdownRowSerializer(many=True)
    reasons = ReasonSerializer(many=True)


class RecommendationListSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField()
    kind = serializers.CharField()
    count = serializers.IntegerField()
    message = serializers.CharField(allow_blank=True)
    hidden_at_capacity = serializers.IntegerField(
        help_text="fitting consultants left out because they are fully booked"
    )
    results = RecommendationSerializer(many=True)


class DismissSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["consultant", "solution"])
    object_id = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500)
