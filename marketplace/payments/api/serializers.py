from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import registry, selectors, vietqr
from ..models import Payment, PaymentMethod


class PaymentCreateSerializer(serializers.Serializer):
    """What to pay and how; the amount and split come from what is due, never from the request."""

    # the kinds the apps registered when they started (payments.registry): set per instance, so
    # the schema lists every registered kind and a new payable needs no change here
    payable_kind = serializers.ChoiceField(
        choices=["milestone"], default="milestone", help_text="What is paid."
    )
    payable_id = serializers.IntegerField(min_value=1, max_value=2**62)
    method = serializers.ChoiceField(choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payable_kind"].choices = registry.kinds() or ["milestone"]


class MarkReceivedSerializer(serializers.Serializer):
    bank_reference = serializers.CharField(max_length=64)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True)


class RefundSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, max_value=10**13)
    reason = serializers.CharField(max_length=255)
    bank_reference = serializers.CharField(max_length=128, required=False, allow_blank=True)


class StatementSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV with amount, description (and reference) columns.")


class TransferSerializer(serializers.Serializer):
    bank_bin = serializers.CharField()
    account_number = serializers.CharField()
    account_name = serializers.CharField()
    amount = serializers.IntegerField()
    reference = serializers.CharField()
    payload = serializers.CharField(help_text="The VietQR (NAPAS/EMVCo) payload, CRC included.")


class PaymentSerializer(serializers.ModelSerializer):
    transfer = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = [
            "id",
            "description",
            "price",
            "co_investment",
            "support",
            "sme_share",
            "method",
            "status",
            "reference",
            "bank_reference",
            "refunded_amount",
            "created_at",
            "paid_at",
            "transfer",
            "card_error",
        ]

    card_error = serializers.SerializerMethodField(
        help_text="Why the last card attempt failed, in the reader's language (empty when none)."
    )

    def get_card_error(self, payment) -> str:
        return selectors.card_error_message(payment.card_error) if payment.status == "pending" else ""

    @extend_schema_field(TransferSerializer(allow_null=True))
    def get_transfer(self, payment):
        transfer = selectors.transfer_of(payment)
        if transfer is None:
            return None
        return {
            "bank_bin": transfer.bank_bin,
            "account_number": transfer.account_number,
            "account_name": settings.PAYMENTS_BANK_ACCOUNT_NAME,
            "amount": transfer.amount,
            "reference": transfer.reference,
            "payload": vietqr.encode(transfer),
        }


class CardConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=120, help_text="The card token Stripe.js made (tok_...).")


class CardResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["processing", "requires_action", "declined"])
    message = serializers.CharField(allow_blank=True)
    code = serializers.CharField(allow_blank=True)
    client_secret = serializers.CharField(
        allow_blank=True, help_text="Only with requires_action: for Stripe.js to finish the bank's check."
    )


class WebhookResultSerializer(serializers.Serializer):
    received = serializers.CharField(help_text="The event id.")
    duplicate = serializers.BooleanField()
    outcome = serializers.CharField(allow_blank=True)
