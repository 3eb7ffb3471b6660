"""Innovation-centre facilities SMEs book: providers (innovation centres, laboratories), their
facilities (an AI test bench, an IoT/5G test bed, 3D printing, a demo room) and the bookings.

A facility is a bookable resource. Its bookings use the booking engine shared with consultant
bookings (`marketplace.core.timeslots`): no two holding bookings of one facility overlap — an
exclusion constraint on PostgreSQL, a serialised check-and-insert on SQLite — holds expire,
reminders go once, and the .ics is built the same way.
"""

from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.core.timeslots import TimeSlot, no_overlap_constraint
from marketplace.enterprises.models import Enterprise


class ProviderKind(models.TextChoices):
    INNOVATION_CENTRE = "innovation_centre", _("Innovation centre")
    LABORATORY = "laboratory", _("Key laboratory")


class ProviderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Provider(models.Model):
    """An innovation centre or laboratory that lists facilities; an officer approves it first."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    address = models.CharField(_("address"), max_length=255)
    email = models.EmailField(_("contact e-mail"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProviderStatus.choices, default=ProviderStatus.PENDING
    )
    status_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("facility provider")
        verbose_name_plural = _("facility providers")

    def __str__(self) -> str:
        return self.name


class ProviderMembership(models.Model):
    """The users who manage a provider's facilities and answer its bookings."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facility_provider_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider member")
        verbose_name_plural = _("provider members")
        constraints = [
            models.UniqueConstraint(fields=["provider", "user"], name="facility_provider_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider}"


class FacilityKind(models.TextChoices):
    AI_TEST_BENCH = "ai_test_bench", _("AI test bench")
    IOT_TESTBED = "iot_testbed", _("IoT / 5G test bed")
    PRINTING_3D = "printing_3d", _("3D printing")
    DEMO_ROOM = "demo_room", _("Demo room of digital solutions")
    LAB = "lab", _("Laboratory service")


class PriceUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    SESSION = "session", _("per session")


def default_open_days() -> list[int]:
    return [0, 1, 2, 3, 4]  # Monday to Friday


class Facility(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="facilities")
    slug = models.SlugField(_("short name in links"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    description = models.TextField(_("what it offers"))
    rules = models.TextField(_("rules of use"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("people at most"), default=1)
    # bookable time: opening hours on open weekdays (0 = Monday), cut into sessions of slot_minutes
    open_days = models.JSONField(_("open weekdays"), default=default_open_days)
    opens_at = models.TimeField(_("opens at"), default=time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=time(17, 0))
    slot_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=120)
    price = models.PositiveBigIntegerField(_("price (VND)"), default=0)
    price_unit = models.CharField(
        _("priced"), max_length=10, choices=PriceUnit.choices, default=PriceUnit.SESSION
    )
    # Support: renting a facility to try digital solutions is treated as renting DX solutions (the
    # SOLUTION kind of marketplace.core.support, Decree 80/2021 art. 11), under the default scheme.
    support_eligible = models.BooleanField(_("eligible for state support"), default=True)
    auto_confirm = models.BooleanField(_("confirm bookings automatically"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="facility_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=15, slot_minutes__lte=720), name="facility_slot_length"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="facility_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("facilities:detail", args=[self.slug])

    @property
    def slot_price(self) -> int:
        """What one session (slot) costs, in whole đồng."""
        if self.price_unit == PriceUnit.HOUR:
            return self.price * self.slot_minutes // 60
        return self.price


class FacilityBookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    USED = "used", _("Used")
    NO_SHOW = "no_show", _("No-show")


# The statuses that keep the facility's time (the exclusion constraint and free slots use these).
HOLDING_STATUSES = (FacilityBookingStatus.REQUESTED, FacilityBookingStatus.CONFIRMED)
PENDING_STATUSES = (FacilityBookingStatus.REQUESTED,)


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@dxm-facility"


class FacilityBooking(TimeSlot):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="bookings")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="facility_bookings")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=FacilityBookingStatus.choices,
        default=FacilityBookingStatus.REQUESTED,
    )
    participants = models.PositiveSmallIntegerField(_("people coming"), default=1)
    purpose = models.CharField(_("what you want to try"), max_length=200)
    # the split, fixed when booked: price = support + sme_share
    price = models.PositiveBigIntegerField(_("price (VND)"))
    support = models.PositiveBigIntegerField(_("support (VND)"), default=0)
    sme_share = models.PositiveBigIntegerField(_("enterprise's share (VND)"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    outcome_note = models.TextField(_("what we tried"), blank=True)
    ical_uid = models.CharField(max_length=80, default=new_ical_uid, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_at", "pk"]
        verbose_name = _("facility booking")
        verbose_name_plural = _("facility bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=F("start_at")), name="facility_booking_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(price=F("support") + F("sme_share")), name="facility_booking_split_adds_up"
            ),
            # Applied on PostgreSQL only (see migration 0001); SQLite serialises check-and-insert instead.
            no_overlap_constraint(
                name="facility_booking_no_overlap", resource="facility", holding=HOLDING_STATUSES
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "status", "start_at"], name="facility_booking_time_idx"),
            models.Index(fields=["enterprise", "start_at"], name="facility_booking_sme_idx"),
            models.Index(fields=["status", "hold_expires_at"], name="facility_booking_hold_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.facility} – {self.enterprise} {self.start_at:%Y-%m-%d %H:%M} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("facilities:booking", args=[self.pk])

    @property
    def is_holding(self) -> bool:
        return self.status in HOLDING_STATUSES
