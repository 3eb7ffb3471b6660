"""Measured impact: re-assessment invitations, T0→T1 measurements, their attribution to deals, summaries.

A *measurement* pairs two submitted assessments of one enterprise with the same criteria set: T0 (the
earlier) and T1 (the next one). It is *attributed* to every deal of that enterprise completed between
T0 and T1 (a completed engagement, a held consultation, a solution confirmed in use), each with the
pillars that deal addressed. `ImpactSummary` sums the attributions up per consultant, firm and
solution; it is rewritten when a measurement is recorded, never computed when a profile is read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.enterprises.models import Enterprise
from marketplace.reviews.models import DealKind, SummaryKind
from matching.models import Assessment, CriteriaSet


class InvitationStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for the re-assessment date")
    MEASURED = "measured", _("Re-assessed")


class Invitation(models.Model):
    """The SME is asked to re-assess `IMPACT_REASSESS_DAYS` after a deal completed, with the same
    criteria set as its assessment before the deal; reminders follow (`impact.remind`)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="impact_invitations")
    deal_kind = models.CharField(max_length=12, choices=DealKind.choices)
    deal_id = models.PositiveBigIntegerField()
    completed_at = models.DateTimeField(_("deal completed at"))
    criteria_set = models.ForeignKey(
        CriteriaSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    baseline = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField(_("re-assess from"))
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.WAITING
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["deal_kind", "deal_id"], name="impact_invitation_once")
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="impact_invitation_due")]

    def __str__(self) -> str:
        return f"{self.deal_kind}:{self.deal_id} → {self.due_at:%Y-%m-%d}"


class Measurement(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="impact_measurements")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    t0 = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    t1 = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="impact_measurement")
    level_t0 = models.PositiveSmallIntegerField()
    level_t1 = models.PositiveSmallIntegerField()
    # {pillar: {"t0": score, "t1": score, "level_t0": n, "level_t1": n}}
    pillars = models.JSONField(default=dict)
    measured_at = models.DateTimeField()  # T1's submission
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-measured_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.level_t0}→{self.level_t1}"

    @property
    def level_change(self) -> int:
        return self.level_t1 - self.level_t0


class Attribution(models.Model):
    """One deal completed between T0 and T1, credited with the measurement."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="attributions")
    deal_kind = models.CharField(max_length=12, choices=DealKind.choices)
    deal_id = models.PositiveBigIntegerField()
    consultant_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    firm_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    solution_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    pillars = models.JSONField(default=list)  # the pillars the deal addressed (measured ones only)
    level_change = models.SmallIntegerField()  # overall level, T1 − T0
    addressed_level_change = models.DecimalField(max_digits=4, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "deal_kind", "deal_id"], name="impact_attribution_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deal_kind}:{self.deal_id} {self.addressed_level_change:+}"


class ImpactSummary(models.Model):
    kind = models.CharField(max_length=12, choices=SummaryKind.choices)
    object_id = models.PositiveBigIntegerField()
    n = models.PositiveIntegerField(default=0)  # SMEs measured (each once: its latest measurement)
    mean_level_change = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    mean_addressed_level_change = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    # 95% Student-t interval of the mean addressed change (None below two SMEs)
    low = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    enough = models.BooleanField(default=False)  # n ≥ IMPACT_MIN_MEASURED
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="impact_summary_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} n={self.n}"


class DesignationStatus(models.TextChoices):
    DESIGNATED = "designated", _("Designated exemplary")
    WITHDRAWN = "withdrawn", _("Designation withdrawn")


class Designation(models.Model):
    """An officer's designation of an exemplary SME (doanh nghiệp tiêu biểu), with its reason.

    The showcase page is public only while designated *and* with the enterprise's consent to publish
    (Decree 13/2023): the story is written by the enterprise, which can take its consent back.
    """

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="exemplary_designation"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DesignationStatus.choices, default=DesignationStatus.DESIGNATED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    designated_at = models.DateTimeField(_("designated at"))
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consent_to_publish = models.BooleanField(_("consent to publish the showcase"), default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    story = models.TextField(_("our story"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-designated_at", "-pk"]
        verbose_name = _("exemplary SME designation")
        verbose_name_plural = _("exemplary SME designations")

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.status})"

    @property
    def is_public(self) -> bool:
        return self.status == DesignationStatus.DESIGNATED and self.consent_to_publish
