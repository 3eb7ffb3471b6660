"""Solution orders: an SME adopts a plan of a published solution, and the amounts that fall due.

An order snapshots the plan's terms when it is placed (a later, reviewed change to the plan applies to
new orders only). Amounts due are recorded here, one row per billing period or revenue report, with
the split already made (`marketplace.payments.split.split_amount`); turning them into payments belongs to payments.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.models import (
    Billing,
    CoInvestor,
    PlanPricing,
    Solution,
    SolutionPlan,
    Vendor,
    basis_points_percent,
)
from marketplace.enterprises.models import Enterprise


class OrderStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the vendor")
    DECLINED = "declined", _("Declined by the vendor")
    WITHDRAWN = "withdrawn", _("Withdrawn by the enterprise")
    ACTIVE = "active", _("Active")
    IN_USE = "in_use", _("In use")
    CANCELLED = "cancelled", _("Cancelled by the enterprise")
    ENDED = "ended", _("Ended")


class Order(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="solution_orders", verbose_name=_("enterprise")
    )
    plan = models.ForeignKey(
        SolutionPlan, on_delete=models.PROTECT, related_name="orders", verbose_name=_("plan")
    )
    # denormalised from the plan so vendors' lists and the indicators filter without joins
    solution = models.ForeignKey(
        Solution, on_delete=models.PROTECT, related_name="orders", verbose_name=_("solution")
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="orders", verbose_name=_("vendor")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.REQUESTED,
        editable=False,
        db_index=True,
    )
    status_reason = models.TextField(_("reason of the last change"), blank=True, editable=False)
    note = models.TextField(_("message to the vendor"), blank=True)

    # the plan's terms, as ordered
    plan_name = models.CharField(_("plan name"), max_length=120)
    price = models.PositiveBigIntegerField(_("price per billing period (VND)"))
    billing = models.CharField(_("billing"), max_length=10, choices=Billing.choices)
    trial_days = models.PositiveSmallIntegerField(_("trial days"), default=0)
    pricing = models.CharField(_("pricing model"), max_length=20, choices=PlanPricing.choices)
    co_investment = models.PositiveBigIntegerField(_("co-investment per period (VND)"), default=0)
    co_investor = models.CharField(_("co-investor"), max_length=10, choices=CoInvestor.choices, blank=True)
    sponsor_name = models.CharField(_("sponsor"), max_length=200, blank=True)
    revenue_share_basis_points = models.PositiveIntegerField(_("revenue share (basis points)"), default=0)

    # set when the vendor confirms
    start_date = models.DateField(_("start date"), null=True, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    trial_ends_on = models.DateField(_("trial ends on"), null=True, blank=True)
    # the first day of the next period not yet recorded as due (None: nothing more to bill)
    next_period_start = models.DateField(_("next period starts"), null=True, blank=True)
    periods_recorded = models.PositiveIntegerField(_("periods recorded"), default=0)

    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ordered by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    in_use_at = models.DateTimeField(_("confirmed in use at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("solution order")
        verbose_name_plural = _("solution orders")
        constraints = [
            models.CheckConstraint(
                condition=Q(co_investment__lte=F("price")), name="order_co_investment_within_price"
            ),
            # one open order per enterprise and plan: a double click orders once
            models.UniqueConstraint(
                fields=["enterprise", "plan"],
                condition=Q(status__in=["requested", "active", "in_use"]),
                name="order_one_open_per_plan",
            ),
            models.UniqueConstraint(
                fields=["vendor", "contract_number"],
                condition=~Q(contract_number=""),
                name="order_contract_number_unique_per_vendor",
            ),
        ]
        indexes = [models.Index(fields=["vendor", "status"], name="order_vendor_status")]

    def __str__(self) -> str:
        return f"{self.solution} · {self.plan_name} · {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", args=[self.pk])

    @property
    def is_recurring(self) -> bool:
        return self.billing != Billing.ONE_OFF

    @property
    def revenue_share_percent(self) -> str:
        return basis_points_percent(self.revenue_share_basis_points)

    @property
    def sme_share_per_period(self) -> int:
        return self.price - self.co_investment


class AmountKind(models.TextChoices):
    PERIOD = "period", _("Billing period")
    REVENUE_SHARE = "revenue_share", _("Revenue share")


class AmountStatus(models.TextChoices):
    DUE = "due", _("Due")
    CANCELLED = "cancelled", _("Cancelled")
    PAID = "paid", _("Paid")


class AmountDue(models.Model):
    """One amount an order owes: a billing period or a revenue-share instalment, split already.

    `co_investment + support + sme_share = price` is a database constraint. Rows are never edited
    except to cancel one that had not fallen due when the order closed, or to mark one paid (through
    `AMOUNT_WORKFLOW`, when its payment is received; see `payables.py`).
    """

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="amounts", verbose_name=_("order")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AmountKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AmountStatus.choices, default=AmountStatus.DUE, db_index=True
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends (exclusive)"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    price = models.PositiveBigIntegerField(_("amount (VND)"))
    co_investment = models.PositiveBigIntegerField(_("co-investment (VND)"), default=0)
    support = models.PositiveBigIntegerField(_("support (VND)"), default=0)
    sme_share = models.PositiveBigIntegerField(_("enterprise's share (VND)"))
    revenue = models.PositiveBigIntegerField(_("revenue reported (VND)"), null=True, blank=True)
    # the vendor's e-invoice (hóa đơn điện tử) for a paid amount: the evidence support is redeemed on
    e_invoice_number = models.CharField(_("e-invoice number"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("amount due")
        verbose_name_plural = _("amounts due")
        constraints = [
            models.CheckConstraint(
                condition=Q(price=F("co_investment") + F("support") + F("sme_share")),
                name="amount_split_adds_up",
            ),
            # a period or a month's revenue is recorded once, however often renewal runs
            models.UniqueConstraint(fields=["order", "kind", "period_start"], name="amount_once_per_period"),
            models.CheckConstraint(
                condition=Q(kind="period", revenue__isnull=True)
                | Q(kind="revenue_share", revenue__isnull=False),
                name="amount_revenue_only_for_revenue_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.period_start} · {self.price}"
