"""Writes: organisers apply and are decided, events are published, seats are registered, cancelled,
transferred and checked in, feedback is given. Every use case is one transaction; seats lock their
session's row first, so capacity is never oversold and the waiting list moves in order."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultants.codes import format_code
from marketplace.accounts.roles import is_officer
from marketplace.core.errors import NotFound
from marketplace.core.locks import lock_row
from marketplace.enterprises.selectors import enterprise_is_member

from . import fees, notifications, selectors
from .errors import (
    AlreadyRegistered,
    CheckInRefused,
    EventStateConflict,
    FeedbackRefused,
    InvalidEventInput,
    NotOpen,
    OrganiserNotFound,
    SeatStateConflict,
)
from .models import (
    PILLAR_CODES,
    Audience,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    Mode,
    Organiser,
    OrganiserKind,
    OrganiserStatus,
    Seat,
    SeatStatus,
    Session,
)

MAX_FEE = 10**10  # 10 billion đồng per seat: anything larger is a typing error
MAX_CAPACITY = 5000
MAX_ATTENDEES_PER_REQUEST = 20
LANGUAGES = ("vi", "en")
# the organiser may check attendees in from a day before the start until half a day after the end
CHECK_IN_OPENS = dt.timedelta(days=1)
CHECK_IN_CLOSES = dt.timedelta(hours=12)


def _invalid(field: str, message: str) -> InvalidEventInput:
    return InvalidEventInput(message, fields={field: [message]})


def _text(value, field: str, *, max_length: int, required: bool = True) -> str:
    text = (
        " ".join(str(value or "").split())
        if field not in ("summary", "about", "comment")
        else str(value or "").strip()
    )
    if required and not text:
        raise _invalid(field, _("This field is required."))
    if len(text) > max_length:
        raise _invalid(field, _("At most %(n)s characters.") % {"n": max_length})
    return text


def _choice(value, field: str, choices) -> str:
    if value not in set(choices):
        raise _invalid(field, _("Choose one of the listed values."))
    return value


# ---- organisers ----------------------------------------------------------------------------------


def organiser_apply(*, user, name: str, kind: str, about: str = "") -> Organiser:
    """Anyone signed in asks to publish events as an organiser; an officer decides."""
    with transaction.atomic():
        organiser = Organiser.objects.create(
            name=_text(name, "name", max_length=200),
            kind=_choice(kind, "kind", OrganiserKind.values),
            about=_text(about, "about", max_length=4000, required=False),
            applied_by=user,
        )
        organiser.members.add(user)
    return organiser


def organiser_decide(*, organiser: Organiser, officer, approve: bool, reason: str = "") -> Organiser:
    if not is_officer(officer):
        raise OrganiserNotFound()
    reason = _text(reason, "reason", max_length=2000, required=not approve)
    target = OrganiserStatus.APPROVED if approve else OrganiserStatus.REJECTED
    with transaction.atomic():
        changed = Organiser.objects.filter(pk=organiser.pk, status=OrganiserStatus.PENDING).update(
            status=target, decided_by=officer, decided_at=timezone.now(), reason=reason
        )
        if changed != 1:
            raise EventStateConflict(_("This application was already decided."))
    organiser.refresh_from_db()
    return organiser


# ---- events --------------------------------------------------------------------------------------


def _event_fields(data: dict) -> dict:
    clean = {}
    if "title" in data:
        clean["title"] = _text(data["title"], "title", max_length=200)
    if "summary" in data:
        clean["summary"] = _text(data["summary"], "summary", max_length=8000, required=False)
    if "kind" in data:
        clean["kind"] = _choice(data["kind"], "kind", EventKind.values)
    if "audience" in data:
        clean["audience"] = _choice(data["audience"], "audience", Audience.values)
    if "mode" in data:
        clean["mode"] = _choice(data["mode"], "mode", Mode.values)
    if "language" in data:
        clean["language"] = _choice(data["language"], "language", LANGUAGES)
    if "support_rule" in data:
        clean["support_rule"] = _choice(data["support_rule"], "support_rule", fees.rules())
    if "pillars" in data:
        pillars = data["pillars"]
        if not isinstance(pillars, list | tuple) or any(code not in PILLAR_CODES for code in pillars):
            raise _invalid("pillars", _("Choose readiness pillars from the list."))
        clean["pillars"] = list(dict.fromkeys(pillars))
    if "fee" in data:
        fee = data["fee"]
        if isinstance(fee, bool) or not isinstance(fee, int) or not 0 <= fee <= MAX_FEE:
            raise _invalid("fee", _("Enter a whole number of đồng, 0 for a free event."))
        clean["fee"] = fee
    return clean


def event_create(*, user, organiser: Organiser | None = None, **data) -> Event:
    """An officer (for the department, or naming an organiser) or a member of an approved organiser
    (for that organiser only) creates a draft."""
    if organiser is None:
        if not is_officer(user):
            raise _invalid("organiser", _("Choose the organiser you publish for."))
    elif not (is_officer(user) or selectors.approved_organisers_of(user).filter(pk=organiser.pk).exists()):
        raise OrganiserNotFound()
    elif organiser.status != OrganiserStatus.APPROVED:
        raise _invalid("organiser", _("This organiser is not approved yet."))
    missing = [f for f in ("title", "kind", "audience", "mode") if f not in data]
    if missing:
        raise InvalidEventInput(fields={f: [_("This field is required.")] for f in missing})
    fields = _event_fields(data)
    return Event.objects.create(organiser=organiser, created_by=user, **fields)


def event_update(*, event: Event, user, **data) -> Event:
    event = selectors.event_get_managed(user, event.pk)
    if event.status == EventStatus.CANCELLED:
        raise EventStateConflict()
    fields = _event_fields(data)
    if fields:
        Event.objects.filter(pk=event.pk).update(**fields)
    return selectors.event_get_managed(user, event.pk)


def event_publish(*, event: Event, user) -> Event:
    event = selectors.event_get_managed(user, event.pk)
    if not event.sessions.exists():
        raise _invalid("sessions", _("Add at least one session before publishing."))
    changed = Event.objects.filter(pk=event.pk, status=EventStatus.DRAFT).update(
        status=EventStatus.PUBLISHED, published_at=timezone.now()
    )
    if changed != 1:
        raise EventStateConflict(_("Only a draft can be published."))
    return selectors.event_get_managed(user, event.pk)


def event_cancel(*, event: Event, user) -> Event:
    event = selectors.event_get_managed(user, event.pk)
    with transaction.atomic():
        changed = Event.objects.filter(
            pk=event.pk, status__in=(EventStatus.DRAFT, EventStatus.PUBLISHED)
        ).update(status=EventStatus.CANCELLED)
        if changed != 1:
            raise EventStateConflict()
        live = Seat.objects.filter(
            session__event=event, status__in=(SeatStatus.CONFIRMED, SeatStatus.WAITING), checked_in_at=None
        )
        told = list(live)
        live.update(status=SeatStatus.CANCELLED, cancelled_at=timezone.now())
        notifications.seats_changed(told, "event_cancelled")
    return selectors.event_get_managed(user, event.pk)


def session_add(
    *,
    event: Event,
    user,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    time_zone: str = "Asia/Ho_Chi_Minh",
    venue: str = "",
    online_url: str = "",
) -> Session:
    event = selectors.event_get_managed(user, event.pk)
    if event.status == EventStatus.CANCELLED:
        raise EventStateConflict()
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise _invalid("starts_at", _("Give the time with its offset."))
    if ends_at <= starts_at:
        raise _invalid("ends_at", _("The end must be after the start."))
    if ends_at - starts_at > dt.timedelta(days=14):
        raise _invalid("ends_at", _("A session lasts at most 14 days; add several sessions."))
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 0 < capacity <= MAX_CAPACITY:
        raise _invalid("capacity", _("Between 1 and %(n)s seats.") % {"n": MAX_CAPACITY})
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise _invalid("timezone", _("Unknown time zone.")) from error
    venue = _text(venue, "venue", max_length=255, required=event.mode == Mode.VENUE)
    online_url = (online_url or "").strip()
    if online_url:
        try:
            URLValidator(schemes=["https", "http"])(online_url)
        except ValidationError as error:
            raise _invalid("online_url", _("Enter a web address (https://…).")) from error
    return Session.objects.create(
        event=event,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        timezone=time_zone,
        venue=venue,
        online_url=online_url,
    )


# ---- seats ---------------------------------------------------------------------------------------


def _attendee(name, email, *, field: str = "attendees") -> tuple[str, str]:
    name = " ".join(str(name or "").split())
    email = str(email or "").strip().lower()
    if not name or len(name) > 120:
        raise _invalid(field, _("Give each attendee's full name (at most 120 characters)."))
    try:
        validate_email(email)
    except ValidationError as error:
        raise _invalid(field, _("“%(email)s” is not an e-mail address.") % {"email": email[:60]}) from error
    return name, email


def _promote(session: Session) -> list[Seat]:
    """Fill free seats from the waiting list, first come first served. Session row already locked."""
    confirmed = session.seats.filter(status=SeatStatus.CONFIRMED).count()
    free = session.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(session.seats.filter(status=SeatStatus.WAITING).order_by("queued_at", "pk")[:free])
    Seat.objects.filter(pk__in=[seat.pk for seat in promoted]).update(status=SeatStatus.CONFIRMED)
    return promoted


def seats_register(*, session: Session, enterprise, user, attendees: Iterable[tuple[str, str]]) -> list[Seat]:
    """Seats for named employees of `enterprise`: confirmed while the session has room, then on the
    waiting list in order. The session's row is locked first (capacity is never oversold)."""
    if not enterprise_is_member(enterprise=enterprise, user=user):
        raise NotFound(_("No such enterprise among yours."), code="enterprise_not_found")
    people = [_attendee(name, email) for name, email in attendees]
    if not people:
        raise _invalid("attendees", _("Name at least one attendee."))
    if len(people) > MAX_ATTENDEES_PER_REQUEST:
        raise _invalid("attendees", _("At most %(n)s attendees at once.") % {"n": MAX_ATTENDEES_PER_REQUEST})
    emails = [email for _name, email in people]
    if len(set(emails)) != len(emails):
        raise _invalid("attendees", _("Each attendee appears once."))
    now = timezone.now()
    try:
        with transaction.atomic():
            session = lock_row(Session.objects.select_related("event"), session.pk)
            if session.event.status != EventStatus.PUBLISHED or session.starts_at <= now:
                raise NotOpen()
            if session.seats.filter(
                attendee_email__in=emails, status__in=(SeatStatus.CONFIRMED, SeatStatus.WAITING)
            ).exists():
                raise AlreadyRegistered()
            split = selectors.split_for(session.event, enterprise)
            free = session.capacity - session.seats.filter(status=SeatStatus.CONFIRMED).count()
            has_queue = session.seats.filter(status=SeatStatus.WAITING).exists()
            seats = []
            for index, (name, email) in enumerate(people):
                confirmed = not has_queue and index < free
                seats.append(
                    Seat.objects.create(
                        session=session,
                        enterprise=enterprise,
                        registered_by=user,
                        attendee_name=name,
                        attendee_email=email,
                        status=SeatStatus.CONFIRMED if confirmed else SeatStatus.WAITING,
                        queued_at=now,
                        fee=split.fee,
                        support=split.support,
                        sme_share=split.sme_share,
                    )
                )
            notifications.seats_changed([s for s in seats if s.status == SeatStatus.CONFIRMED], "confirmed")
            notifications.seats_changed([s for s in seats if s.status == SeatStatus.WAITING], "waiting")
    except IntegrityError as error:
        raise AlreadyRegistered() from error
    return seats


