from __future__ import annotations

from rest_framework import serializers

from ..models import AmountDue, Order


class AmountDueSerializer(serializers.ModelSerializer):
    class Meta:
        model = AmountDue
        fields = [
            "id",
            "kind",
            "status",
            "period_start",
            "period_end",
            "due_date",
            "price",
            "co_investment",
            "support",
            "sme_share",
            "revenue",
            "e_invoice_number",
        ]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    solution_name = serializers.CharField(source="solution.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    amounts = AmountDueSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "status",
            "status_reason",
            "enterprise",
            "enterprise_name",
            "solution",
            "solution_name",
            "vendor",
            "vendor_name",
            "plan",
            "plan_name",
            "price",
            "billing",
            "trial_days",
            "pricing",
            "co_investment",
            "co_investor",
            "sponsor_name",
            "revenue_share_basis_points",
            "note",
            "start_date",
            "contract_number",
            "trial_ends_on",
            "next_period_start",
            "confirmed_at",
            "in_use_at",
            "closed_at",
            "created_at",
            "amounts",
        ]
        read_only_fields = fields


class OrderCreateSerializer(serializers.Serializer):
    """Only what the enterprise chooses: every amount comes from the plan (anything else sent is ignored)."""

    plan = serializers.IntegerField(min_value=1, max_value=2**62)
    enterprise = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        required=False,
        help_text="Needed when you belong to several enterprises.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class OrderConfirmSerializer(serializers.Serializer):
    start_date = serializers.DateField()
    contract_number = serializers.CharField(max_length=60)


class OrderReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class OrderOptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class OrderInvoiceSerializer(serializers.Serializer):
    amount = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="Id of a paid amount of the order."
    )
    e_invoice_number = serializers.CharField(max_length=40)


class OrderRevenueSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="Any day of the month reported (its first day is used).")
    revenue = serializers.IntegerField(min_value=0, max_value=10**15)
