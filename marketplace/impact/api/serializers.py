from __future__ import annotations

from rest_framework import serializers

from ..models import Attribution, Designation, ImpactSummary, Measurement


class ImpactSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ImpactSummary
        fields = [
            "kind",
            "object_id",
            "n",
            "enough",
            "mean_level_change",
            "mean_addressed_level_change",
            "low",
            "high",
            "updated_at",
        ]
        read_only_fields = fields


class AttributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attribution
        fields = [
            "deal_kind",
            "deal_id",
            "consultant_id",
            "firm_id",
            "solution_id",
            "pillars",
            "addressed_level_change",
        ]
        read_only_fields = fields


class MeasurementSerializer(serializers.ModelSerializer):
    attributions = AttributionSerializer(many=True, read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "enterprise",
            "t0",
            "t1",
            "level_t0",
            "level_t1",
            "pillars",
            "measured_at",
            "attributions",
        ]
        read_only_fields = fields


class DesignationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Designation
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "status",
            "designated_at",
            "consent_to_publish",
            "story",
        ]
        read_only_fields = fields


class DesignationOfficerSerializer(DesignationSerializer):
    class Meta(DesignationSerializer.Meta):
        fields = [*DesignationSerializer.Meta.fields, "status_reason"]
        read_only_fields = fields


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    gain = serializers.IntegerField()
    in_use = serializers.IntegerField()


class DesignateSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1, max_value=2**62)
    reason = serializers.CharField(max_length=2000)


class DesignationReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ConsentSerializer(serializers.Serializer):
    consent = serializers.BooleanField()
    story = serializers.CharField(max_length=4000, required=False, allow_blank=True)