def seat_cancel(*, seat: Seat, user) -> Seat:
    """The enterprise gives a seat (or its waiting place) back; the first waiting person moves up."""
    seat = selectors.seat_get_for_member(user, seat.pk)
    with transaction.atomic():
        session = lock_row(Session.objects.all(), seat.session_id)
        changed = Seat.objects.filter(
            pk=seat.pk,
            status__in=(SeatStatus.CONFIRMED, SeatStatus.WAITING),
            checked_in_at=None,
            session__ends_at__gt=timezone.now(),  # an ended session's seats are history
        ).update(status=SeatStatus.CANCELLED, cancelled_at=timezone.now())
        if changed != 1:
            raise SeatStateConflict()
        notifications.seats_changed([seat], "cancelled")
        notifications.seats_changed(_promote(session), "promoted")
    seat.refresh_from_db()
    return seat


def seat_transfer(*, seat: Seat, user, name: str, email: str) -> Seat:
    """The seat goes to another employee of the same enterprise (the place in line is kept)."""
    seat = selectors.seat_get_for_member(user, seat.pk)
    name, email = _attendee(name, email, field="attendee_email")
    try:
        with transaction.atomic():
            lock_row(Session.objects.all(), seat.session_id)
            if (
                Seat.objects.filter(
                    session_id=seat.session_id,
                    attendee_email=email,
                    status__in=(SeatStatus.CONFIRMED, SeatStatus.WAITING),
                )
                .exclude(pk=seat.pk)
                .exists()
            ):
                raise AlreadyRegistered()
            changed = Seat.objects.filter(
                pk=seat.pk,
                status__in=(SeatStatus.CONFIRMED, SeatStatus.WAITING),
                checked_in_at=None,
                session__ends_at__gt=timezone.now(),
            ).update(attendee_name=name, attendee_email=email)
            if changed != 1:
                raise SeatStateConflict()
            # the new holder gets the seat's message (and its QR code); the old one is told it went
            notifications.seats_changed([seat], "transferred", to=seat.attendee_email)
            notifications.seats_changed(
                [seat], "confirmed" if seat.status == SeatStatus.CONFIRMED else "waiting"
            )
    except IntegrityError as error:
        raise AlreadyRegistered() from error
    seat.refresh_from_db()
    return seat


