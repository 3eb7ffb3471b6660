"""The generic half of booking a resource's time: one engine for consultants and facilities.

Decision (issue 20, "prefer one booking engine for consultants and facilities"): the parts of a
booking that do not depend on *what* is booked live here, on the ground floor, and both
`consultants.bookings` (a consultant's time) and `marketplace.facilities` (an innovation centre's
test bench, lab or demo room) build on them:

- the no-overlap guarantee: `no_overlap_constraint` declares the PostgreSQL exclusion constraint
  over ``(resource =, [start, end) &&)`` limited to the statuses that hold time, `PostgreSQLOnly`
  applies it in migrations, and `insert_holding` inserts in a savepoint and turns a lost race (the
  constraint refusing the second insert) into the caller's domain error (HTTP 409). On SQLite every
  write transaction is BEGIN IMMEDIATE, so the caller's check-then-insert is serialised instead;
- holds: `hold_until` (a hold never outlives the start) and `live_hold` (a pending hold that ran
  out holds nothing, even before the expiry task has run); `expire_due` runs the expiry;
- reminders: `send_due_reminders` sends each reminder once (a conditional update claims it);
- iCalendar (RFC 5545): `ics_event` / `ics_calendar` build one event per booking chain;
- the errors a time can fail with (`NaiveTime`, `TimeInPast`, `BeyondHorizon`, `SlotTaken` with the
  next free slots), the same codes for every engine; `TimeSlot`, the abstract model of the columns
  the mechanisms above read (times, hold, reminder markers, iCalendar sequence).

What stays in each app is what differs: who may book and answer, the states and their workflow,
how free time is computed (a consultant's weekly hours and exceptions; a facility's opening hours),
capacity rules, prices and support. A generic "bookable resource" table joining both was weighed and
rejected: the consultant engine's hot path is pinned to a few hand-written statements over its own
table (tests/consultants/bookings/test_request_cost.py), and moving its rows behind a generic
foreign key would slow it and churn a migrated table for no new guarantee. Sharing the mechanisms
keeps one implementation of each guarantee and leaves both tables simple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import IntegrityError, migrations, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, DomainError


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()  # only ever used inside the exclusion constraint


class TimeSlot(models.Model):
    """The columns the shared mechanisms read on a booking of any resource: its time, the hold of a
    pending request, the reminder markers (claimed once each) and the iCalendar sequence (raised on
    every change a calendar must follow)."""

    start_at = models.DateTimeField(_("starts"))
    end_at = models.DateTimeField(_("ends"))
    hold_expires_at = models.DateTimeField(_("held until"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_24h_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_1h_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def duration_hours(self) -> float:
        return (self.end_at - self.start_at).total_seconds() / 3600


def no_overlap_constraint(
    *, name: str, resource: str, holding: Iterable[str], start: str = "start_at", end: str = "end_at"
) -> ExclusionConstraint:
    """No two rows of one `resource` whose status is in `holding` overlap in [start, end)."""
    return ExclusionConstraint(
        name=name,
        expressions=[
            (TsTzRange(start, end, RangeBoundary()), RangeOperators.OVERLAPS),
            (resource, RangeOperators.EQUAL),
        ],
        condition=Q(status__in=[str(s) for s in holding]),
    )


class PostgreSQLOnly(migrations.AddConstraint):
    """Adds an exclusion constraint on PostgreSQL only (SQLite has no EXCLUDE); the model state
    carries it on both, so makemigrations stays clean. SQLite's guarantee is the serialised
    check-and-insert in the booking services."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def overlapping(start: datetime, end: datetime) -> Q:
    """Rows whose [start_at, end_at) overlaps [start, end)."""
    return Q(start_at__lt=end, end_at__gt=start)


def live_hold(now: datetime) -> Q:
    """Rows whose hold has not run out (confirmed rows carry no hold)."""
    return Q(hold_expires_at__isnull=True) | Q(hold_expires_at__gt=now)


def hold_until(start: datetime, now: datetime, *, hours: int) -> datetime:
    """A request holds its time `hours` at most, and never past the start."""
    return min(now + timedelta(hours=hours), start)


