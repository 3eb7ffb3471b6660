"""Reads: public events, what an organiser manages, an enterprise's seats, certificates, offers."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.roles import is_officer
from marketplace.core.pillar_offers import Offer
from marketplace.enterprises.selectors import enterprises_of

from . import fees
from .errors import EventNotFound, InvalidToken, SeatNotFound
from .models import Event, EventStatus, Organiser, OrganiserStatus, Seat, SeatStatus, Session

CHECK_IN_SALT = "training.check-in"
FEEDBACK_SALT = "training.feedback"
UPCOMING_SCAN = 300  # upcoming published events looked at for pillar offers (one city: far fewer)


def sessions_with_counts() -> QuerySet[Session]:
    return Session.objects.annotate(
        confirmed_count=Count("seats", filter=Q(seats__status=SeatStatus.CONFIRMED)),
        waiting_count=Count("seats", filter=Q(seats__status=SeatStatus.WAITING)),
    ).order_by("starts_at", "pk")


def events_public() -> QuerySet[Event]:
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED)
        .select_related("organiser")
        .prefetch_related(Prefetch("sessions", queryset=sessions_with_counts()))
        .order_by("-published_at", "-pk")
    )


def events_upcoming() -> QuerySet[Event]:
    """Published events with a session still to start, soonest first."""
    now = timezone.now()
    return events_public().filter(pk__in=Session.objects.filter(starts_at__gt=now).values("event_id"))


def event_get_public(pk) -> Event:
    event = events_public().filter(pk=pk).first()
    if event is None:
        raise EventNotFound()
    return event


def organisers_of(user) -> QuerySet[Organiser]:
    if not user.is_authenticated:
        return Organiser.objects.none()
    return Organiser.objects.filter(members=user).order_by("name", "pk")


def approved_organisers_of(user) -> QuerySet[Organiser]:
    return organisers_of(user).filter(status=OrganiserStatus.APPROVED)


def can_publish(user) -> bool:
    return bool(user.is_authenticated and (is_officer(user) or approved_organisers_of(user).exists()))


def events_managed_by(user) -> QuerySet[Event]:
    """Every event for officers; an organiser's member sees its approved organisers' events only."""
    if not user.is_authenticated:
        return Event.objects.none()
    events = Event.objects.select_related("organiser").prefetch_related(
        Prefetch("sessions", queryset=sessions_with_counts())
    )
    if is_officer(user):
        return events.order_by("-created_at", "-pk")
    return events.filter(organiser__members=user, organiser__status=OrganiserStatus.APPROVED).order_by(
        "-created_at", "-pk"
    )


def event_get_managed(user, pk) -> Event:
    """An event the user may edit; anyone else's is a 404 (outsiders do not learn it exists)."""
    event = events_managed_by(user).filter(pk=pk).first()
    if event is None:
        raise EventNotFound()
    return event


def can_manage(user, event: Event) -> bool:
    return events_managed_by(user).filter(pk=event.pk).exists()


def seats_of(user) -> QuerySet[Seat]:
    """The seats of the user's enterprises (every member of the enterprise sees them)."""
    if not user.is_authenticated:
        return Seat.objects.none()
    return (
        Seat.objects.filter(enterprise__in=enterprises_of(user))
        .select_related("session", "session__event", "session__event__organiser", "enterprise")
        .prefetch_related("feedback")
        .order_by("-session__starts_at", "queued_at", "pk")
    )


def seat_get_for_member(user, pk) -> Seat:
    seat = seats_of(user).filter(pk=pk).first()
    if seat is None:
        raise SeatNotFound()
    return seat


def seats_managed_by(user) -> QuerySet[Seat]:
    return Seat.objects.filter(session__event__in=events_managed_by(user)).select_related(
        "session", "session__event", "enterprise"
    )


def session_attendees(session: Session) -> QuerySet[Seat]:
    return (
        session.seats.exclude(status=SeatStatus.CANCELLED)
        .select_related("enterprise")
        .order_by("status", "queued_at", "pk")
    )