def seat_check_in(*, seat: Seat, user) -> Seat:
    """The organiser (or an officer) marks a confirmed attendee present; the certificate of
    attendance is issued at once. Checking in twice changes nothing."""
    seat = selectors.seats_managed_by(user).filter(pk=seat.pk).first()
    if seat is None:
        raise NotFound(_("No such attendee among your events."), code="training_seat_not_found")
    if seat.checked_in_at is not None:
        return seat
    now = timezone.now()
    session = seat.session
    if not session.starts_at - CHECK_IN_OPENS <= now <= session.ends_at + CHECK_IN_CLOSES:
        raise CheckInRefused(_("Check-in opens a day before the session and closes 12 hours after it."))
    code = format_code(selectors.certificate_prefix(), timezone.localtime(session.starts_at).year, seat.pk)
    with transaction.atomic():
        changed = Seat.objects.filter(pk=seat.pk, status=SeatStatus.CONFIRMED, checked_in_at=None).update(
            checked_in_at=now, checked_in_by=user, certificate_code=code
        )
        if changed != 1:
            current = Seat.objects.get(pk=seat.pk)
            if current.checked_in_at is None:
                raise CheckInRefused()
    seat.refresh_from_db()
    return seat


def feedback_submit(*, seat: Seat, rating: int, comment: str = "") -> Feedback:
    """Once per attendee who was checked in, after the session ended."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise _invalid("rating", _("Choose 1 to 5 stars."))
    comment = _text(comment, "comment", max_length=2000, required=False)
    if seat.checked_in_at is None or seat.session.ends_at > timezone.now():
        raise FeedbackRefused()
    try:
        with transaction.atomic():
            return Feedback.objects.create(seat=seat, rating=rating, comment=comment)
    except IntegrityError as error:
        raise FeedbackRefused() from error