def insert_holding(row: models.Model, *, constraint: str, taken: Callable[[], Exception]) -> models.Model:
    """Insert `row` in a savepoint; the exclusion constraint refusing it raises `taken()` instead.

    The savepoint leaves the caller's transaction usable after a lost race."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        if constraint not in str(error):
            raise
        raise taken() from error
    return row


def expire_due(due: models.QuerySet, expire_one: Callable[[models.Model], bool]) -> int:
    """Run `expire_one` on each row of `due` in its own transaction, in primary-key order; idempotent
    as long as `expire_one` moves only rows still pending (a compare-and-swap transition)."""
    count = 0
    for row in due.order_by("pk"):
        with transaction.atomic():
            count += bool(expire_one(row))
    return count


@dataclass(frozen=True)
class Reminder:
    field: str  # the row's "sent at" marker
    ahead: timedelta
    event: str


def send_due_reminders(
    base: models.QuerySet,
    reminders: Sequence[Reminder],
    notify: Callable[[models.Model, str], None],
    *,
    now: datetime,
    shortest_wins: bool = True,
) -> int:
    """Each reminder once per row of `base` (rows starting within `ahead`): the marker is claimed by
    a conditional update, so two workers never both send it. With `shortest_wins`, a row booked at
    such short notice that a later (shorter) reminder is already due gets only that one."""
    sent = 0
    model = base.model
    for index, reminder in enumerate(reminders):
        due = base.filter(
            start_at__gt=now, start_at__lte=now + reminder.ahead, **{f"{reminder.field}__isnull": True}
        )
        shorter = [r.ahead for r in reminders[index + 1 :]]
        for row in due.order_by("pk"):
            with transaction.atomic():
                claimed = model.objects.filter(pk=row.pk, **{f"{reminder.field}__isnull": True}).update(
                    **{reminder.field: now}
                )
                if not claimed:
                    continue
                if shortest_wins and shorter and row.start_at - now <= min(shorter):
                    continue  # booked at short notice: the shorter reminder is enough
                notify(row, reminder.event)
                sent += 1
    return sent


# ---- the errors every booking engine answers with (stable codes clients match on) ---------------


class NaiveTime(DomainError):
    code = "time_without_offset"
    default_message = _("Give the time in ISO-8601 with a UTC offset, e.g. 2026-06-01T09:00:00+07:00.")


class TimeInPast(DomainError):
    code = "time_in_past"
    default_message = _("This time has already passed.")


class BeyondHorizon(DomainError):
    code = "beyond_booking_horizon"
    default_message = _("This time is too far ahead to book.")


class SlotTaken(Conflict):
    """Lost the race for a slot (or it was already held): the response carries the next free slots."""

    code = "slot_taken"
    default_message = _("Someone else has just taken this time. Choose one of the next free times.")

    def __init__(self, message=None, *, next_slots=(), **kwargs):
        super().__init__(message, **kwargs)
        self.next_slots = list(next_slots)
        self.fields = {"next_slots": [slot.isoformat() for slot in self.next_slots]}


# ---- iCalendar -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    email: str
    name: str


def ics_calendar(method: str | None, *, name: str = ""):
    """An iCalendar with this product's PRODID; `method` REQUEST/CANCEL for invitations, None for a
    subscribable feed (RFC 5545 publishing feeds carry no METHOD)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//So KH&CN//DX marketplace bookings//VI")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def ics_event(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    summary: str,
    description: str,
    location: str,
    status: str,
    organizer: Party,
    attendee: Party,
):
    """One VEVENT in UTC. `status` is CONFIRMED, TENTATIVE or CANCELLED; a moved booking keeps its
    UID and raises SEQUENCE so calendar apps move the event instead of adding a second one."""
    from icalendar import Event, vCalAddress, vText

    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    if location:
        event.add("location", location)
    event.add("status", status)
    who = vCalAddress(f"mailto:{organizer.email}")
    who.params["cn"] = vText(organizer.name)
    event.add("organizer", who)
    guest = vCalAddress(f"mailto:{attendee.email}")
    guest.params["cn"] = vText(attendee.name)
    guest.params["role"] = vText("REQ-PARTICIPANT")
    event.add("attendee", guest)
    return event