def waiting_position(seat: Seat) -> int | None:
    if seat.status != SeatStatus.WAITING:
        return None
    ahead = Seat.objects.filter(session_id=seat.session_id, status=SeatStatus.WAITING).filter(
        Q(queued_at__lt=seat.queued_at) | Q(queued_at=seat.queued_at, pk__lt=seat.pk)
    )
    return ahead.count() + 1


def check_in_token(seat: Seat) -> str:
    return signing.dumps(seat.pk, salt=CHECK_IN_SALT, compress=True)


def feedback_token(seat: Seat) -> str:
    return signing.dumps(seat.pk, salt=FEEDBACK_SALT, compress=True)


def _seat_from(token: str, salt: str) -> Seat:
    try:
        pk = signing.loads((token or "")[:200], salt=salt)
    except signing.BadSignature as error:
        raise InvalidToken() from error
    seat = (
        Seat.objects.select_related("session", "session__event", "session__event__organiser", "enterprise")
        .filter(pk=pk)
        .first()
        if isinstance(pk, int)
        else None
    )
    if seat is None:
        raise InvalidToken()
    return seat


def seat_from_check_in_token(token: str) -> Seat:
    return _seat_from(token, CHECK_IN_SALT)


def seat_from_feedback_token(token: str) -> Seat:
    return _seat_from(token, FEEDBACK_SALT)


def certificate_prefix() -> str:
    """Consultant certificates are `DN-2026-00042-K`; attendance certificates add a T: `DNT-…`."""
    return f"{settings.CERTIFICATE_CODE_PREFIX[:3]}T"


def certificate_lookup(code: str) -> Seat | None:
    from consultants.codes import InvalidCode, canonical

    text = (code or "").strip()
    if not text or len(text) > 40:
        return None
    try:
        text = canonical(text)
    except InvalidCode:
        return None
    return (
        Seat.objects.select_related("session", "session__event", "session__event__organiser", "enterprise")
        .filter(certificate_code=text, checked_in_at__isnull=False)
        .first()
    )


def split_for(event: Event, enterprise) -> fees.Split:
    return fees.split(fee=event.fee, rule_code=event.support_rule, size_class=enterprise.size_class)


def upcoming_for_pillars(pillar_codes, *, per_pillar: int = 3) -> dict[str, list[Session]]:
    """The next open sessions of published events on each pillar: `{code: [Session, ...]}`, soonest
    first. One query (pillars are a JSON list; filtered here so it works on both databases)."""
    wanted = [code for code in dict.fromkeys(pillar_codes) if code]
    found: dict[str, list[Session]] = {code: [] for code in wanted}
    if not wanted:
        return found
    sessions = (
        Session.objects.filter(event__status=EventStatus.PUBLISHED, starts_at__gt=timezone.now())
        .select_related("event", "event__organiser")
        .order_by("starts_at", "pk")[:UPCOMING_SCAN]
    )
    seen: dict[str, set[int]] = {code: set() for code in wanted}
    for session in sessions:
        for code in session.event.pillars:
            if code in found and len(found[code]) < per_pillar and session.event_id not in seen[code]:
                found[code].append(session)
                seen[code].add(session.event_id)
    return found


def offers_for_pillars(pillar_codes: list[str]) -> dict[str, list[Offer]]:
    """The roadmap's hook (marketplace.core.pillar_offers): upcoming courses per weak pillar."""
    result: dict[str, list[Offer]] = {}
    for code, sessions in upcoming_for_pillars(pillar_codes).items():
        result[code] = [
            Offer(
                kind="training",
                label=session.event.title,
                url=reverse("training:event", args=[session.event_id]),
                starts_at=session.starts_at,
                detail=session.event.get_kind_display(),
            )
            for session in sessions
        ]
    return {code: offers for code, offers in result.items() if offers}
