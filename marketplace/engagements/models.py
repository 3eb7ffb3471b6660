"""Consulting engagements (hợp đồng tư vấn): a versioned proposal, its recorded acceptance, milestones.

A proposal version is written once and never changed: a revision is a new version. Accepting records
who accepted, when, and the exact version; the accepted version's milestones are then copied into
`Milestone` rows, which carry delivery, review, dispute and settlement. States change only through
`marketplace.engagements.workflow` (the shared transition toolkit).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from marketplace.enterprises.models import Enterprise


class EngagementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended early")


class Party(models.TextChoices):
    SME = "sme", _("The enterprise")
    PROVIDER = "provider", _("The consultant")


class Engagement(models.Model):
    """A consulting contract (not `consultants.Engagement`, a line of a consultant's track record)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="engagements")
    consultant = models.ForeignKey(Consultant, on_delete=models.PROTECT, related_name="contracts")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.PROPOSED
    )
    # the recorded acceptance: who, when, exactly which version
    accepted_version = models.OneToOneField(
        "ProposalVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    ended_by = models.CharField(_("ended by"), max_length=10, choices=Party.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_version__isnull=True)
                | Q(accepted_by__isnull=False, accepted_at__isnull=False),
                name="engagement_acceptance_recorded",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProposalVersion(models.Model):
    """One version of the proposal, as the SME saw it. Written once; a revision is a new row."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    scope = models.TextField(_("scope"))
    # the pillars / roadmap items the work addresses (criteria pillar codes or roadmap item titles)
    pillars = models.JSONField(_("pillars and roadmap items"), default=list, blank=True)
    deliverables = models.TextField(_("deliverables"))
    # [{"title": str, "due_date": "YYYY-MM-DD", "amount": int}, ...] in order; amounts in VND
    milestones = models.JSONField(_("milestones"))
    total = models.BigIntegerField(_("total price (VND)"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["engagement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="proposal_version_unique"),
            models.CheckConstraint(condition=Q(total__gt=0), name="proposal_total_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="proposal_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement} v{self.number}"


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Not delivered yet")
    DELIVERED = "delivered", _("Delivered, awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    DISPUTED = "disputed", _("Disputed")
    PARTIAL = "partial", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# a settled milestone owes exactly `settled_amount` (0 when rejected or cancelled)
SETTLED_STATUSES = (
    MilestoneStatus.ACCEPTED,
    MilestoneStatus.PARTIAL,
    MilestoneStatus.REJECTED,
    MilestoneStatus.CANCELLED,
)


class Milestone(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"))
    amount = models.BigIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    delivery_note = models.TextField(_("delivery note"), blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # silence accepts: after this moment a scheduled task accepts the delivery
    review_due_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    # what the SME owes for this milestone once settled (the amount, a partial amount, or 0)
    settled_amount = models.BigIntegerField(null=True, blank=True)
    # hóa đơn điện tử: issued by the seller (the provider) for the amount paid
    e_invoice_number = models.CharField(_("e-invoice number"), max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["engagement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "position"], name="milestone_position_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="milestone_amount_positive"),
            models.CheckConstraint(
                condition=Q(settled_amount__isnull=True)
                | Q(settled_amount__gte=0, settled_amount__lte=F("amount")),
                name="milestone_settled_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES


class Evidence(models.Model):
    """A file delivered with a milestone, through the document intake (stored under a content hash)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="evidence")
    file_name = models.CharField(max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["milestone", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.file_name
