"""Vendors and their solutions.

The `Solution` row's content columns are what the public sees once it is published: the public pages,
the API, compare, the open-data feed, search and matching all read them (through
`selectors.solutions_public()`). Before the first publication nothing is public, so the vendor edits the
columns directly. Once published, a vendor's edit never touches the columns: it is held in a pending
`SolutionRevision` until an officer approves it, so a pending change can never leak.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.core.tax_codes import validate_tax_code
from marketplace.core.transitions import Transition, Workflow
from marketplace.taxonomy.models import Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_labels

TAX_CODE_REGEX = r"^[0-9]{10}(-[0-9]{3})?$"
MAX_SCREENSHOTS = 8
READINESS_MIN, READINESS_MAX = 0, 5


class Vendor(models.Model):
    """An organisation that lists solutions. Its members manage only its own solutions."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public ID"))
    name = models.CharField(_("organisation name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True, validators=[validate_tax_code])
    website = models.URLField(_("website"), blank=True)
    # Decree 13/2023/NĐ-CP: a named person's contacts are personal data, published only with consent.
    # The contact person is the account's private contact (the vendor's members and officers see it);
    # what the public sees is the organisation's own contact below (a shared mailbox, a switchboard).
    contact_name = models.CharField(_("contact person (not published)"), max_length=150)
    contact_email = models.EmailField(_("contact person's e-mail (not published)"))
    contact_phone = models.CharField(_("contact person's phone (not published)"), max_length=20, blank=True)
    public_email = models.EmailField(_("public e-mail of the organisation"), blank=True)
    public_phone = models.CharField(_("public phone of the organisation"), max_length=20, blank=True)
    # A household business's tax code is its owner's personal tax code (personal data under
    # Decree 13/2023, art. 2), so it is not published; a company's tax code is public registry data.
    is_household_business = models.BooleanField(_("household business (hộ kinh doanh)"), default=False)
    description = models.TextField(_("about the organisation"), blank=True)
    logo = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("logo")
    )  # stored image names by size
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        constraints = [
            models.CheckConstraint(
                condition=Q(tax_code__regex=TAX_CODE_REGEX), name="vendor_tax_code_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:vendor_page", args=[self.pk])

    @property
    def public_tax_code(self) -> str:
        """The tax code as published: a household business's is its owner's, so it stays private."""
        return "" if self.is_household_business else self.tax_code


class VendorMembership(models.Model):
    OWNER, MEMBER = "owner", "member"
    ROLE_CHOICES = [(OWNER, _("owner")), (MEMBER, _("member"))]

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("vendor")
    )
    # the accounts role check reads this reverse name
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vendor_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(max_length=10, choices=ROLE_CHOICES, default=MEMBER, verbose_name=_("role"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("vendor membership")
        verbose_name_plural = _("vendor memberships")
        constraints = [models.UniqueConstraint(fields=["vendor", "user"], name="vendor_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.vendor}"


class PricingModel(models.TextChoices):
    SUBSCRIPTION_MONTHLY = "subscription_monthly", _("Monthly subscription")
    SUBSCRIPTION_YEARLY = "subscription_yearly", _("Yearly subscription")
    ONE_TIME_LICENCE = "one_time_licence", _("One-time licence")
    PAY_PER_USE = "pay_per_use", _("Pay per use")
    FREE_TIER = "free_tier", _("Free tier")
    USE_FIRST_PAY_LATER = "use_first_pay_later", _("Use first, pay later")
    REVENUE_SHARING = "revenue_sharing", _("Revenue sharing")
    CO_INVESTMENT = "co_investment", _("Co-investment")


class Deployment(models.TextChoices):
    SAAS = "saas", _("SaaS (cloud)")
    ON_PREMISES = "on_premises", _("On premises")
    HYBRID = "hybrid", _("Hybrid")


class AiRiskClass(models.TextChoices):
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class Integration(models.TextChoices):
    E_INVOICE = "e_invoice", _("E-invoice providers")
    TAX_AUTHORITY = "tax_authority", _("Tax authority")
    BANKS = "banks", _("Banks")
    E_COMMERCE = "e_commerce", _("E-commerce platforms")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    PAYMENT_GATEWAYS = "payment_gateways", _("Payment gateways")


class Solution(models.Model):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    PUBLISHED = "published"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    STATUS_CHOICES = [
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted for review")),
        (CHANGES_REQUESTED, _("Changes requested")),
        (REJECTED, _("Rejected")),
        (PUBLISHED, _("Published")),
        (SUSPENDED, _("Suspended")),
        (WITHDRAWN, _("Withdrawn")),
    ]
    # states in which the vendor edits the columns directly (nothing of it is public yet)
    EDITABLE_DIRECTLY = (DRAFT, CHANGES_REQUESTED)
    # states in which an approved version exists: edits go to a revision
    HAS_PUBLISHED_VERSION = (PUBLISHED, SUSPENDED)

    public_id = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="solutions", verbose_name=_("vendor")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=DRAFT, editable=False, db_index=True
    )
    status_reason = models.TextField(_("reason of the last decision"), blank=True, editable=False)

    name = models.CharField(_("solution name"), max_length=200)
    short_description = models.CharField(_("short description"), max_length=300)
    description = models.TextField(_("full description"))
    category = models.ForeignKey(
        SolutionCategory, on_delete=models.PROTECT, related_name="solutions", verbose_name=_("category")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="solutions", verbose_name=_("sectors served")
    )
    readiness_min = models.PositiveSmallIntegerField(
        _("lowest readiness level"),
        validators=[MinValueValidator(READINESS_MIN), MaxValueValidator(READINESS_MAX)],
    )
    readiness_max = models.PositiveSmallIntegerField(
        _("highest readiness level"),
        validators=[MinValueValidator(READINESS_MIN), MaxValueValidator(READINESS_MAX)],
    )
    pricing_model = models.CharField(_("pricing model"), max_length=30, choices=PricingModel.choices)
    price = models.PositiveBigIntegerField(_("list price (VND)"))
    billing_unit = models.CharField(_("billing unit"), max_length=80, blank=True)
    deployment = models.CharField(_("deployment"), max_length=20, choices=Deployment.choices)
    languages = models.JSONField(_("supported languages"), default=list, blank=True)
    integrations = models.JSONField(_("integrations"), default=list, blank=True)
    standards = models.JSONField(_("standards and certifications claimed"), default=list, blank=True)
    is_ai = models.BooleanField(_("uses artificial intelligence"), default=False)
    ai_risk_class = models.CharField(
        _("declared AI risk class"), max_length=10, choices=AiRiskClass.choices, blank=True
    )
    ai_risk_explanation = models.TextField(_("AI risk explanation"), blank=True)
    demo_offer = models.CharField(_("demo or trial offer"), max_length=300, blank=True)
    demo_url = models.URLField(_("demo or trial link"), blank=True)
    support_contact = models.CharField(_("support contact"), max_length=200)
    website = models.URLField(_("product website"), blank=True)

    # reviews do not exist yet; compare and search show "no rating yet" while these are empty
    rating_average = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("average rating"),
    )
    rating_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("number of ratings")
    )

    submitted_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("submitted at"))
    published_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("published at"))
    first_published_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("first published at")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(readiness_min__gte=READINESS_MIN)
                & Q(readiness_max__lte=READINESS_MAX)
                & Q(readiness_min__lte=models.F("readiness_max")),
                name="solution_readiness_range",
            ),
            models.CheckConstraint(
                condition=Q(is_ai=False, ai_risk_class="") | Q(is_ai=True) & ~Q(ai_risk_class=""),
                name="solution_ai_risk_declared",
            ),
            models.CheckConstraint(
                condition=~Q(ai_risk_class="high") | ~Q(ai_risk_explanation=""),
                name="solution_high_risk_explained",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "category"], name="solution_status_category"),
            models.Index(fields=["status", "price"], name="solution_status_price"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:solution_page", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == self.PUBLISHED

    @property
    def language_labels(self) -> list[str]:
        labels = language_labels()
        return [str(labels.get(code, code)) for code in self.languages or []]

    @property
    def integration_labels(self) -> list[str]:
        return [
            str(Integration(code).label) for code in self.integrations or [] if code in Integration.values
        ]

    @property
    def readiness_range(self) -> str:
        if self.readiness_min == self.readiness_max:
            return str(self.readiness_min)
        return f"{self.readiness_min}–{self.readiness_max}"


# A solution's publication: the vendor submits, withdraws and reopens; an officer decides on a
# submission and suspends or republishes a published solution.
SOLUTION_WORKFLOW = Workflow(
    noun=_("solution"),
    states=Solution.STATUS_CHOICES,
    transitions=[
        Transition(
            "solution.submit",
            sources={Solution.DRAFT, Solution.CHANGES_REQUESTED},
            target=Solution.SUBMITTED,
            label=_("submitted"),
        ),
        Transition(
            "solution.publish", sources={Solution.SUBMITTED}, target=Solution.PUBLISHED, label=_("published")
        ),
        Transition(
            "solution.reject", sources={Solution.SUBMITTED}, target=Solution.REJECTED, label=_("rejected")
        ),
        Transition(
            "solution.request_changes",
            sources={Solution.SUBMITTED},
            target=Solution.CHANGES_REQUESTED,
            label=_("sent back for changes"),
        ),
        Transition(
            "solution.suspend", sources={Solution.PUBLISHED}, target=Solution.SUSPENDED, label=_("suspended")
        ),
        Transition(
            "solution.republish",
            sources={Solution.SUSPENDED},
            target=Solution.PUBLISHED,
            label=_("republished"),
        ),
        Transition(
            "solution.withdraw",
            sources={
                Solution.DRAFT,
                Solution.SUBMITTED,
                Solution.CHANGES_REQUESTED,
                Solution.PUBLISHED,
                Solution.SUSPENDED,
            },
            target=Solution.WITHDRAWN,
            label=_("withdrawn"),
        ),
        Transition(
            "solution.reopen", sources={Solution.WITHDRAWN}, target=Solution.DRAFT, label=_("reopened")
        ),
    ],
)


class SolutionRevision(models.Model):
    """A vendor's proposed change to a solution that already has a published version.

    `data` holds the whole proposed content (category and sectors as taxonomy codes, screenshots as the
    ordered ids to keep); the published columns stay untouched until an officer approves it.
    """

    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    DISCARDED = "discarded"
    STATE_CHOICES = [
        (PENDING, _("Waiting for review")),
        (CHANGES_REQUESTED, _("Changes requested")),
        (APPROVED, _("Approved")),
        (REJECTED, _("Rejected")),
        (DISCARDED, _("Discarded")),
    ]
    OPEN_STATES = (PENDING, CHANGES_REQUESTED)

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("solution")
    )
    state = models.CharField(
        max_length=20, choices=STATE_CHOICES, default=PENDING, db_index=True, verbose_name=_("state")
    )
    data = models.JSONField(default=dict, verbose_name=_("data"))
    changed_fields = models.JSONField(default=list, verbose_name=_("changed fields"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        verbose_name = _("pending change to a solution")
        verbose_name_plural = _("pending changes to solutions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["solution"],
                condition=Q(state__in=["pending", "changes_requested"]),
                name="solution_one_open_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.solution} · {self.get_state_display()}"


class Screenshot(models.Model):
    """A screenshot of a solution. With `revision` set it belongs to a pending change and is not public."""

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="screenshots", verbose_name=_("solution")
    )
    revision = models.ForeignKey(
        SolutionRevision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="new_screenshots",
        verbose_name=_("pending change"),
    )
    images = models.JSONField(
        default=dict, verbose_name=_("images")
    )  # stored names: {"original": ..., "96": ..., "320": ...}
    width = models.PositiveIntegerField(default=0, verbose_name=_("width"))
    height = models.PositiveIntegerField(default=0, verbose_name=_("height"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.solution} #{self.position}"


# A pending change to a published solution: an officer approves, rejects or sends it back; the vendor
# edits a sent-back change (back to pending) or discards it (withdrawing the solution discards it too).
REVISION_WORKFLOW = Workflow(
    field="state",
    noun=_("change"),
    states=SolutionRevision.STATE_CHOICES,
    transitions=[
        Transition(
            "revision.approve",
            sources={SolutionRevision.PENDING},
            target=SolutionRevision.APPROVED,
            label=pgettext_lazy("change", "approved"),
        ),
        Transition(
            "revision.reject",
            sources={SolutionRevision.PENDING},
            target=SolutionRevision.REJECTED,
            label=_("rejected"),
        ),
        Transition(
            "revision.request_changes",
            sources={SolutionRevision.PENDING},
            target=SolutionRevision.CHANGES_REQUESTED,
            label=_("sent back for changes"),
        ),
        Transition(
            "revision.resubmit",
            sources={SolutionRevision.CHANGES_REQUESTED},
            target=SolutionRevision.PENDING,
            label=pgettext_lazy("change", "sent for review again"),
        ),
        Transition(
            "revision.discard",
            sources=set(SolutionRevision.OPEN_STATES),
            target=SolutionRevision.DISCARDED,
            label=pgettext_lazy("change", "discarded"),
        ),
    ],
)


def basis_points_percent(basis_points: int) -> str:
    """250 → "2,5" (Vietnamese decimal comma; the percent sign is the template's)."""
    whole, rest = divmod(basis_points, 100)
    return f"{whole},{rest:02d}".rstrip("0") if rest else str(whole)


class Billing(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")


class PlanPricing(models.TextChoices):
    """The pricing models the city's plan names, per plan (a solution may offer several)."""

    STANDARD = "standard", _("Standard (paid at the start of each period)")
    PAY_AFTER_USE = "pay_after_use", _("Use first, pay later")
    CO_INVESTMENT = "co_investment", _("Co-investment")
    REVENUE_SHARING = "revenue_sharing", _("Revenue sharing")


class CoInvestor(models.TextChoices):
    VENDOR = "vendor", _("The vendor")
    SPONSOR = "sponsor", _("A sponsor")


class SolutionPlan(models.Model):
    """A plan an SME can order. Plans are part of the solution's reviewed content (`content["plans"]`):
    the rows hold the published (or, before publication, the working) plans; a change to a published
    solution's plans waits in its revision like any other field. A plan taken off the content is
    retired (`is_active=False`), never deleted, because orders point at it.

    Money is whole VND per billing period: `co_investment` of the `price` is borne by the vendor or a
    sponsor; revenue-sharing plans add `revenue_share_basis_points` (1/100 of a percent) of the revenue
    the SME reports.
    """

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="plans", verbose_name=_("solution")
    )
    name = models.CharField(_("plan name"), max_length=120)
    price = models.PositiveBigIntegerField(_("price per billing period (VND)"))
    billing = models.CharField(_("billing"), max_length=10, choices=Billing.choices)
    trial_days = models.PositiveSmallIntegerField(_("trial days"), default=0)
    pricing = models.CharField(
        _("pricing model"), max_length=20, choices=PlanPricing.choices, default=PlanPricing.STANDARD
    )
    co_investment = models.PositiveBigIntegerField(_("co-investment per period (VND)"), default=0)
    co_investor = models.CharField(_("co-investor"), max_length=10, choices=CoInvestor.choices, blank=True)
    sponsor_name = models.CharField(_("sponsor"), max_length=200, blank=True)
    revenue_share_basis_points = models.PositiveIntegerField(
        _("revenue share (basis points)"), default=0, validators=[MaxValueValidator(10_000)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(co_investment__lte=models.F("price")), name="plan_co_investment_within_price"
            ),
            models.CheckConstraint(
                condition=Q(revenue_share_basis_points__lte=10_000), name="plan_revenue_share_at_most_all"
            ),
            models.CheckConstraint(
                condition=Q(pricing="co_investment", co_investment__gt=0) & ~Q(co_investor="")
                | ~Q(pricing="co_investment") & Q(co_investment=0, co_investor=""),
                name="plan_co_investment_only_when_named",
            ),
            models.CheckConstraint(
                condition=Q(pricing="revenue_sharing", revenue_share_basis_points__gt=0)
                | ~Q(pricing="revenue_sharing") & Q(revenue_share_basis_points=0),
                name="plan_revenue_share_only_when_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution} · {self.name}"

    @property
    def revenue_share_percent(self) -> str:
        return basis_points_percent(self.revenue_share_basis_points)

    @property
    def sme_share_per_period(self) -> int:
        return self.price - self.co_investment

    def terms(self) -> dict:
        """The plan's terms as an order snapshots them (a later plan change never alters an order)."""
        return {
            "plan_name": self.name,
            "price": self.price,
            "billing": self.billing,
            "trial_days": self.trial_days,
            "pricing": self.pricing,
            "co_investment": self.co_investment,
            "co_investor": self.co_investor,
            "sponsor_name": self.sponsor_name,
            "revenue_share_basis_points": self.revenue_share_basis_points,
        }
