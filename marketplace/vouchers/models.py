"""Support schemes, calls, applications, vouchers and the budget ledger.

Money is never a stored counter: a call's remaining budget, a voucher's remaining amount, what is
reserved for an amount due, redeemed or disbursed are all sums over `BudgetEntry`, the double-entry,
append-only ledger (see `ledger.py`). Rows here hold decisions (who, when, ceiling, expiry), never
balances.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.enterprises.models import Enterprise

CONSULTING, SOLUTION = "consulting", "solution"  # marketplace.core.support's kinds


class SupportKind(models.TextChoices):
    CONSULTING = CONSULTING, _("Consulting on digital transformation")
    SOLUTION = SOLUTION, _("Renting or buying digital solutions")


class Scheme(models.Model):
    """A support regime: legal basis, period, who is eligible and the rules per kind (data/schemes.json)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    legal_basis = models.TextField(_("legal basis"))
    sources = models.JSONField(_("sources"), default=list, blank=True)
    is_default = models.BooleanField(_("default scheme"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # eligibility: empty lists mean "any"
    size_classes = models.JSONField(_("size classes"), default=list)
    sections = models.JSONField(_("VSIC sections"), default=list, blank=True)
    wards = models.JSONField(_("wards"), default=list, blank=True)
    requires_assessment = models.BooleanField(_("readiness assessment submitted"), default=False)
    requires_complete_profile = models.BooleanField(_("complete profile"), default=False)

    class Meta:
        ordering = ["-is_default", "code"]
        verbose_name = _("support scheme")
        verbose_name_plural = _("support schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="scheme_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def rule_for(self, kind: str, size_class: str) -> SchemeRule | None:
        return next((r for r in self.rules.all() if r.kind == kind and r.size_class == size_class), None)


class SchemeRule(models.Model):
    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="rules", verbose_name=_("support scheme")
    )
    kind = models.CharField(_("kind of support"), max_length=12, choices=SupportKind.choices)
    size_class = models.CharField(_("size class"), max_length=10)
    rate_bp = models.PositiveIntegerField(_("rate (basis points)"))
    cap_per_contract_year = models.BigIntegerField(
        _("cap per contract per year (VND)"), null=True, blank=True
    )
    cap_per_year = models.BigIntegerField(_("cap per enterprise per year (VND)"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["scheme", "kind", "size_class"]
        verbose_name = _("scheme rule")
        verbose_name_plural = _("scheme rules")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind", "size_class"], name="scheme_rule_unique"),
            models.CheckConstraint(
                condition=Q(rate_bp__gt=0, rate_bp__lte=10_000), name="scheme_rule_rate_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.kind} {self.size_class}"


class Call(models.Model):
    """An officer's call for applications (đợt hỗ trợ) under a scheme, with its budget.

    The budget is written to the ledger when the call is opened (one `fund` row); this row keeps the
    figure as decided, for display, never as a balance.
    """

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("support scheme")
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=255)
    budget = models.BigIntegerField(_("budget (VND)"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    voucher_valid_until = models.DateField(_("vouchers valid until"))
    # an application asking for at most this much is approved by rule (0: every application is decided)
    auto_approve_up_to = models.BigIntegerField(_("approve automatically up to (VND)"), default=0)
    # optional quota per ward / VSIC section: {"wards": {"26734": 200000000}, "sections": {"C": 300000000}}
    quotas = models.JSONField(_("quotas"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "code"]
        verbose_name = _("support call")
        verbose_name_plural = _("support calls")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="call_budget_positive"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="call_dates_ordered"),
            models.CheckConstraint(condition=Q(auto_approve_up_to__gte=0), name="call_auto_approve_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("support call")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="voucher_applications",
        verbose_name=_("enterprise"),
    )
    amount_requested = models.BigIntegerField(_("amount requested (VND)"))
    purpose = models.TextField(_("what the support is for"))
    # eligibility facts as they stood when applying (wards and sectors change)
    size_class = models.CharField(_("size class"), max_length=10)
    ward_code = models.CharField(_("ward"), max_length=10)
    section_code = models.CharField(_("VSIC section"), max_length=2)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voucher application")
        verbose_name_plural = _("voucher applications")
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="application_amount_positive"),
            models.UniqueConstraint(
                fields=["call", "enterprise"],
                condition=Q(status__in=["submitted", "approved"]),
                name="application_one_live_per_call",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.call.code}"


class VoucherStatus(models.TextChoices):
    ACTIVE = "active", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Voucher(models.Model):
    """An approved application: a ceiling granted from the call's budget, until an expiry date."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="voucher", verbose_name=_("voucher application")
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("support call")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("enterprise")
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    ceiling = models.BigIntegerField(_("amount granted (VND)"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.ACTIVE
    )
    status_reason = models.TextField(_("reason"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("support voucher")
        verbose_name_plural = _("support vouchers")
        constraints = [models.CheckConstraint(condition=Q(ceiling__gt=0), name="voucher_ceiling_positive")]

    def __str__(self) -> str:
        return self.code


class Account(models.TextChoices):
    """Where support money sits. Every ledger row moves an amount from one account to another."""

    STATE = "state", _("State budget (outside the call)")
    AVAILABLE = "available", _("Call budget not yet granted")
    GRANTED = "granted", _("Granted to a voucher, not yet reserved")
    RESERVED = "reserved", _("Reserved for an amount due")
    REDEEMED = "redeemed", _("Redeemed, owed to the provider")
    DISBURSED = "disbursed", _("Disbursed to the provider")
    CLAWED_BACK = "clawed_back", _("Clawed back from the provider")


class Movement(models.TextChoices):
    FUND = "fund", _("Budget allocated to the call")
    ALLOCATE = "allocate", _("Granted to a voucher")
    RESERVE = "reserve", _("Reserved")
    RELEASE = "release", _("Released")
    REDEEM = "redeem", _("Redeemed")
    DISBURSE = "disburse", _("Disbursed")
    CLAW_BACK = "claw_back", _("Clawed back")
    EXPIRE = "expire", _("Returned to the call at expiry")


class BudgetEntry(models.Model):
    """One movement of support money, never changed or deleted: `amount` leaves `source` for `target`.

    Balances are sums: an account's balance is what entered it minus what left it. The sum over all
    accounts is zero by construction (the state budget account goes negative by what was funded);
    every other account's balance is never below zero (the services lock the call's row first).
    """

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="ledger", verbose_name=_("support call")
    )
    voucher = models.ForeignKey(
        Voucher,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger",
        verbose_name=_("support voucher"),
    )
    # the voucher's enterprise, copied onto every row it names (none on a call's funding): the column
    # the programme's indicator triggers watch, so the support indicators stay current incrementally
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("enterprise"),
    )
    movement = models.CharField(_("movement"), max_length=12, choices=Movement.choices)
    source = models.CharField(_("from account"), max_length=12, choices=Account.choices)
    target = models.CharField(_("to account"), max_length=12, choices=Account.choices)
    amount = models.BigIntegerField(_("amount (VND)"))
    # the amount due the support is for (marketplace.core.deals.DealAmount): key, deal, kind, year
    payable_key = models.CharField(_("amount due"), max_length=80, blank=True, db_index=True)
    contract_key = models.CharField(_("contract"), max_length=80, blank=True)
    kind = models.CharField(_("kind of support"), max_length=12, choices=SupportKind.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    # evidence: the provider's e-invoice number (redeem), the bank's reference (disburse)
    evidence = models.CharField(_("evidence"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget ledger entry")
        verbose_name_plural = _("budget ledger")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_entry_amount_positive"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="budget_entry_moves"),
            models.CheckConstraint(
                condition=Q(movement="fund") | Q(voucher__isnull=False), name="budget_entry_voucher_named"
            ),
        ]
        indexes = [
            models.Index(fields=["call", "voucher"], name="budget_entry_call_voucher"),
            models.Index(fields=["enterprise", "movement"], name="budget_entry_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.movement} {self.amount} {self.source}→{self.target}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("budget ledger rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("budget ledger rows are append-only")
