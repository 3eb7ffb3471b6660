from __future__ import annotations

from rest_framework import serializers

from ..models import Application, BudgetEntry, Call, Scheme, SchemeRule, Voucher


class SchemeRuleSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="consulting or solution")

    class Meta:
        model = SchemeRule
        fields = ["kind", "size_class", "rate_bp", "cap_per_contract_year", "cap_per_year", "source"]
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer):
    rules = SchemeRuleSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "legal_basis",
            "sources",
            "is_default",
            "valid_from",
            "valid_until",
            "size_classes",
            "sections",
            "wards",
            "requires_assessment",
            "requires_complete_profile",
            "rules",
        ]
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    scheme_code = serializers.CharField(source="scheme.code", read_only=True)
    available = serializers.SerializerMethodField(help_text="Budget not yet granted to a voucher (VND).")

    class Meta:
        model = Call
        fields = [
            "id",
            "code",
            "title",
            "scheme",
            "scheme_code",
            "budget",
            "available",
            "opens_on",
            "closes_on",
            "voucher_valid_until",
            "auto_approve_up_to",
            "quotas",
        ]
        read_only_fields = fields

    def get_available(self, call) -> int:
        from .. import ledger

        return ledger.call_available(call)


class CallCreateSerializer(serializers.Serializer):
    scheme = serializers.IntegerField(min_value=1)
    code = serializers.RegexField(r"\S", max_length=40)
    title = serializers.RegexField(r"\S", max_length=255)
    budget = serializers.IntegerField(min_value=1, max_value=10**13)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    voucher_valid_until = serializers.DateField()
    auto_approve_up_to = serializers.IntegerField(min_value=0, max_value=10**13, required=False, default=0)
    quotas = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=10**13)),
        required=False,
        help_text='{"wards": {"<ward code>": VND}, "sections": {"<VSIC section>": VND}}',
    )


class VoucherApplicationSerializer(serializers.ModelSerializer):
    call_code = serializers.CharField(source="call.code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    voucher_code = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "call_code",
            "enterprise",
            "enterprise_name",
            "amount_requested",
            "purpose",
            "size_class",
            "ward_code",
            "section_code",
            "status",
            "status_reason",
            "decided_at",
            "created_at",
            "voucher_code",
        ]
        read_only_fields = fields

    def get_voucher_code(self, application) -> str | None:
        voucher = getattr(application, "voucher", None) if application.status == "approved" else None
        return voucher.code if voucher else None


class VoucherApplicationCreateSerializer(serializers.Serializer):
    call = serializers.IntegerField(min_value=1)
    enterprise = serializers.IntegerField(min_value=1, required=False)
    amount_requested = serializers.IntegerField(min_value=1, max_value=10**13)
    purpose = serializers.RegexField(r"\S", max_length=4000)


class VoucherApproveSerializer(serializers.Serializer):
    ceiling = serializers.IntegerField(min_value=1, max_value=10**13, required=False)
    valid_until = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class VoucherReasonSerializer(serializers.Serializer):
    reason = serializers.RegexField(r"\S", max_length=500)


class VoucherSerializer(serializers.ModelSerializer):
    call_code = serializers.CharField(source="call.code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    balance = serializers.SerializerMethodField()

    class Meta:
        model = Voucher
        fields = [
            "id",
            "code",
            "call",
            "call_code",
            "enterprise",
            "enterprise_name",
            "ceiling",
            "valid_until",
            "status",
            "issued_at",
            "balance",
        ]
        read_only_fields = fields

    def get_balance(self, voucher) -> dict[str, int]:
        from .. import selectors

        return selectors.voucher_balance(voucher).__dict__


class VerificationSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    enterprise_name = serializers.CharField()
    call_code = serializers.CharField()
    call_title = serializers.CharField()
    scheme_code = serializers.CharField()
    ceiling = serializers.IntegerField()
    valid_until = serializers.DateField()


class BudgetEntrySerializer(serializers.ModelSerializer):
    movement = serializers.CharField(
        read_only=True, help_text="fund, allocate, reserve, release, redeem, disburse, claw_back, expire"
    )
    source = serializers.CharField(
        read_only=True,
        help_text="The account the amount leaves (state, available, granted, reserved, redeemed, disbursed, clawed_back).",
    )
    target = serializers.CharField(read_only=True, help_text="The account the amount enters.")
    kind = serializers.CharField(
        read_only=True, help_text="consulting or solution (empty for budget movements)."
    )
    call_code = serializers.CharField(source="call.code", read_only=True)
    voucher_code = serializers.CharField(source="voucher.code", read_only=True, default=None, allow_null=True)
    created_by_email = serializers.CharField(
        source="created_by.email", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = BudgetEntry
        fields = [
            "id",
            "call",
            "call_code",
            "voucher",
            "voucher_code",
            "movement",
            "source",
            "target",
            "amount",
            "payable_key",
            "contract_key",
            "kind",
            "year",
            "provider",
            "evidence",
            "reason",
            "created_by_email",
            "created_at",
        ]
        read_only_fields = fields


NOT_BLANK = r"\S"  # at least one character that is not a space


class RedeemSerializer(serializers.Serializer):
    payable_key = serializers.RegexField(NOT_BLANK, max_length=80)
    e_invoice_number = serializers.RegexField(
        NOT_BLANK, max_length=64, help_text="The provider's e-invoice number: the evidence, required."
    )


class DisburseSerializer(serializers.Serializer):
    payable_key = serializers.RegexField(NOT_BLANK, max_length=80)
    bank_reference = serializers.RegexField(NOT_BLANK, max_length=64)


class ClawBackSerializer(serializers.Serializer):
    payable_key = serializers.RegexField(NOT_BLANK, max_length=80)
    reason = serializers.RegexField(NOT_BLANK, max_length=500)
