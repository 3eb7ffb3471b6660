"""Consultant network: profiles, firms, availability, certification applications and certificates.

Writes go through `consultants.services`; reads through `consultants.selectors`. The certification
state lives on `CertificationApplication.status` and `Certificate.status`; no profile field carries
a badge, so no form or API field can set one.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow
from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, Sector, SolutionCategory
from marketplace.taxonomy.selectors import language_labels


class ServiceMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("In person at the enterprise")
    OFFICE = "office", _("At the consultant's office")
    INNOVATION_CENTRE = "innovation_centre", _("At an innovation centre")


def _codes(value: str) -> list[str]:
    return [code for code in (value or "").split(",") if code]


def _encode_codes(codes) -> str:
    # Stored as ",vi,en," so "contains ,vi," filters work the same on PostgreSQL and SQLite.
    codes = [c for c in dict.fromkeys(codes or []) if c]
    return f",{','.join(codes)}," if codes else ""


class ConsultingFirm(models.Model):
    name = models.CharField(_("firm name"), max_length=200)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    # A household business's tax code is its owner's personal tax code: not published (Decree 13/2023).
    is_household_business = models.BooleanField(_("household business (hộ kinh doanh)"), default=False)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The firm's public contact (published); people are reached through the firm's members' accounts.
    email = models.EmailField(_("public e-mail of the firm"), blank=True)
    phone = models.CharField(_("public phone of the firm"), max_length=20, blank=True)
    ward = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("consulting firm")
        verbose_name_plural = _("consulting firms")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consultants:firm_detail", args=[self.pk])

    @property
    def public_tax_code(self) -> str:
        return "" if self.is_household_business else self.tax_code


class Consultant(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultant_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=150)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(70)]
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors served"))
    expertise = models.ManyToManyField(
        ExpertiseArea, blank=True, related_name="+", verbose_name=_("expertise areas")
    )
    categories = models.ManyToManyField(
        SolutionCategory, blank=True, related_name="+", verbose_name=_("solution categories implemented")
    )
    coverage = models.ManyToManyField(
        AdminUnit, blank=True, related_name="+", verbose_name=_("provinces and wards covered")
    )
    language_codes = models.CharField(_("languages"), max_length=100, blank=True, default=",vi,")
    service_mode_codes = models.CharField(_("service modes"), max_length=100, blank=True, default=",online,")
    hourly_rate = models.PositiveBigIntegerField(_("rate per hour (VND)"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Ho_Chi_Minh")
    photo = models.JSONField(_("photo"), default=dict, blank=True)  # stored names: original, "96", "320"
    is_visible = models.BooleanField(_("visible in the public registry"), default=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        indexes = [models.Index(fields=["is_visible", "hourly_rate"], name="consultant_visible_rate_idx")]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("consultants:profile", args=[self.pk])

    @property
    def languages(self) -> list[str]:
        return _codes(self.language_codes)

    @languages.setter
    def languages(self, codes) -> None:
        self.language_codes = _encode_codes(codes)

    @property
    def service_modes(self) -> list[str]:
        return _codes(self.service_mode_codes)

    @service_modes.setter
    def service_modes(self, codes) -> None:
        self.service_mode_codes = _encode_codes(codes)

    @property
    def language_labels(self) -> list[str]:
        names = language_labels()
        return [names.get(code, code) for code in self.languages]

    @property
    def service_mode_labels(self) -> list[str]:
        return [str(ServiceMode(code).label) for code in self.service_modes if code in ServiceMode.values]

    def photo_url(self, size: str = "320") -> str:
        name = (self.photo or {}).get(size) or (self.photo or {}).get("original")
        return default_storage.url(name) if name else ""


class FirmMembership(models.Model):
    ADMIN, MEMBER = "admin", "member"
    ROLE_CHOICES = [(ADMIN, _("administrator")), (MEMBER, _("member"))]

    firm = models.ForeignKey(
        ConsultingFirm,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("consulting firm"),
    )
    consultant = models.OneToOneField(
        Consultant,
        on_delete=models.CASCADE,
        related_name="firm_membership",
        verbose_name=_("consultant"),
    )  # a consultant acts for at most one firm
    role = models.CharField(_("role"), max_length=10, choices=ROLE_CHOICES, default=MEMBER)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["firm", "role", "pk"]
        verbose_name = _("firm membership")
        verbose_name_plural = _("firm memberships")

    def __str__(self) -> str:
        return f"{self.consultant} @ {self.firm} ({self.role})"


class Package(models.Model):
    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="packages", verbose_name=_("consultant")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveBigIntegerField(_("fixed price (VND)"))
    duration_hours = models.PositiveSmallIntegerField(_("hours included"), default=1)

    class Meta:
        ordering = ["price", "pk"]
        verbose_name = _("fixed-price package")
        verbose_name_plural = _("fixed-price packages")

    def __str__(self) -> str:
        return self.title


class Engagement(models.Model):
    """A past engagement. `client_readiness_level` lets matching weigh track record at a level."""

    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("consultant")
    )
    title = models.CharField(_("title"), max_length=200)
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1980), MaxValueValidator(2100)]
    )
    outcome = models.TextField(_("outcome"), blank=True)
    client_readiness_level = models.PositiveSmallIntegerField(
        _("client's readiness level"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("past engagement")
        verbose_name_plural = _("past engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(client_readiness_level__isnull=True) | Q(client_readiness_level__lte=5),
                name="engagement_readiness_level_0_5",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Qualification(models.Model):
    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("consultant")
    )
    title = models.CharField(_("qualification"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return self.title


class AvailabilityRule(models.Model):
    """Weekly recurring hours, in the consultant's local time zone (Monday = 0)."""

    WEEKDAY_CHOICES = [
        (0, _("Monday")),
        (1, _("Tuesday")),
        (2, _("Wednesday")),
        (3, _("Thursday")),
        (4, _("Friday")),
        (5, _("Saturday")),
        (6, _("Sunday")),
    ]
    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="availability_rules", verbose_name=_("consultant")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAY_CHOICES)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start_time", "pk"]
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="rule_end_after_start"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="rule_weekday_0_6"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class AvailabilityException(models.Model):
    """A dated change: a day (or part of a day) off, or extra hours, in local time."""

    DAY_OFF, EXTRA = "day_off", "extra"
    KIND_CHOICES = [(DAY_OFF, _("Time off")), (EXTRA, _("Extra hours"))]

    consultant = models.ForeignKey(
        Consultant,
        on_delete=models.CASCADE,
        related_name="availability_exceptions",
        verbose_name=_("consultant"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    start_time = models.TimeField(_("from"), null=True, blank=True)  # empty for a whole day off
    end_time = models.TimeField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(start_time__isnull=True) & Q(end_time__isnull=True))
                | Q(end_time__gt=models.F("start_time")),
                name="exception_times_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind="extra") | Q(start_time__isnull=False), name="exception_extra_has_times"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class NetworkCriteria(models.Model):
    """A published version of the network's admission criteria (loaded from consultants/data/)."""

    version = models.CharField(_("criteria version"), max_length=20, unique=True)
    title_vi = models.CharField(max_length=255, verbose_name=_("title (Vietnamese)"))
    title_en = models.CharField(max_length=255, blank=True, verbose_name=_("title (English)"))
    published_on = models.DateField(_("published on"))
    items = models.JSONField(
        default=list, verbose_name=_("criteria items")
    )  # [{"code", "title_vi", "title_en", "description_vi", ...}]
    is_current = models.BooleanField(default=False, verbose_name=_("current"))

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("network criteria")
        verbose_name_plural = _("network criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_criteria"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title_vi} ({self.version})"

    @property
    def title(self) -> str:
        if (get_language() or "vi").startswith("en") and self.title_en:
            return self.title_en
        return self.title_vi

    def localised_items(self) -> list[dict]:
        english = (get_language() or "vi").startswith("en")
        out = []
        for item in self.items:
            out.append(
                {
                    "code": item["code"],
                    "title": (item.get("title_en") if english else None) or item.get("title_vi", ""),
                    "description": (item.get("description_en") if english else None)
                    or item.get("description_vi", ""),
                }
            )
        return out


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    CERTIFIED = "certified", _("Certified")
    REJECTED = "rejected", _("Rejected")


OPEN_APPLICATION_STATUSES = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.CHANGES_REQUESTED,
    ApplicationStatus.RESUBMITTED,
]


