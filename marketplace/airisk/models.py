"""AI risk classification: questionnaire versions, classifications of AI systems, review requests.

The questionnaire and its rules are data (`data/questionnaire.json`); a `QuestionnaireVersion` freezes
one content (numbered, identified by its checksum) the first time a classification uses it, and a
classification keeps the version it was answered on, so a new version never changes an old result.

A classification belongs to one enterprise (an SME classifies a system it uses or builds) or to one
vendor (optionally for one of its catalogue solutions). Its provisional class, reasons and
obligations are computed by `rules.evaluate` when the owner asks for the result, and stored with it.
A certified consultant with AI expertise may then review it: the review request records who decided
what, when, and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.models import Solution, Vendor
from consultants.models import Consultant
from marketplace.core.transitions import Transition, Workflow
from marketplace.enterprises.models import Enterprise


class RiskClass(models.TextChoices):
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class QuestionnaireVersion(models.Model):
    """A frozen questionnaire content. Created on first use of a content; never updated afterwards."""

    code = models.CharField(_("questionnaire"), max_length=60)
    number = models.PositiveIntegerField(_("version number"))
    checksum = models.CharField(_("checksum"), max_length=64)
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="airisk_version_number_unique"),
            models.UniqueConstraint(fields=["code", "checksum"], name="airisk_version_checksum_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.number}"


class ClassificationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROVISIONAL = "provisional", _("Provisional class")
    REVIEW_REQUESTED = "review_requested", _("Review requested")
    REVIEWED = "reviewed", _("Reviewed")


class Classification(models.Model):
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ai_classifications",
        verbose_name=_("enterprise"),
    )
    vendor = models.ForeignKey(
        Vendor,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ai_classifications",
        verbose_name=_("vendor"),
    )
    solution = models.ForeignKey(
        Solution,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ai_classifications",
        verbose_name=_("catalogue solution"),
    )
    name = models.CharField(_("AI system name"), max_length=200)
    description = models.TextField(_("what the system does"), blank=True)
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="classifications",
        verbose_name=_("questionnaire version"),
    )
    # {question code: option code | [option codes]}; validated against version.content by the services
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ClassificationStatus.choices, default=ClassificationStatus.DRAFT
    )
    provisional_class = models.CharField(
        _("provisional class"), max_length=10, choices=RiskClass.choices, blank=True
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    flags = models.JSONField(_("warnings"), default=list, blank=True)
    obligations = models.JSONField(_("obligations"), default=list, blank=True)
    final_class = models.CharField(
        _("class after review"), max_length=10, choices=RiskClass.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("classified by"),
    )
    classified_at = models.DateTimeField(_("classified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("AI system classification")
        verbose_name_plural = _("AI system classifications")
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False, vendor__isnull=True, solution__isnull=True))
                | Q(enterprise__isnull=True, vendor__isnull=False),
                name="airisk_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(status=ClassificationStatus.DRAFT) | ~Q(provisional_class=""),
                name="airisk_classified_has_class",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClassificationStatus.REVIEWED) | ~Q(final_class=""),
                name="airisk_reviewed_has_final_class",
            ),
        ]
        indexes = [models.Index(fields=["solution", "status"], name="airisk_solution_status_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("airisk:detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.vendor.name

    @property
    def effective_class(self) -> str:
        return self.final_class or self.provisional_class

    def get_effective_class_display(self) -> str:
        return str(RiskClass(self.effective_class).label) if self.effective_class else ""


CLASSIFY = "classification.classify"
REOPEN = "classification.reopen"
REQUEST_REVIEW = "classification.request_review"
WITHDRAW = "classification.withdraw_review"
DECLINE = "classification.review_decline"
DECIDE = "classification.review_decide"

_S = ClassificationStatus
CLASSIFICATION_WORKFLOW = Workflow(
    noun=_("classification"),
    states=_S.choices,
    transitions=[
        Transition(CLASSIFY, sources={_S.DRAFT}, target=_S.PROVISIONAL, label=_("classified")),
        Transition(REOPEN, sources={_S.PROVISIONAL}, target=_S.DRAFT, label=_("reopened")),
        Transition(
            REQUEST_REVIEW, sources={_S.PROVISIONAL}, target=_S.REVIEW_REQUESTED, label=_("sent for review")
        ),
        Transition(WITHDRAW, sources={_S.REVIEW_REQUESTED}, target=_S.PROVISIONAL, label=_("withdrawn")),
        Transition(DECLINE, sources={_S.REVIEW_REQUESTED}, target=_S.PROVISIONAL, label=_("declined")),
        Transition(DECIDE, sources={_S.REVIEW_REQUESTED}, target=_S.REVIEWED, label=_("reviewed")),
    ],
)


class ReviewStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the consultant")
    CONFIRMED = "confirmed", _("Class confirmed")
    CHANGED = "changed", _("Class changed")
    DECLINED = "declined", _("Declined by the consultant")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewRequest(models.Model):
    classification = models.ForeignKey(
        Classification,
        on_delete=models.CASCADE,
        related_name="review_requests",
        verbose_name=_("classification"),
    )
    consultant = models.ForeignKey(
        Consultant, on_delete=models.PROTECT, related_name="ai_review_requests", verbose_name=_("consultant")
    )
    message = models.TextField(_("message to the consultant"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.REQUESTED
    )
    class_before = models.CharField(_("class before review"), max_length=10, choices=RiskClass.choices)
    decided_class = models.CharField(_("class decided"), max_length=10, choices=RiskClass.choices, blank=True)
    note = models.TextField(_("consultant's note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        constraints = [
            models.UniqueConstraint(
                fields=["classification"],
                condition=Q(status="requested"),
                name="airisk_one_open_review",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "changed"]) | ~Q(decided_class=""),
                name="airisk_decided_has_class",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.classification} → {self.consultant}"
