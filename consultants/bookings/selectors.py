"""Reads for bookings: who may see which booking, queues, agendas, "my bookings", free slots."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from consultants import selectors as consultant_selectors
from consultants.models import Consultant
from consultants.selectors import Interval
from marketplace.core.audit import audit_history

from .errors import BookingNotFound
from .models import HOLDING_STATUSES, Booking, BookingStatus, Calendar, CalendarFeed, Party

# Once the consultant has confirmed, both sides may see each other's e-mail and phone.
CONTACT_VISIBLE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.HELD, BookingStatus.NO_SHOW)


def slot_minutes() -> int:
    return settings.BOOKING_SLOT_MINUTES


def _with_relations(queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    return queryset.select_related("consultant__user", "enterprise", "requested_by")


def bookings_visible_to(user) -> QuerySet[Booking]:
    """Bookings the user is a party to: as a member of the booking enterprise, or as the consultant."""
    if not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    return _with_relations(
        Booking.objects.filter(Q(enterprise__memberships__user=user) | Q(consultant__user=user)).distinct()
    )


def booking_get_for(*, user, pk) -> Booking:
    """One booking the user is a party to; anyone else gets 404 (not 403), as everywhere."""
    booking = bookings_visible_to(user).filter(pk=pk).first()
    if booking is None:
        raise BookingNotFound()
    return booking


def booking_party(booking: Booking, user) -> str | None:
    """Which side `user` is on: the consultant wins when one person is both (they answer requests)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if booking.consultant.user_id == user.pk:
        return Party.CONSULTANT
    if booking.enterprise.memberships.filter(user=user).exists():
        return Party.SME
    return None


def contacts_visible(booking: Booking) -> bool:
    return booking.status in CONTACT_VISIBLE_STATUSES


def consultant_queue(consultant: Consultant) -> QuerySet[Booking]:
    """Requests waiting for the consultant's answer, oldest first."""
    now = timezone.now()
    return _with_relations(
        consultant.bookings.filter(status=BookingStatus.REQUESTED, hold_expires_at__gt=now)
    ).order_by("created_at", "pk")


def consultant_agenda(consultant: Consultant, *, start: datetime, end: datetime) -> QuerySet[Booking]:
    """The consultant's held time between start and end (confirmed and still pending)."""
    return _with_relations(
        consultant.bookings.filter(status__in=HOLDING_STATUSES, start_at__lt=end, end_at__gt=start)
    ).order_by("start_at", "pk")


def bookings_of_user(user, *, when: str = "upcoming", now: datetime | None = None) -> QuerySet[Booking]:
    """The user's bookings: "upcoming" (from now, soonest first) or "past" (latest first)."""
    now = now or timezone.now()
    queryset = bookings_visible_to(user)
    if when == "past":
        return queryset.filter(end_at__lte=now).order_by("-start_at", "-pk")
    return queryset.filter(end_at__gt=now).order_by("start_at", "pk")


# ---- the consultant's calendar with the times bookings hold ----------------------------------
# consultants.selectors computes free time from weekly hours and exceptions; bookings sit above it
# (they use its reads), so the free time that counts bookings is composed here, and every page, API
# and matching feature that shows a consultant's free time asks this module.


def holding_intervals(
    consultant_ids: Iterable[int], *, start: datetime, end: datetime, now: datetime | None = None
) -> dict[int, list[Interval]]:
    """Times held by bookings (requested, proposed, confirmed) per consultant, overlapping [start, end).

    One query. A pending request whose hold has run out no longer counts, even before the expiry
    task has run, so a slot is free again the moment its hold ends.
    """
    now = now or timezone.now()
    out: dict[int, list[Interval]] = defaultdict(list)
    rows = Booking.objects.filter(
        consultant_id__in=list(consultant_ids),
        status__in=HOLDING_STATUSES,
        start_at__lt=end,
        end_at__gt=start,
    ).filter(Q(hold_expires_at__isnull=True) | Q(hold_expires_at__gt=now))
    for pk, busy_start, busy_end in rows.values_list("consultant_id", "start_at", "end_at"):
        out[pk].append((busy_start, busy_end))
    return out


def free_slots(
    consultant: Consultant,
    *,
    start: datetime,
    end: datetime,
    slot_minutes: int = 60,
    limit: int | None = None,
    held: list[Interval] | None = None,
) -> list[datetime]:
    """Free slots with the times held by bookings removed (`held` when the caller read them in bulk)."""
    if held is None:
        held = holding_intervals([consultant.pk], start=start, end=end)[consultant.pk]
    return consultant_selectors.consultant_free_slots(
        consultant, start=start, end=end, slot_minutes=slot_minutes, busy=held, limit=limit
    )


def free_hours_many(
    consultants: Iterable[Consultant], *, weeks: int = 4, now: datetime | None = None
) -> dict[int, float]:
    """Free hours per consultant over the next `weeks` weeks, held bookings subtracted; three queries."""
    consultants = list(consultants)
    now = now or timezone.now()
    held = holding_intervals(
        [c.pk for c in consultants], start=now, end=now + timedelta(weeks=weeks), now=now
    )
    return consultant_selectors.consultants_free_hours(consultants, weeks=weeks, now=now, busy=held)


def free_hours(consultant: Consultant, *, weeks: int = 4, now: datetime | None = None) -> float:
    return free_hours_many([consultant], weeks=weeks, now=now)[consultant.pk]


def next_slots(consultant: Consultant, *, count: int = 6, days: int = 21) -> list[datetime]:
    """The next free slots a profile shows, from the next full hour."""
    start, end = consultant_selectors.next_slots_window(days=days)
    return free_slots(consultant, start=start, end=end, limit=count)


def next_free_slots(consultant: Consultant, *, after: datetime, count: int = 3) -> list[datetime]:
    """The next free slots after `after` (what a lost race offers instead)."""
    horizon = settings.BOOKING_HORIZON_DAYS
    return free_slots(
        consultant,
        start=after,
        end=timezone.now() + timedelta(days=horizon),
        slot_minutes=slot_minutes(),
        limit=count,
    )


def consultant_bookable(consultant: Consultant) -> bool:
    """Only a certified consultant with a published (visible) profile can be booked."""
    return consultant_selectors.consultant_is_public(consultant)


def calendar_of(consultant: Consultant) -> Calendar | None:
    return Calendar.objects.filter(consultant=consultant).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    token = (token or "").strip()
    if not token:
        return None
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


def feed_bookings(user, *, now: datetime | None = None) -> QuerySet[Booking]:
    """What a calendar feed lists: the user's bookings from 30 days ago on, in holding or final states
    that matter in a calendar (cancelled ones stay so subscribers see them go)."""
    now = now or timezone.now()
    return bookings_visible_to(user).filter(start_at__gte=now - timedelta(days=30)).order_by("start_at", "pk")


def booking_history(booking: Booking):
    return audit_history(booking).order_by("created_at", "pk")


def cancellation_policy_hours() -> int:
    return settings.BOOKING_FREE_CANCELLATION_HOURS
