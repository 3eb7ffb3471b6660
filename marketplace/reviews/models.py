"""Verified reviews of consultants and solutions, their reports, and the rating summaries.

A review belongs to one deal (a completed engagement, a held consultation, or a solution order in use
for `REVIEWS_SOLUTION_MIN_DAYS_IN_USE` days): `(deal_kind, deal_id)` is unique, so each deal is
reviewed once. Stars are given on named criteria (`CRITERIA`); the review's `overall` is their mean.
`RatingSummary` holds the aggregates per consultant, firm and solution; it is rewritten in the same
transaction as any review that changes it, and profile, search and matching reads only read it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogue.models import Solution
from consultants.models import Consultant
from marketplace.enterprises.models import Enterprise


class SubjectKind(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    SOLUTION = "solution", _("Solution")


class DealKind(models.TextChoices):
    ENGAGEMENT = "engagement", _("Completed engagement")
    BOOKING = "booking", _("Consultation held")
    ORDER = "order", _("Solution in use")


# the named criteria, in display order
CRITERIA: dict[str, tuple[tuple[str, object], ...]] = {
    SubjectKind.CONSULTANT: (
        ("expertise", _("Expertise")),
        ("communication", _("Communication")),
        ("value", _("Value for money")),
        ("results", _("Results")),
    ),
    SubjectKind.SOLUTION: (
        ("ease_of_use", _("Ease of use")),
        ("support", _("Support")),
        ("value", _("Value for money")),
        ("fit", _("Fit for the business")),
    ),
}


def criterion_label(code: str) -> str:
    for items in CRITERIA.values():
        for key, label in items:
            if key == code:
                return str(label)
    return code


class ReviewStatus(models.TextChoices):
    VISIBLE = "visible", _("Published")
    HIDDEN = "hidden", _("Hidden by the department")


class Review(models.Model):
    subject_kind = models.CharField(_("reviewed"), max_length=12, choices=SubjectKind.choices)
    consultant = models.ForeignKey(
        Consultant, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    solution = models.ForeignKey(
        Solution, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    # the firm the consultant acted for when the review was written (firm aggregates)
    firm_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    deal_kind = models.CharField(_("deal"), max_length=12, choices=DealKind.choices)
    deal_id = models.PositiveBigIntegerField()
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="reviews_written")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("stars per criterion"))
    overall = models.DecimalField(_("overall"), max_digits=3, decimal_places=2)
    text = models.TextField(_("review"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.VISIBLE, editable=False
    )
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    editable_until = models.DateTimeField(_("editable until"))
    reply_text = models.TextField(_("provider's reply"), blank=True)
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reports_open = models.PositiveIntegerField(_("open reports"), default=0)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["deal_kind", "deal_id"], name="review_once_per_deal"),
            models.CheckConstraint(
                condition=Q(subject_kind="consultant", consultant__isnull=False, solution__isnull=True)
                | Q(subject_kind="solution", solution__isnull=False, consultant__isnull=True),
                name="review_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5), name="review_overall_in_range"
            ),
        ]
        indexes = [
            models.Index(fields=["consultant", "status"], name="review_consultant_status"),
            models.Index(fields=["solution", "status"], name="review_solution_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_kind_display()} · {self.overall}★ · {self.enterprise}"

    @property
    def subject(self):
        return self.consultant if self.subject_kind == SubjectKind.CONSULTANT else self.solution

    def score_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.scores.get(code)) for code, label in CRITERIA[self.subject_kind]]


class ReviewReport(models.Model):
    """Someone signed in says a review breaks the rules; an officer looks at it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    resolved_at = models.DateTimeField(_("dealt with at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        constraints = [
            models.UniqueConstraint(fields=["review", "reporter"], name="review_report_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.review_id} · {self.reporter_id}"


class SummaryKind(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    FIRM = "firm", _("Consulting firm")
    SOLUTION = "solution", _("Solution")


class RatingSummary(models.Model):
    """The visible reviews of one consultant, firm or solution, summed up (rewritten on every write)."""

    kind = models.CharField(max_length=12, choices=SummaryKind.choices)
    object_id = models.PositiveBigIntegerField()
    count = models.PositiveIntegerField(default=0)
    mean = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    criteria = models.JSONField(default=dict)  # {criterion: mean}
    # mean of the last REVIEWS_TREND_DAYS and of the same span before it (None: no review in it)
    recent_mean = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    recent_count = models.PositiveIntegerField(default=0)
    previous_mean = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    flagged = models.BooleanField(_("low rating"), default=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="rating_summary_once")]
        verbose_name = _("rating summary")
        verbose_name_plural = _("rating summaries")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.mean} ({self.count})"

    @property
    def trend(self) -> str:
        """ "up", "down" or "" (steady, or too little to compare)."""
        if self.recent_mean is None or self.previous_mean is None:
            return ""
        delta = float(self.recent_mean) - float(self.previous_mean)
        if delta >= 0.3:
            return "up"
        if delta <= -0.3:
            return "down"
        return ""
