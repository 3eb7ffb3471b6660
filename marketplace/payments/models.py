"""Payments: one row per amount due (with its split), and an append-only ledger of every movement.

A payment settles a *payable* of another app (a milestone, an order's period...), referenced by
content type + id, so this app imports none of them: they register in `payments.registry`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.enterprises.models import Enterprise


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer (VietQR)")
    CARD = "card", _("Card")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    SUCCEEDED = "succeeded", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
    REFUNDED = "refunded", _("Refunded")


# a payable has at most one payment in these states (a second "pay" returns the first)
LIVE_STATUSES = (PaymentStatus.PENDING, PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED)


class Payment(models.Model):
    payable_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    payable_id = models.PositiveBigIntegerField()
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="payments")
    description = models.CharField(_("description"), max_length=255)
    # the split, frozen when the payment is created (marketplace.payments.split)
    price = models.BigIntegerField(_("price"))
    co_investment = models.BigIntegerField(_("co-investment"), default=0)
    support = models.BigIntegerField(_("support"), default=0)
    sme_share = models.BigIntegerField(_("to pay"))
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    # what the payer writes in the transfer's content; the statement import matches on it
    reference = models.CharField(_("transfer reference"), max_length=16, unique=True)
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    refunded_amount = models.BigIntegerField(_("refunded"), default=0)
    idempotency_key = models.CharField(max_length=255)
    # card payments: the Stripe PaymentIntent of the current attempt (a declined card may be retried
    # on a new one) and the last decline, shown to the payer; the client secret is never stored
    stripe_payment_intent = models.CharField(max_length=64, blank=True, db_index=True)
    card_attempts = models.PositiveSmallIntegerField(default=0)
    card_error = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sme_share=F("price") - F("co_investment") - F("support")),
                name="payment_split_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(co_investment__gte=0, support__gte=0, sme_share__gt=0),
                name="payment_split_parts_valid",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=F("sme_share")),
                name="payment_refund_within_paid",
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"], name="payment_idempotency_key_unique"
            ),
            models.UniqueConstraint(
                fields=["payable_type", "payable_id"],
                condition=Q(status__in=["pending", "succeeded", "partially_refunded"]),
                name="payment_one_live_per_payable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.description}"


class LedgerKind(models.TextChoices):
    RECEIVED = "received", _("Received from the enterprise")
    REFUND = "refund", _("Refunded to the enterprise")
    OWED_TO_PROVIDER = "owed", _("Owed to the provider")
    PAYOUT = "payout", _("Paid out to the provider")


class LedgerEntry(models.Model):
    """One movement of money, never changed or deleted: balances are sums of rows."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(max_length=10, choices=LedgerKind.choices)
    amount = models.BigIntegerField()
    # the outside world's id for the movement (bank reference, Stripe id): one row per movement
    external_reference = models.CharField(max_length=128, blank=True)
    note = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            models.UniqueConstraint(
                fields=["kind", "external_reference"],
                condition=~Q(external_reference=""),
                name="ledger_movement_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        # append-only: a row is written once (the database has no update path in the services either)
        if self.pk is not None:
            raise ValueError("ledger rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ledger rows are append-only")


class StripeEvent(models.Model):
    """Each Stripe webhook event stored once (its id is unique), then processed once under a row lock.

    An event that arrives before what it depends on (a refund before the payment succeeded) stays
    unprocessed and is processed when the payment succeeds.
    """

    event_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=64)
    payload = models.JSONField()
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="stripe_events"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    deliveries = models.PositiveIntegerField(default=1)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
