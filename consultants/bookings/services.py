"""Booking writes: request (hold a slot), answer, cancel, reschedule, record the outcome, expire, remind.

Every state change goes through `transition()` with `BOOKING_WORKFLOW` (compare-and-swap + audit).
No double booking: the overlap check and the insert run in one transaction; on SQLite every write
transaction is BEGIN IMMEDIATE, so they are serialised; on PostgreSQL two concurrent inserts can both
pass the check, and the exclusion constraint refuses the second (its IntegrityError becomes the same
409 `slot_taken`). When the consultant has a weekly capacity, the calendar row is locked first so
the hours are summed consistently.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from consultants import selectors as consultant_selectors
from consultants.models import Consultant, ServiceMode
from marketplace.core.audit import audit_record
from marketplace.core.documents import process_document, save_processed_document
from marketplace.core.locks import lock_row
from marketplace.core.timeslots import Reminder, expire_due, hold_until, insert_holding, send_due_reminders
from marketplace.core.transitions import transition
from marketplace.enterprises.models import Enterprise

from . import notifications, selectors
from . import workflow as wf
from .errors import (
    BeyondHorizon,
    BookingConflict,
    BookingTransitionError,
    CapacityReached,
    ConsultantNotBookable,
    MessageEmpty,
    NaiveTime,
    NotAnEnterpriseMember,
    NotOnSlotBoundary,
    NotYourTurn,
    OutsideFreeHours,
    ReasonRequired,
    ServiceModeNotOffered,
    SlotTaken,
    TimeInPast,
    TooEarly,
    TooManyPending,
)
from .models import (
    HOLDING_STATUSES,
    PENDING_STATUSES,
    Booking,
    BookingMessage,
    BookingStatus,
    Calendar,
    CalendarFeed,
    Party,
    new_feed_token,
    new_ical_uid,
)

# Sent after commit whenever a booking starts or stops holding time (matching forgets cached free hours).
holds_changed = Signal()


def _hold_hours() -> int:
    return settings.BOOKING_HOLD_HOURS


def _after_commit_holds_changed(consultant_id: int) -> None:
    transaction.on_commit(lambda: holds_changed.send(sender=Booking, consultant_id=consultant_id))


def _transition(booking: Booking, action: str, *, actor, reason: str = "", changes=None, data=None):
    return transition(
        booking,
        workflow=wf.BOOKING_WORKFLOW,
        action=action,
        actor=actor,
        reason=reason,
        changes=changes,
        data=data,
        invalid_error=BookingTransitionError,
        conflict_error=BookingConflict,
    )


def _require_party(booking: Booking, actor, party: str) -> None:
    if selectors.booking_party(booking, actor) != party:
        raise NotYourTurn()


def _require_any_party(booking: Booking, actor) -> str:
    party = selectors.booking_party(booking, actor)
    if party is None:
        raise NotYourTurn()
    return party


# ---- the slot rules, shared by request, proposal and reschedule ----


def _check_time(consultant: Consultant, start: datetime, now: datetime) -> datetime:
    """Clear 400s for a time that cannot be booked at all; returns the end of the slot."""
    if timezone.is_naive(start):
        raise NaiveTime()
    step = timedelta(minutes=selectors.slot_minutes())
    if start <= now:
        raise TimeInPast()
    if start > now + timedelta(days=settings.BOOKING_HORIZON_DAYS):
        raise BeyondHorizon()
    zone = ZoneInfo(consultant.time_zone)
    local_day = start.astimezone(zone).date()
    day_start = datetime(local_day.year, local_day.month, local_day.day, tzinfo=zone)
    offered = consultant_selectors.consultant_free_slots(
        consultant,
        start=day_start,
        end=day_start + timedelta(days=1),
        slot_minutes=selectors.slot_minutes(),
    )
    if start not in offered:
        if any(slot < start < slot + step for slot in offered):
            raise NotOnSlotBoundary()
        raise OutsideFreeHours()
    return start + step


def _lock_calendar(consultant: Consultant) -> Calendar:
    """The consultant's calendar, locked only when a weekly capacity must be summed consistently.

    Overlaps need no lock: PostgreSQL's exclusion constraint refuses the second insert (and the
    service answers slot_taken), and SQLite runs one writer at a time. Locking every booking of a
    consultant would queue all their requests behind one another for nothing.
    """
    calendar = Calendar.objects.filter(consultant=consultant).first()
    if calendar is None or not calendar.weekly_capacity_hours:
        return calendar or Calendar(consultant=consultant)
    return lock_row(Calendar.objects.all(), calendar.pk)


def _expire_overdue(consultant: Consultant, now: datetime) -> None:
    """Holds that ran out free their slot now, even if the expiry task has not run yet."""
    for booking in consultant.bookings.filter(status__in=PENDING_STATUSES, hold_expires_at__lte=now):
        _expire_one(booking)


def _check_overlap(
    consultant: Consultant, start: datetime, end: datetime, *, ignore: int | None = None
) -> None:
    overlapping = consultant.bookings.filter(status__in=HOLDING_STATUSES, start_at__lt=end, end_at__gt=start)
    if ignore:
        overlapping = overlapping.exclude(pk=ignore)
    if overlapping.exists():
        raise SlotTaken(next_slots=selectors.next_free_slots(consultant, after=start))


def _check_capacity(
    consultant: Consultant,
    calendar: Calendar,
    start: datetime,
    end: datetime,
    *,
    ignore: int | None = None,
    now: datetime | None = None,
) -> None:
    """The weekly capacity (hours in the consultant's local Monday-to-Sunday week) caps held time
    (holds that ran out hold nothing); `ignore` is a booking whose time is being replaced."""
    if not calendar.weekly_capacity_hours:
        return
    zone = ZoneInfo(consultant.time_zone)
    local = start.astimezone(zone)
    monday = (local - timedelta(days=local.weekday())).date()
    week_start = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    booked = consultant.bookings.filter(
        status__in=HOLDING_STATUSES, start_at__gte=week_start, start_at__lt=week_start + timedelta(days=7)
    ).exclude(selectors.lapsed_hold(now or timezone.now()))
    if ignore:
        booked = booked.exclude(pk=ignore)
    hours = sum((b - a).total_seconds() for a, b in booked.values_list("start_at", "end_at")) / 3600
    if hours + (end - start).total_seconds() / 3600 > calendar.weekly_capacity_hours:
        raise CapacityReached()


def _insert(booking: Booking) -> Booking:
    return insert_holding(
        booking,
        constraint="booking_no_overlap_while_holding",
        taken=lambda: SlotTaken(
            next_slots=selectors.next_free_slots(booking.consultant, after=booking.start_at)
        ),
    )


def _hold_until(start: datetime, now: datetime) -> datetime:
    return hold_until(start, now, hours=_hold_hours())


# ---- request ----


def _request_facts(consultant: Consultant, enterprise: Enterprise, user, now: datetime) -> Consultant:
    """The consultant with what a request checks (bookable, membership, capacity), read in one
    statement unless the caller loaded it with `selectors.consultant_for_booking` for the same pair."""
    if getattr(consultant, "booking_facts_for", None) == (enterprise.pk, user.pk):
        return consultant
    fresh = selectors.consultant_for_booking(consultant.pk, enterprise=enterprise, user=user, now=now)
    if fresh is None:
        raise ConsultantNotBookable()
    return fresh


def booking_request(
    *,
    consultant: Consultant,
    enterprise: Enterprise,
    requested_by,
    start: datetime,
    service_mode: str,
    topic: str,
    message: str = "",
    now: datetime | None = None,
) -> Booking:
    """An SME member asks for a slot: the slot is held until the consultant answers or the hold ends.

    Statements on the way (pinned by a test): the consultant with its facts, the day's weekly hours
    and exceptions, then in the transaction one read of the enterprise's pending requests and of
    what overlaps, the insert (in a savepoint), the audit row. The calendar row is locked only when a
    weekly capacity must be summed; e-mails go to the task runner after commit.
    """
    now = now or timezone.now()
    consultant = _request_facts(consultant, enterprise, requested_by, now)
    if not consultant.booking_member:
        raise NotAnEnterpriseMember()
    if consultant.user_id == requested_by.pk or not consultant.booking_bookable:
        raise ConsultantNotBookable()
    if service_mode not in consultant.service_modes:
        raise ServiceModeNotOffered(fields={"service_mode": [str(ServiceModeNotOffered.default_message)]})
    topic = (topic or "").strip()
    if not topic:
        raise ReasonRequired(fields={"topic": [str(ReasonRequired.default_message)]}, code="topic_required")
    end = _check_time(consultant, start, now)
    with transaction.atomic():
        # No capacity (read with the consultant): nothing to sum, so no lock (see _lock_calendar). A
        # capacity set while this request runs applies from the next request, as if it came later.
        if consultant.booking_capacity:
            calendar = _lock_calendar(consultant)
        else:
            calendar = Calendar(consultant=consultant)
        conflicts = selectors.request_conflicts(
            consultant, enterprise=enterprise, start=start, end=end, now=now
        )
        if conflicts["pending"] >= settings.BOOKING_MAX_PENDING_PER_CONSULTANT:
            raise TooManyPending()
        if conflicts["overlapping"]:
            raise SlotTaken(next_slots=selectors.next_free_slots(consultant, after=start))
        if conflicts["lapsed"]:
            # holds that ran out still count for the exclusion constraint: expire them first
            for lapsed in selectors.lapsed_overlapping(consultant, start=start, end=end, now=now):
                _expire_one(lapsed)
        _check_capacity(consultant, calendar, start, end, now=now)
        booking = _insert(
            Booking(
                consultant=consultant,
                enterprise=enterprise,
                requested_by=requested_by,
                start_at=start,
                end_at=end,
                service_mode=service_mode,
                location=enterprise.address if service_mode == ServiceMode.ON_SITE else "",
                topic=topic[:200],
                message=(message or "").strip(),
                hold_expires_at=_hold_until(start, now),
                ical_uid=new_ical_uid(),
            )
        )
        audit_record(
            subject=booking,
            actor=requested_by,
            action="booking.request",
            to_state=booking.status,
            data={"start": start.isoformat(), "end": end.isoformat()},
        )
        _after_commit_holds_changed(consultant.pk)
        notifications.booking_event(booking, "requested")
    return booking


# ---- the consultant answers ----


def booking_confirm(*, booking: Booking, actor, meeting_url: str = "") -> Booking:
    _require_party(booking, actor, Party.CONSULTANT)
    with transaction.atomic():
        changes = {"hold_expires_at": None}
        if meeting_url:
            changes["meeting_url"] = meeting_url
        _transition(booking, wf.CONFIRM, actor=actor, changes=changes)
        _supersede_predecessor(booking, actor)
        notifications.booking_event(booking, "confirmed")
    return booking


def booking_decline(*, booking: Booking, actor, reason: str) -> Booking:
    _require_party(booking, actor, Party.CONSULTANT)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    with transaction.atomic():
        _transition(booking, wf.DECLINE, actor=actor, reason=reason, changes={"status_reason": reason})
        _after_commit_holds_changed(booking.consultant_id)
        notifications.booking_event(booking, "declined")
    return booking


def booking_propose(*, booking: Booking, actor, start: datetime, reason: str = "", now=None) -> Booking:
    """The consultant offers another time: the booking now holds that time (the old one is freed)
    until the enterprise accepts or declines, or the hold ends."""
    _require_party(booking, actor, Party.CONSULTANT)
    now = now or timezone.now()
    consultant = booking.consultant
    end = _check_time(consultant, start, now)
    with transaction.atomic():
        calendar = _lock_calendar(consultant)
        _expire_overdue(consultant, now)
        _check_overlap(consultant, start, end, ignore=booking.pk)
        _check_capacity(consultant, calendar, start, end, ignore=booking.pk)
        previous = (booking.start_at.isoformat(), booking.end_at.isoformat())
        try:
            with transaction.atomic():
                _transition(
                    booking,
                    wf.PROPOSE,
                    actor=actor,
                    reason=reason,
                    changes={
                        "start_at": start,
                        "end_at": end,
                        "hold_expires_at": _hold_until(start, now),
                        "status_reason": reason,
                    },
                    data={"from": previous, "to": (start.isoformat(), end.isoformat())},
                )
        except IntegrityError as error:
            raise SlotTaken(next_slots=selectors.next_free_slots(consultant, after=start)) from error
        _after_commit_holds_changed(consultant.pk)
        notifications.booking_event(booking, "proposed")
    return booking


# ---- the enterprise answers a proposed time ----


def booking_accept_proposal(*, booking: Booking, actor) -> Booking:
    _require_party(booking, actor, Party.SME)
    with transaction.atomic():
        _transition(booking, wf.ACCEPT_PROPOSAL, actor=actor, changes={"hold_expires_at": None})
        _supersede_predecessor(booking, actor)
        notifications.booking_event(booking, "confirmed")
    return booking


def booking_decline_proposal(*, booking: Booking, actor, reason: str = "") -> Booking:
    _require_party(booking, actor, Party.SME)
    with transaction.atomic():
        _transition(
            booking, wf.DECLINE_PROPOSAL, actor=actor, reason=reason, changes={"status_reason": reason}
        )
        _after_commit_holds_changed(booking.consultant_id)
        notifications.booking_event(booking, "declined")
    return booking


# ---- either side ----


def cancellation_is_late(booking: Booking, now: datetime) -> bool:
    """A cancellation is free until the policy's number of hours before the start (one setting)."""
    return booking.start_at - now < timedelta(hours=selectors.cancellation_policy_hours())


def booking_cancel(*, booking: Booking, actor, reason: str, now: datetime | None = None) -> Booking:
    party = _require_any_party(booking, actor)
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    late = booking.status == BookingStatus.CONFIRMED and cancellation_is_late(booking, now)
    with transaction.atomic():
        _transition(
            booking,
            wf.CANCEL,
            actor=actor,
            reason=reason,
            changes={
                "status_reason": reason,
                "cancelled_by": party,
                "cancelled_late": late,
                "sequence": booking.sequence + 1,
            },
            data={"by": str(party), "late": late},
        )
        _after_commit_holds_changed(booking.consultant_id)
        notifications.booking_event(booking, "cancelled")
    return booking


def booking_reschedule(*, booking: Booking, actor, start: datetime, now: datetime | None = None) -> Booking:
    """Ask to move a confirmed booking: a new booking holds the new time; the old one keeps its slot
    until the new one is confirmed (by the other side), then steps aside as "rescheduled"."""
    party = _require_any_party(booking, actor)
    now = now or timezone.now()
    if booking.status != BookingStatus.CONFIRMED:
        raise BookingTransitionError(code="only_confirmed_can_be_rescheduled")
    if Booking.objects.filter(reschedule_of=booking, status__in=HOLDING_STATUSES).exists():
        raise TooManyPending(code="reschedule_pending")
    consultant = booking.consultant
    end = _check_time(consultant, start, now)
    with transaction.atomic():
        calendar = _lock_calendar(consultant)
        _expire_overdue(consultant, now)
        # the booking being moved keeps its slot until the new one is confirmed, so it still overlaps
        _check_overlap(consultant, start, end)
        _check_capacity(consultant, calendar, start, end, ignore=booking.pk)
        # the consultant moving it proposes (the enterprise accepts); the enterprise moving it requests
        status = BookingStatus.PROPOSED if party == Party.CONSULTANT else BookingStatus.REQUESTED
        Booking.objects.filter(reschedule_of=booking).update(reschedule_of=None)  # an earlier, ended try
        new = _insert(
            Booking(
                consultant=consultant,
                enterprise=booking.enterprise,
                requested_by=actor if party == Party.SME else booking.requested_by,
                status=status,
                start_at=start,
                end_at=end,
                service_mode=booking.service_mode,
                location=booking.location,
                meeting_url=booking.meeting_url,
                topic=booking.topic,
                message=booking.message,
                hold_expires_at=_hold_until(start, now),
                reschedule_of=booking,
                ical_uid=booking.ical_uid,
                sequence=booking.sequence + 1,
            )
        )
        audit_record(
            subject=new,
            actor=actor,
            action="booking.reschedule",
            to_state=new.status,
            data={"replaces": booking.pk, "start": start.isoformat()},
        )
        _after_commit_holds_changed(consultant.pk)
        notifications.booking_event(new, "rescheduled")
    return new


def _supersede_predecessor(booking: Booking, actor) -> None:
    """The reschedule was confirmed: the booking it replaces frees its slot."""
    _after_commit_holds_changed(booking.consultant_id)
    previous = booking.reschedule_of
    if previous is None:
        return
    _transition(previous, wf.SUPERSEDE, actor=actor, data={"replaced_by": booking.pk})


# ---- after the time ----


def booking_mark_held(*, booking: Booking, actor, note: str, next_step: str = "", now=None) -> Booking:
    _require_party(booking, actor, Party.CONSULTANT)
    if booking.start_at > (now or timezone.now()):
        raise TooEarly()
    with transaction.atomic():
        _transition(
            booking,
            wf.MARK_HELD,
            actor=actor,
            changes={"outcome_note": (note or "").strip(), "next_step": (next_step or "").strip()[:255]},
        )
        notifications.booking_event(booking, "held")
    return booking


def booking_mark_no_show(*, booking: Booking, actor, party: str, note: str = "", now=None) -> Booking:
    _require_party(booking, actor, Party.CONSULTANT)
    if party not in Party.values:
        raise ReasonRequired(fields={"party": [str(ReasonRequired.default_message)]}, code="party_required")
    if booking.start_at > (now or timezone.now()):
        raise TooEarly()
    with transaction.atomic():
        _transition(
            booking,
            wf.MARK_NO_SHOW,
            actor=actor,
            reason=note,
            changes={"no_show_by": party, "outcome_note": (note or "").strip()},
            data={"party": party},
        )
        notifications.booking_event(booking, "no_show")
    return booking


# ---- messages ----


def booking_message_post(*, booking: Booking, author, body: str = "", uploaded_file=None) -> BookingMessage:
    _require_any_party(booking, author)
    body = (body or "").strip()
    if not body and uploaded_file is None:
        raise MessageEmpty()
    message = BookingMessage(booking=booking, author=author, body=body)
    if uploaded_file is not None:
        processed = process_document(uploaded_file)
        message.file_name = save_processed_document(processed, prefix=f"private/bookings/{booking.pk}")
        message.original_name = processed.original_name
        message.content_type = processed.content_type
    with transaction.atomic():
        message.save()
        notifications.booking_message(message)
    return message


# ---- background work (tasks.py runs these; tests call them directly) ----


def _expire_one(booking: Booking) -> bool:
    try:
        _transition(booking, wf.EXPIRE, actor=None, changes={"hold_expires_at": None})
    except (BookingTransitionError, BookingConflict):
        return False  # answered in the meantime
    _after_commit_holds_changed(booking.consultant_id)
    notifications.booking_event(booking, "expired")
    return True


def bookings_expire_holds(*, now: datetime | None = None) -> int:
    """Pending requests and proposals nobody answered in time: expire them, free the slots. Idempotent."""
    now = now or timezone.now()
    due = Booking.objects.filter(status__in=PENDING_STATUSES, hold_expires_at__lte=now).select_related(
        "consultant__user", "enterprise"
    )
    return expire_due(due, _expire_one)


REMINDERS = (
    Reminder("reminder_24h_sent_at", timedelta(hours=24), "reminder_24h"),
    Reminder("reminder_1h_sent_at", timedelta(hours=1), "reminder_1h"),
)


def bookings_send_reminders(*, now: datetime | None = None) -> int:
    """Reminders 24 h and 1 h before confirmed bookings; each goes once (marketplace.core.timeslots)."""
    due = Booking.objects.filter(status=BookingStatus.CONFIRMED).select_related(
        "consultant__user", "enterprise"
    )
    return send_due_reminders(due, REMINDERS, notifications.booking_event, now=now or timezone.now())


def bookings_flag_uncertified(*, now: datetime | None = None) -> int:
    """Future holding bookings of consultants whose certificate lapsed (suspended, revoked, expired) are
    flagged and both sides told, once."""
    now = now or timezone.now()
    public = consultant_selectors.consultants_public(now).values("pk")
    due = (
        Booking.objects.filter(status__in=HOLDING_STATUSES, start_at__gt=now, flagged_reason="")
        .exclude(consultant__in=public)
        .select_related("consultant__user", "enterprise")
    )
    count = 0
    for booking in due.order_by("pk"):
        with transaction.atomic():
            if Booking.objects.filter(pk=booking.pk, flagged_reason="").update(flagged_reason="certificate"):
                booking.flagged_reason = "certificate"
                audit_record(subject=booking, actor=None, action="booking.flag", reason="certificate")
                notifications.booking_event(booking, "flagged")
                count += 1
    return count


# ---- the consultant's calendar settings and feeds ----


def calendar_set_capacity(*, consultant: Consultant, actor, hours: int | None) -> Calendar:
    if consultant.user_id != actor.pk:
        raise NotYourTurn()
    calendar, _created = Calendar.objects.get_or_create(consultant=consultant)
    calendar.weekly_capacity_hours = hours or None
    calendar.save(update_fields=["weekly_capacity_hours", "updated_at"])
    return calendar


def calendar_feed_for(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_revoke(*, user) -> CalendarFeed:
    """A new token: the old URL stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    audit_record(subject=feed, actor=user, action="booking.feed_revoke")
    return feed
