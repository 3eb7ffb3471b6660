"""Readiness criteria sets, assessments and recommendations.

Criteria sets are data (matching/data/criteria/*.json, loaded by `load_criteria`, editable in admin).
An assessment never points at the editable rows: it points at a frozen `CriteriaSetVersion`, whose
`content` is a JSON snapshot of the set taken when the assessment started. Results therefore never
change when officers edit the set later.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow
from marketplace.enterprises.models import Enterprise
from marketplace.taxonomy.models import ExpertiseArea


def localised(obj, field: str) -> str:
    """`obj.<field>_en` when the active language is English and it is filled, else `<field>_vi`."""
    getter = obj.get if isinstance(obj, dict) else lambda name, default="": getattr(obj, name, default)
    if (get_language() or "vi").startswith("en") and getter(f"{field}_en", ""):
        return getter(f"{field}_en", "")
    return getter(f"{field}_vi", "")


class CriteriaSet(models.Model):
    BASIC, SECTOR = "basic", "sector"
    KIND_CHOICES = [(BASIC, _("basic set")), (SECTOR, _("in-depth sector set"))]

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES, default=BASIC)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # VSIC 2025 section letters the set is written for (empty for the basic set)
    sector_sections = models.JSONField(_("VSIC sections"), default=list, blank=True)
    edition = models.CharField(_("edition"), max_length=40, blank=True, help_text=_("e.g. 2026.1"))
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")


class Pillar(models.Model):
    """A pillar of one set. `code` equals a taxonomy ExpertiseArea code, which names it."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("criteria set")
    )
    code = models.SlugField(_("code"), max_length=40)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    phase = models.PositiveSmallIntegerField(
        _("roadmap phase"), default=2, help_text=_("1 = foundation, done first; 3 = builds on the others")
    )
    # [{"below": 40, "text_vi": ..., "text_en": ...}, ...]: what to do when the pillar scores below `below`
    actions = models.JSONField(_("roadmap actions"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["criteria_set", "position", "code"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="matching_pillar_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="matching_pillar_weight_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set.code}/{self.code}"

    def clean(self):
        if not ExpertiseArea.objects.filter(code=self.code).exists():
            raise ValidationError({"code": _("Use the code of an expertise area (readiness pillar).")})


class Question(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="questions", verbose_name=_("criteria set")
    )
    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="questions", verbose_name=_("pillar")
    )
    code = models.SlugField(_("code"), max_length=60)
    text_vi = models.TextField(_("question (Vietnamese)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_vi = models.TextField(_("hint (Vietnamese)"), blank=True)
    help_en = models.TextField(_("hint (English)"), blank=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["criteria_set", "position", "code"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="matching_question_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text_vi[:60]}"


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    code = models.SlugField(_("code"), max_length=40)
    text_vi = models.CharField(_("answer (Vietnamese)"), max_length=500)
    text_en = models.CharField(_("answer (English)"), max_length=500, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), validators=[MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["question", "position", "code"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="matching_option_unique")]

    def __str__(self) -> str:
        return f"{self.code} ({self.points})"


class LevelThreshold(models.Model):
    """The overall score from which a readiness level starts (names from taxonomy ReadinessLevel)."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="thresholds", verbose_name=_("criteria set")
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(5)])
    min_score = models.PositiveSmallIntegerField(_("from overall score"), validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["criteria_set", "level"]
        verbose_name = _("level threshold")
        verbose_name_plural = _("level thresholds")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "level"], name="matching_threshold_unique"),
            models.CheckConstraint(condition=models.Q(level__lte=5), name="matching_threshold_level_range"),
            models.CheckConstraint(
                condition=models.Q(min_score__lte=100), name="matching_threshold_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} ≥ {self.min_score}"


class CriteriaSetVersion(models.Model):
    """A frozen snapshot of a set. Created on first use of a given content; never updated afterwards."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="versions", verbose_name=_("criteria set")
    )
    number = models.PositiveIntegerField(_("version number"))
    checksum = models.CharField(max_length=64, verbose_name=_("checksum"))
    content = models.JSONField(verbose_name=_("content"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["criteria_set", "-number"]
        verbose_name = _("criteria set version")
        verbose_name_plural = _("criteria set versions")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="matching_version_number_unique"),
            models.UniqueConstraint(
                fields=["criteria_set", "checksum"], name="matching_version_checksum_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set.code} v{self.number}"


class Assessment(models.Model):
    DRAFT, SUBMITTED = "draft", "submitted"
    STATUS_CHOICES = [(DRAFT, _("in progress")), (SUBMITTED, _("submitted"))]

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("enterprise")
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("criteria set")
    )
    version = models.ForeignKey(
        CriteriaSetVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("criteria set version"),
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    # {question_code: option_code}; validated against version.content by the services
    answers = models.JSONField(default=dict, blank=True, verbose_name=_("answers"))
    overall_score = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, verbose_name=_("overall score")
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("readiness level"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True, verbose_name=_("submitted at"))

    class Meta:
        ordering = ["-submitted_at", "-created_at", "-pk"]
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")
        constraints = [
            # at most one assessment in progress per enterprise and set: "resume" is unambiguous
            models.UniqueConstraint(
                fields=["enterprise", "criteria_set"],
                condition=models.Q(status="draft"),
                name="matching_one_draft_per_set",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(submitted_at__isnull=False)
                    & models.Q(overall_score__isnull=False)
                    & models.Q(level__isnull=False)
                ),
                name="matching_submitted_has_results",
            ),
        ]
        indexes = [
            models.Index(fields=["enterprise", "status", "submitted_at"], name="matching_assess_ent_idx")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.criteria_set.code} · {self.get_status_display()}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.SUBMITTED


# Submitting scores and freezes an assessment; nothing moves it back (a new one is started instead).
ASSESSMENT_WORKFLOW = Workflow(
    noun=_("assessment"),
    states=Assessment.STATUS_CHOICES,
    transitions=[
        Transition(
            "assessment.submit", sources={Assessment.DRAFT}, target=Assessment.SUBMITTED, label=_("submitted")
        ),
    ],
)


class PillarScore(models.Model):
    """One pillar's 0–100 score of a submitted assessment (rows so averages aggregate in SQL)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="pillar_scores", verbose_name=_("assessment")
    )
    pillar_code = models.SlugField(max_length=40, verbose_name=_("pillar"))
    score = models.DecimalField(max_digits=5, decimal_places=1, verbose_name=_("score"))

    class Meta:
        verbose_name = _("pillar score")
        verbose_name_plural = _("pillar scores")
        ordering = ["assessment", "pillar_code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "pillar_code"], name="matching_pillar_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pillar_code}: {self.score}"


class Recommendation(models.Model):
    """A stored, ranked recommendation. Rows make each consultant's recommended load across SMEs known."""

    CONSULTANT, SOLUTION = "consultant", "solution"
    KIND_CHOICES = [(CONSULTANT, _("consultant")), (SOLUTION, _("solution"))]

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("enterprise")
    )
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, verbose_name=_("kind"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object ID"))
    rank = models.PositiveSmallIntegerField(verbose_name=_("rank"))
    score = models.DecimalField(max_digits=5, decimal_places=1, verbose_name=_("score"))
    # [{"code": "sector_fit", "effect": "+"|"-", "params": {...}}]; rendered in the reader's language
    reasons = models.JSONField(default=list, verbose_name=_("reasons"))
    # the score in words ("strong" / "good" / "possible", see scoring.match_label) and per feature
    # {"sector_fit": {"value": 0.8, "weight": 0.2, "points": 16.0}, ...}: the score explained
    label = models.CharField(max_length=10, blank=True, verbose_name=_("match label"))
    breakdown = models.JSONField(default=dict, blank=True, verbose_name=_("score breakdown"))
    computed_at = models.DateTimeField(auto_now=True, verbose_name=_("computed at"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["enterprise", "kind", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "object_id"], name="matching_reco_unique"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="matching_reco_load_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.kind} #{self.object_id} (rank {self.rank})"


class RecommendationState(models.Model):
    """Per enterprise: whether stored recommendations are stale and what inputs they were built from."""

    enterprise = models.OneToOneField(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="recommendation_state",
        verbose_name=_("enterprise"),
    )
    stale = models.BooleanField(default=True, verbose_name=_("needs recomputing"))
    # hash of the inputs (profile, assessment, candidates' change stamp); a mismatch means stale
    fingerprint = models.CharField(max_length=64, blank=True, verbose_name=_("input fingerprint"))
    computed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("computed at"))
    # fitting consultants left out of the last ranking because they are fully booked (capacity bound)
    hidden_at_capacity = models.PositiveSmallIntegerField(default=0, verbose_name=_("hidden at capacity"))

    class Meta:
        verbose_name = _("recommendation state")
        verbose_name_plural = _("recommendation states")

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {'stale' if self.stale else 'fresh'}"


class Dismissal(models.Model):
    """An SME said "not for us" about a consultant or solution; the ranking leaves it out."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="dismissals", verbose_name=_("enterprise")
    )
    kind = models.CharField(max_length=12, choices=Recommendation.KIND_CHOICES, verbose_name=_("kind"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object ID"))
    reason = models.CharField(_("reason"), max_length=500)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dismissed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("dismissed recommendation")
        verbose_name_plural = _("dismissed recommendations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "object_id"], name="matching_dismissal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.kind} #{self.object_id}: {self.reason[:40]}"
