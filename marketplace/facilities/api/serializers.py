from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.core.api.fields import OffsetDateTimeField

from ..models import Facility, FacilityBooking, FacilityKind, PriceUnit


class FacilitySerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.name")
    provider_address = serializers.CharField(source="provider.address")
    slot_price = serializers.IntegerField(help_text="What one session costs (VND), before support.")
    next_free_slots = serializers.SerializerMethodField()

    class Meta:
        model = Facility
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "description",
            "rules",
            "capacity",
            "open_days",
            "opens_at",
            "closes_at",
            "slot_minutes",
            "price",
            "price_unit",
            "slot_price",
            "support_eligible",
            "auto_confirm",
            "provider",
            "provider_address",
            "next_free_slots",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DateTimeField()))
    def get_next_free_slots(self, facility) -> list[str]:
        slots = self.context.get("free_slots", {}).get(facility.pk, [])
        return [slot.isoformat() for slot in slots]


class FacilityWriteSerializer(serializers.Serializer):
    """What a provider's member sets on a facility; the service validates the rules across fields."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=FacilityKind.choices)
    description = serializers.CharField(max_length=5000)
    rules = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=500)
    open_days = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=6), min_length=1)
    opens_at = serializers.TimeField()
    closes_at = serializers.TimeField()
    slot_minutes = serializers.IntegerField(min_value=15, max_value=720)
    price = serializers.IntegerField(min_value=0, max_value=10**12)
    price_unit = serializers.ChoiceField(choices=PriceUnit.choices)
    support_eligible = serializers.BooleanField(required=False)
    auto_confirm = serializers.BooleanField(required=False)
    is_published = serializers.BooleanField(required=False)


class FacilityBookingSerializer(serializers.ModelSerializer):
    facility = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    facility_name = serializers.CharField(source="facility.name")
    enterprise_name = serializers.CharField(source="enterprise.name")

    class Meta:
        model = FacilityBooking
        fields = [
            "id",
            "facility",
            "facility_name",
            "enterprise",
            "enterprise_name",
            "status",
            "start_at",
            "end_at",
            "participants",
            "purpose",
            "hold_expires_at",
            "price",
            "support",
            "sme_share",
            "paid_at",
            "status_reason",
            "outcome_note",
        ]
        read_only_fields = fields


class FacilityBookingCreateSerializer(serializers.Serializer):
    facility = serializers.SlugField(max_length=80)
    enterprise = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        required=False,
        help_text="Needed when you belong to several enterprises.",
    )
    start = OffsetDateTimeField()
    purpose = serializers.CharField(max_length=200)
    participants = serializers.IntegerField(min_value=1, max_value=500, required=False, default=1)


class FacilityReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class FacilityOutcomeSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)
