"""Training and events: organisers, events (courses, workshops, conferences, competitions), their
sessions, seats for named employees of an enterprise (confirmed or waiting), attendance and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.enterprises.models import Enterprise

# matching's readiness pillar codes (the basic criteria set and the sector sets use the same ones)
PILLARS = (
    ("strategy", _("Strategy")),
    ("customer", _("Customers")),
    ("operations", _("Operations")),
    ("infrastructure", _("Infrastructure")),
    ("data", _("Data")),
    ("culture", _("Culture and people")),
    ("green", _("Green transformation")),
)
PILLAR_CODES = tuple(code for code, _label in PILLARS)


class OrganiserKind(models.TextChoices):
    INNOVATION_CENTRE = "innovation_centre", _("Innovation centre")
    CONSULTANT = "consultant", _("Certified consultant")
    VENDOR = "vendor", _("Vendor (product training)")


class OrganiserStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Organiser(models.Model):
    """Someone other than the department who may publish events, once an officer approved it."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganiserKind.choices)
    about = models.TextField(_("about"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OrganiserStatus.choices, default=OrganiserStatus.PENDING
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="training_organisers")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("training organiser")
        verbose_name_plural = _("training organisers")

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    COURSE = "course", _("Course")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    COMPETITION = "competition", _("Competition")


class Audience(models.TextChoices):
    EXECUTIVES = "executives", _("Chief executives")
    CORE_STAFF = "core_staff", _("Core staff")
    WORKERS = "workers", _("Workers")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    VENUE = "venue", _("At a venue")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    organiser = models.ForeignKey(
        Organiser,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organiser"),
        help_text=_("Empty: the department organises it."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    pillars = models.JSONField(_("readiness pillars"), default=list, blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    fee = models.BigIntegerField(_("fee per seat (VND)"), default=0)
    support_rule = models.CharField(_("support that applies"), max_length=40, default="none")
    language = models.CharField(_("language"), max_length=8, default="vi")
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        constraints = [
            models.CheckConstraint(condition=Q(fee__gte=0), name="training_event_fee_not_negative")
        ]

    def __str__(self) -> str:
        return self.title

    def pillar_labels(self) -> list[str]:
        labels = dict(PILLARS)
        return [str(labels.get(code, code)) for code in self.pillars]


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Ho_Chi_Minh")
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (seats)"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="training_session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="training_session_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.event.title} ({self.starts_at:%Y-%m-%d %H:%M})"


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Seat(models.Model):
    """One named employee of an enterprise at one session. The fee split is a snapshot."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="seats")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="training_seats")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendee_name = models.CharField(_("attendee's name"), max_length=120)
    attendee_email = models.EmailField(_("attendee's e-mail"))
    status = models.CharField(_("status"), max_length=10, choices=SeatStatus.choices)
    queued_at = models.DateTimeField(_("registered at"))  # the waiting list's order (then pk)
    fee = models.BigIntegerField(_("fee (VND)"))
    support = models.BigIntegerField(_("support (VND)"))
    sme_share = models.BigIntegerField(_("enterprise's share (VND)"))
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    certificate_code = models.CharField(max_length=40, unique=True, null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        indexes = [models.Index(fields=["session", "status", "queued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(support__gte=0, sme_share__gte=0, fee=F("support") + F("sme_share")),
                name="training_seat_split_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="training_seat_checked_in_is_confirmed",
            ),
            # one person holds at most one live place (seat or waiting) per session
            models.UniqueConstraint(
                fields=["session", "attendee_email"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="training_seat_one_live_place_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendee_name} @ {self.session_id}"


class Feedback(models.Model):
    seat = models.OneToOneField(Seat, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="training_feedback_rating_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 ({self.seat_id})"
