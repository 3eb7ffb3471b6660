"""Bookings of a consultant's time: a held slot, its answer, what happened, and its messages.

The state lives on `Booking.status` and changes only through `consultants.bookings.workflow`
(the shared transition toolkit). "Holding" states keep the slot: no two holding bookings of one
consultant overlap — an exclusion constraint on PostgreSQL, a serialised check-and-insert on SQLite.
The mechanisms (constraint, savepoint insert, holds, reminders, iCalendar) are shared with facility
bookings through `marketplace.core.timeslots` (see its docstring for why).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant, ServiceMode
from marketplace.core.timeslots import TimeSlot, TsTzRange, no_overlap_constraint  # noqa: F401 - 0001 names TsTzRange here
from marketplace.enterprises.models import Enterprise


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROPOSED = "proposed", _("New time proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


# The statuses that keep the slot: the exclusion constraint and the free-slot computation use these.
HOLDING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.PROPOSED, BookingStatus.CONFIRMED)
# Waiting for an answer: these expire when nobody answers.
PENDING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.PROPOSED)


class Party(models.TextChoices):
    SME = "sme", _("The enterprise")
    CONSULTANT = "consultant", _("The consultant")


class Booking(TimeSlot):
    consultant = models.ForeignKey(Consultant, on_delete=models.PROTECT, related_name="bookings")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="bookings")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings_requested"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    service_mode = models.CharField(_("service mode"), max_length=20, choices=ServiceMode.choices)
    location = models.CharField(_("place"), max_length=255, blank=True)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    # the booking this one replaces (a reschedule): freed only when this one is confirmed
    reschedule_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rescheduled_to"
    )
    # iCalendar identity: a reschedule keeps the UID and raises the sequence, so calendars move the event
    ical_uid = models.CharField(max_length=80, default="", editable=False)
    status_reason = models.TextField(_("reason"), blank=True)
    cancelled_by = models.CharField(max_length=12, choices=Party.choices, blank=True)
    cancelled_late = models.BooleanField(_("cancelled after the free-cancellation limit"), default=False)
    no_show_by = models.CharField(max_length=12, choices=Party.choices, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)
    next_step = models.CharField(_("agreed next step"), max_length=255, blank=True)
    flagged_reason = models.CharField(max_length=200, blank=True)  # e.g. the certificate lapsed
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_at", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=models.F("start_at")), name="booking_end_after_start"
            ),
            # Applied on PostgreSQL only (see migration 0001); SQLite serialises check-and-insert instead.
            no_overlap_constraint(
                name="booking_no_overlap_while_holding", resource="consultant", holding=HOLDING_STATUSES
            ),
        ]
        indexes = [
            models.Index(fields=["consultant", "status", "start_at"], name="booking_consultant_time_idx"),
            models.Index(fields=["enterprise", "start_at"], name="booking_enterprise_time_idx"),
            models.Index(fields=["status", "hold_expires_at"], name="booking_status_hold_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} – {self.enterprise} {self.start_at:%Y-%m-%d %H:%M} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("bookings:detail", args=[self.pk])

    @property
    def is_holding(self) -> bool:
        return self.status in HOLDING_STATUSES


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@dxm-booking"


class BookingMessage(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), blank=True)
    file_name = models.CharField(max_length=255, blank=True)  # storage name (private prefix)
    original_name = models.CharField(_("file"), max_length=150, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("booking message")
        verbose_name_plural = _("booking messages")

    def __str__(self) -> str:
        return f"{self.author} @ {self.booking_id}"


class Calendar(models.Model):
    """A consultant's booking settings (weekly capacity), beside the bookings so the booking rules own
    their data; the consultant edits it on the agenda page. Its row is also what booking services lock
    to serialise one consultant's bookings (check and insert) on PostgreSQL."""

    consultant = models.OneToOneField(Consultant, on_delete=models.CASCADE, related_name="booking_calendar")
    weekly_capacity_hours = models.PositiveSmallIntegerField(
        _("hours you can take per week"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking calendar")
        verbose_name_plural = _("booking calendars")

    def __str__(self) -> str:
        return str(self.consultant)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's private calendar-feed URL (Google/Outlook subscribe to it); revoking replaces the token."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