class CertificationApplication(models.Model):
    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="applications", verbose_name=_("consultant")
    )
    criteria = models.ForeignKey(
        NetworkCriteria,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("network criteria"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    statement = models.TextField(_("motivation and summary"), blank=True)
    # {criterion code: the applicant's own account of how they meet it}
    criteria_answers = models.JSONField(_("how you meet each criterion"), default=dict, blank=True)
    # {criterion code: bool} ticked by the reviewing officer
    checklist = models.JSONField(default=dict, blank=True, verbose_name=_("officer's checklist"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("certification application")
        verbose_name_plural = _("certification applications")
        constraints = [
            models.UniqueConstraint(
                fields=["consultant"],
                condition=Q(status__in=OPEN_APPLICATION_STATUSES),
                name="one_open_application_per_consultant",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_queue_idx")]

    def __str__(self) -> str:
        return f"{self.consultant} – {self.get_status_display()}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED)


# Network certification: the consultant submits (again after changes were requested); an officer
# takes it into review and decides. Certifying also issues or renews the certificate (services).
APPLICATION_WORKFLOW = Workflow(
    noun=_("application"),
    states=ApplicationStatus.choices,
    transitions=[
        Transition(
            "submit",
            sources={ApplicationStatus.DRAFT},
            target=ApplicationStatus.SUBMITTED,
            label=_("submitted"),
        ),
        Transition(
            "resubmit",
            sources={ApplicationStatus.CHANGES_REQUESTED},
            target=ApplicationStatus.RESUBMITTED,
            label=pgettext_lazy("application", "submitted again"),
        ),
        Transition(
            "start_review",
            sources={ApplicationStatus.SUBMITTED, ApplicationStatus.RESUBMITTED},
            target=ApplicationStatus.UNDER_REVIEW,
            label=_("taken into review"),
        ),
        Transition(
            "certify",
            sources={ApplicationStatus.UNDER_REVIEW},
            target=ApplicationStatus.CERTIFIED,
            label=_("decided"),
        ),
        Transition(
            "reject",
            sources={ApplicationStatus.UNDER_REVIEW},
            target=ApplicationStatus.REJECTED,
            label=_("decided"),
        ),
        Transition(
            "request_changes",
            sources={ApplicationStatus.UNDER_REVIEW},
            target=ApplicationStatus.CHANGES_REQUESTED,
            label=_("decided"),
        ),
    ],
)


class Evidence(models.Model):
    application = models.ForeignKey(
        CertificationApplication,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("application"),
    )
    criterion = models.CharField(_("criterion"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file_name = models.CharField(
        max_length=255, verbose_name=_("stored file name")
    )  # storage name (private prefix)
    original_name = models.CharField(_("file"), max_length=150)
    content_type = models.CharField(max_length=50, verbose_name=_("record type"))
    size = models.PositiveIntegerField(verbose_name=_("file size"))
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")

    def __str__(self) -> str:
        return self.original_name


class Reference(models.Model):
    application = models.ForeignKey(
        CertificationApplication,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    relationship = models.CharField(_("relationship"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self) -> str:
        return self.name


def new_certificate_code() -> str:
    # The codes issued before consultants.codes (16 random bytes, URL-safe); they stay valid. The
    # certification service gives every new certificate a readable code from consultants.codes.
    return secrets.token_urlsafe(16)


class CertificateCounter(models.Model):
    """The last certificate number issued in a year (consultants.codes.certificate_code_allocate)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Certificate(models.Model):
    code = models.CharField(
        max_length=40, unique=True, default=new_certificate_code, editable=False, verbose_name=_("code")
    )
    consultant = models.ForeignKey(
        Consultant, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("consultant")
    )
    application = models.ForeignKey(
        CertificationApplication,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("application"),
    )
    criteria_version = models.CharField(max_length=20, verbose_name=_("criteria version"))
    status = models.CharField(
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACTIVE,
        verbose_name=_("status"),
    )
    issued_at = models.DateTimeField(default=timezone.now, verbose_name=_("issued at"))
    valid_from = models.DateTimeField(verbose_name=_("valid from"))
    valid_until = models.DateTimeField(verbose_name=_("valid until"))
    status_reason = models.TextField(blank=True, verbose_name=_("reason for the status"))
    reminders_sent = models.PositiveSmallIntegerField(default=0, verbose_name=_("reminders sent"))
    renewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("renewed at"))

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            # At most one live certificate per consultant.
            models.UniqueConstraint(
                fields=["consultant"],
                condition=Q(status__in=["active", "suspended"]),
                name="one_live_certificate_per_consultant",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="certificate_dates"
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="certificate_status_until_idx")]

    def __str__(self) -> str:
        return f"{self.code} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("consultants:certificate_check", args=[self.code])

    def public_status(self, now: datetime | None = None) -> str:
        """What the public sees: revoked wins, then expired (by date, before any job ran), then suspended."""
        now = now or timezone.now()
        if self.status == CertificateStatus.REVOKED:
            return CertificateStatus.REVOKED
        if self.status == CertificateStatus.EXPIRED or self.valid_until <= now:
            return CertificateStatus.EXPIRED
        return self.status

    def public_status_label(self) -> str:
        return str(CertificateStatus(self.public_status()).label)


# A certificate is issued active (services); officers suspend, reinstate, revoke and renew it; the daily
# maintenance job (or a new certification finding an overdue one) expires it. Renewal keeps the state
# and extends the end date.
CERTIFICATE_WORKFLOW = Workflow(
    noun=_("certificate"),
    states=CertificateStatus.choices,
    transitions=[
        Transition(
            "suspend",
            sources={CertificateStatus.ACTIVE},
            target=CertificateStatus.SUSPENDED,
            label=pgettext_lazy("certificate", "suspended"),
        ),
        Transition(
            "reinstate",
            sources={CertificateStatus.SUSPENDED},
            target=CertificateStatus.ACTIVE,
            label=pgettext_lazy("certificate", "reinstated"),
        ),
        Transition(
            "revoke",
            sources={CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED},
            target=CertificateStatus.REVOKED,
            label=pgettext_lazy("certificate", "revoked"),
        ),
        Transition(
            "renew",
            sources={CertificateStatus.ACTIVE},
            target=CertificateStatus.ACTIVE,
            label=pgettext_lazy("certificate", "renewed"),
        ),
        Transition(
            "expire",
            sources={CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED},
            target=CertificateStatus.EXPIRED,
            label=pgettext_lazy("certificate", "expired"),
        ),
    ],
)
