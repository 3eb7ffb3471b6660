"""Reads for facilities: what is listed, free sessions, who may see which booking, calendars."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.core.timeslots import live_hold, overlapping

from .errors import FacilityBookingNotFound, FacilityNotFound
from .models import (
    HOLDING_STATUSES,
    Facility,
    FacilityBooking,
    Provider,
    ProviderStatus,
)

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # facilities are in the city; times are shown in Vietnam time

Interval = tuple[datetime, datetime]


def horizon_days() -> int:
    return settings.BOOKING_HORIZON_DAYS


def facilities_public() -> QuerySet[Facility]:
    """Published facilities of approved providers."""
    return Facility.objects.filter(
        is_published=True, provider__status=ProviderStatus.APPROVED
    ).select_related("provider")


def facility_get_public(slug: str) -> Facility:
    facility = facilities_public().filter(slug=slug).first()
    if facility is None:
        raise FacilityNotFound()
    return facility


def providers_of(user) -> QuerySet[Provider]:
    if not getattr(user, "is_authenticated", False):
        return Provider.objects.none()
    return Provider.objects.filter(memberships__user=user)


def is_provider_member(provider: Provider | int, user) -> bool:
    pk = getattr(provider, "pk", provider)
    return providers_of(user).filter(pk=pk).exists()


def facilities_managed_by(user) -> QuerySet[Facility]:
    return Facility.objects.filter(provider__in=providers_of(user)).select_related("provider")


def facility_get_managed(*, user, slug: str) -> Facility:
    """A facility of one of the user's providers; anyone else's is a 404 (not 403)."""
    facility = facilities_managed_by(user).filter(slug=slug).first()
    if facility is None:
        raise FacilityNotFound()
    return facility


def providers_pending() -> QuerySet[Provider]:
    return Provider.objects.filter(status=ProviderStatus.PENDING).order_by("created_at", "pk")


# ---- free sessions ------------------------------------------------------------------------------


def holding_intervals(
    facility_ids: Iterable[int], *, start: datetime, end: datetime, now: datetime | None = None
) -> dict[int, list[Interval]]:
    """Times held per facility overlapping [start, end), in one query; a hold that ran out holds nothing."""
    now = now or timezone.now()
    out: dict[int, list[Interval]] = defaultdict(list)
    rows = FacilityBooking.objects.filter(
        overlapping(start, end),
        live_hold(now),
        facility_id__in=list(facility_ids),
        status__in=HOLDING_STATUSES,
    )
    for pk, busy_start, busy_end in rows.values_list("facility_id", "start_at", "end_at"):
        out[pk].append((busy_start, busy_end))
    return out


def sessions(facility: Facility, *, start: datetime, end: datetime) -> list[datetime]:
    """Every session the opening hours offer that starts in [start, end), ignoring bookings."""
    out: list[datetime] = []
    day: date = start.astimezone(ZONE).date()
    last: date = end.astimezone(ZONE).date()
    step = timedelta(minutes=facility.slot_minutes)
    open_days = set(facility.open_days or [])
    while day <= last:
        if day.weekday() in open_days:
            moment = datetime.combine(day, facility.opens_at, tzinfo=ZONE)
            closing = datetime.combine(day, facility.closes_at, tzinfo=ZONE)
            while moment + step <= closing:
                if start <= moment < end:
                    out.append(moment)
                moment += step
        day += timedelta(days=1)
    return out


def free_slots(
    facility: Facility,
    *,
    start: datetime,
    end: datetime,
    limit: int | None = None,
    held: list[Interval] | None = None,
    now: datetime | None = None,
) -> list[datetime]:
    now = now or timezone.now()
    start = max(start, now)
    if held is None:
        held = holding_intervals([facility.pk], start=start, end=end + timedelta(days=1), now=now)[
            facility.pk
        ]
    step = timedelta(minutes=facility.slot_minutes)
    out = []
    for slot in sessions(facility, start=start, end=end):
        if any(a < slot + step and b > slot for a, b in held):
            continue
        out.append(slot)
        if limit and len(out) >= limit:
            break
    return out


def next_free_slots_many(
    facilities: list[Facility], *, count: int = 3, days: int = 14
) -> dict[int, list[datetime]]:
    """The next free sessions of each facility (a list page): one query for all of them."""
    now = timezone.now()
    end = now + timedelta(days=days)
    held = holding_intervals([f.pk for f in facilities], start=now, end=end, now=now)
    return {
        f.pk: free_slots(f, start=now, end=end, limit=count, held=held[f.pk], now=now) for f in facilities
    }


def next_free_slots(facility: Facility, *, after: datetime, count: int = 3) -> list[datetime]:
    end = timezone.now() + timedelta(days=horizon_days())
    return free_slots(facility, start=after, end=end, limit=count)


def free_days(facility: Facility, *, days: int = 14) -> dict[date, list[datetime]]:
    """Free sessions of the next `days` days, grouped by local day (the booking page)."""
    now = timezone.now()
    grouped: dict[date, list[datetime]] = defaultdict(list)
    for slot in free_slots(facility, start=now, end=now + timedelta(days=days), now=now):
        grouped[slot.astimezone(ZONE).date()].append(slot)
    return dict(grouped)


# ---- bookings -----------------------------------------------------------------------------------


def _with_relations(queryset: QuerySet[FacilityBooking]) -> QuerySet[FacilityBooking]:
    return queryset.select_related("facility__provider", "enterprise", "requested_by")


def bookings_visible_to(user) -> QuerySet[FacilityBooking]:
    """Bookings the user is a party to: a member of the booking enterprise or of the provider."""
    if not getattr(user, "is_authenticated", False):
        return FacilityBooking.objects.none()
    return _with_relations(
        FacilityBooking.objects.filter(
            Q(enterprise__in=user.enterprise_memberships.values("enterprise"))
            | Q(facility__provider__in=providers_of(user).values("pk"))
        )
    )


def booking_get_for(*, user, pk) -> FacilityBooking:
    booking = bookings_visible_to(user).filter(pk=pk).first()
    if booking is None:
        raise FacilityBookingNotFound()
    return booking


SME, PROVIDER = "sme", "provider"


def booking_party(booking: FacilityBooking, user) -> str | None:
    """Which side `user` is on; the provider wins when one person is both (they answer requests)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if is_provider_member(booking.facility.provider_id, user):
        return PROVIDER
    if user.enterprise_memberships.filter(enterprise_id=booking.enterprise_id).exists():
        return SME
    return None


def bookings_of_enterprises(user) -> QuerySet[FacilityBooking]:
    """The SME side's bookings, soonest first."""
    if not getattr(user, "is_authenticated", False):
        return FacilityBooking.objects.none()
    return _with_relations(
        FacilityBooking.objects.filter(enterprise__in=user.enterprise_memberships.values("enterprise"))
    ).order_by("-start_at", "-pk")


def provider_calendar(user, *, start: datetime, end: datetime) -> QuerySet[FacilityBooking]:
    """The provider's bookings in [start, end), every state, by time."""
    return _with_relations(
        FacilityBooking.objects.filter(
            overlapping(start, end), facility__provider__in=providers_of(user).values("pk")
        )
    ).order_by("start_at", "pk")
