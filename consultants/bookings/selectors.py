"""Reads for bookings: who may see which booking, queues, agendas, "my bookings", free slots."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from consultants import selectors as consultant_selectors
from consultants.models import Certificate, CertificateStatus, Consultant
from consultants.selectors import Interval
from marketplace.core.audit import audit_history
from marketplace.enterprises.models import EnterpriseMembership

from .errors import BookingNotFound
from .models import (
    HOLDING_STATUSES,
    PENDING_STATUSES,
    Booking,
    BookingStatus,
    Calendar,
    CalendarFeed,
    Party,
)

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
    horizon_end = timezone.now() + timedelta(days=settings.BOOKING_HORIZON_DAYS)
    # a lost race asks for this on every 409: look a week ahead first, the whole horizon only if needed
    slots: list[datetime] = []
    for end in (min(after + timedelta(days=7), horizon_end), horizon_end):
        slots = free_slots(consultant, start=after, end=end, slot_minutes=slot_minutes(), limit=count)
        if len(slots) >= count or end >= horizon_end:
            break
    return slots


def consultant_bookable(consultant: Consultant) -> bool:
    """Only a certified consultant with a published (visible) profile can be booked."""
    return consultant_selectors.consultant_is_public(consultant)


# ---- what a booking request checks, in as few statements as the rules allow ----------------------


# The two statements below run on every booking request. Built with the ORM (Exists, Subquery, Count
# with filters) they cost ~4 and ~3 ms of CPU each to compile, more than the rest of the service;
# written once as SQL they cost a few tenths of a millisecond. They read the same rules the ORM
# querysets in this module and in consultants.selectors express (tests/consultants/bookings pin
# both: who is bookable, pending limits, overlaps, holds that ran out), on SQLite and PostgreSQL.


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _moment(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def consultant_for_booking(pk, *, enterprise, user, now: datetime | None = None) -> Consultant | None:
    """The consultant with the facts a booking request by `user` for `enterprise` checks, in one
    statement: `booking_bookable` (published and holding a valid certificate now, as
    `consultants_public`), `booking_member` (the user belongs to the enterprise) and
    `booking_capacity` (weekly capacity hours, None when unlimited)."""
    now = now or timezone.now()
    enterprise_pk, user_pk = getattr(enterprise, "pk", enterprise), getattr(user, "pk", user)
    sql = (
        f"SELECT c.*, (c.is_visible AND EXISTS (SELECT 1 FROM {_table(Certificate)} z"
        f" WHERE z.consultant_id = c.id AND z.status = %s AND z.valid_until > %s)) AS booking_bookable,"
        f" EXISTS (SELECT 1 FROM {_table(EnterpriseMembership)} m WHERE m.enterprise_id = %s AND m.user_id = %s)"
        f" AS booking_member,"
        f" (SELECT k.weekly_capacity_hours FROM {_table(Calendar)} k WHERE k.consultant_id = c.id)"
        f" AS booking_capacity"
        f" FROM {_table(Consultant)} c WHERE c.id = %s"
    )
    params = [CertificateStatus.ACTIVE.value, _moment(now), enterprise_pk, user_pk, pk]
    consultant = next(iter(Consultant.objects.raw(sql, params)), None)
    if consultant is not None:
        consultant.booking_facts_for = (enterprise_pk, user_pk)
    return consultant


def lapsed_hold(now: datetime) -> Q:
    """A pending booking whose hold ran out: it holds nothing any more, even before the task expires it."""
    return Q(status__in=PENDING_STATUSES, hold_expires_at__lte=now)


def request_conflicts(
    consultant: Consultant, *, enterprise, start: datetime, end: datetime, now: datetime
) -> dict[str, int]:
    """One statement over the consultant's holding bookings: the enterprise's live pending requests
    (`pending`), live bookings overlapping [start, end) (`overlapping`) and overlapping ones whose
    hold ran out (`lapsed`, to expire before inserting: the exclusion constraint still sees them)."""
    pending_in = ", ".join(["%s"] * len(PENDING_STATUSES))
    holding_in = ", ".join(["%s"] * len(HOLDING_STATUSES))
    lapsed = f"(b.status IN ({pending_in}) AND b.hold_expires_at IS NOT NULL AND b.hold_expires_at <= %s)"
    mine = f"(b.enterprise_id = %s AND b.status IN ({pending_in}))"
    overlap = "(b.start_at < %s AND b.end_at > %s)"
    sql = (
        f"SELECT COALESCE(SUM(CASE WHEN {mine} AND NOT {lapsed} THEN 1 ELSE 0 END), 0),"
        f" COALESCE(SUM(CASE WHEN {overlap} AND NOT {lapsed} THEN 1 ELSE 0 END), 0),"
        f" COALESCE(SUM(CASE WHEN {overlap} AND {lapsed} THEN 1 ELSE 0 END), 0)"
        f" FROM {_table(Booking)} b WHERE b.consultant_id = %s AND b.status IN ({holding_in})"
        f" AND ({overlap} OR {mine})"
    )
    pending, holding = [str(s) for s in PENDING_STATUSES], [str(s) for s in HOLDING_STATUSES]
    enterprise_pk = getattr(enterprise, "pk", enterprise)
    lapsed_params = [*pending, _moment(now)]
    mine_params = [enterprise_pk, *pending]
    overlap_params = [_moment(end), _moment(start)]
    params = [
        *mine_params,
        *lapsed_params,
        *overlap_params,
        *lapsed_params,
        *overlap_params,
        *lapsed_params,
        consultant.pk,
        *holding,
        *overlap_params,
        *mine_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pending_count, overlapping, lapsed_count = cursor.fetchone()
    return {"pending": int(pending_count), "overlapping": int(overlapping), "lapsed": int(lapsed_count)}


def lapsed_overlapping(
    consultant: Consultant, *, start: datetime, end: datetime, now: datetime
) -> QuerySet[Booking]:
    return consultant.bookings.filter(lapsed_hold(now), start_at__lt=end, end_at__gt=start)


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
