from __future__ import annotations

from rest_framework import serializers

from ..models import Engagement, Evidence, Milestone, ProposalVersion


class MilestoneInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    amount = serializers.IntegerField(min_value=1, max_value=10**13, help_text="Whole đồng (VND).")


class ProposalSerializer(serializers.Serializer):
    scope = serializers.CharField(max_length=8000)
    pillars = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=30, required=False
    )
    deliverables = serializers.CharField(max_length=8000)
    milestones = MilestoneInputSerializer(many=True, allow_empty=False, max_length=20)
    total = serializers.IntegerField(
        min_value=1, max_value=10**14, help_text="Must equal the sum of the milestones."
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class EngagementCreateSerializer(ProposalSerializer):
    enterprise = serializers.IntegerField(min_value=1, max_value=2**62)
    consultant = serializers.IntegerField(
        min_value=1, max_value=2**62, required=False, help_text="A firm administrator proposes for a member."
    )
    title = serializers.CharField(max_length=200)


class ReviseSerializer(ProposalSerializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class AcceptSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=10**6, help_text="The version number you read.")


class EngagementReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class EngagementOptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class DeliverSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)


class ResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["accept", "partial", "reject"])
    amount = serializers.IntegerField(
        min_value=1, max_value=10**13, required=False, help_text="For a partial outcome."
    )
    reason = serializers.CharField(max_length=2000)


class InvoiceSerializer(serializers.Serializer):
    e_invoice_number = serializers.CharField(max_length=40)


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalVersion
        fields = [
            "number",
            "scope",
            "pillars",
            "deliverables",
            "milestones",
            "total",
            "start_date",
            "end_date",
            "created_at",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "created_at"]


class MilestoneSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "position",
            "title",
            "due_date",
            "amount",
            "status",
            "delivery_note",
            "delivered_at",
            "review_due_at",
            "status_reason",
            "settled_amount",
            "e_invoice_number",
            "evidence",
        ]


class EngagementSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    consultant_name = serializers.CharField(source="consultant.display_name", read_only=True)
    accepted_version = serializers.IntegerField(
        source="accepted_version.number", read_only=True, allow_null=True
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "title",
            "status",
            "enterprise",
            "enterprise_name",
            "consultant",
            "consultant_name",
            "accepted_version",
            "accepted_at",
            "status_reason",
            "ended_by",
            "created_at",
        ]


class EngagementDetailSerializer(EngagementSerializer):
    versions = VersionSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta(EngagementSerializer.Meta):
        fields = [*EngagementSerializer.Meta.fields, "versions", "milestones"]
