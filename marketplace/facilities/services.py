"""Facility writes: providers apply and are approved, list facilities, SMEs book sessions.

Bookings go through the booking engine shared with consultant bookings
(`marketplace.core.timeslots`): the overlap check and the insert run in one transaction; on SQLite
every write transaction is BEGIN IMMEDIATE, so they are serialised; on PostgreSQL two concurrent
inserts can both pass the check and the exclusion constraint refuses the second (`insert_holding`
turns it into the same 409 `slot_taken`). Every state change goes through `transition()` with
`BOOKING_WORKFLOW` (compare-and-swap + audit).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from marketplace.core.audit import audit_record
from marketplace.core.timeslots import Reminder, expire_due, hold_until, insert_holding, send_due_reminders
from marketplace.core.transitions import transition
from marketplace.enterprises.models import Enterprise

from . import notifications, selectors
from . import workflow as wf
from .errors import (
    BeyondHorizon,
    FacilityBookingConflict,
    FacilityBookingTransitionError,
    FacilityNotFound,
    InvalidFacility,
    NaiveTime,
    NotAnEnterpriseMember,
    NotAProviderMember,
    NotYourTurn,
    OutsideOpeningHours,
    ProviderNotApproved,
    Required,
    SlotTaken,
    TimeInPast,
    TooEarly,
    TooManyPending,
    TooManyPeople,
)
from .models import (
    HOLDING_STATUSES,
    PENDING_STATUSES,
    Facility,
    FacilityBooking,
    FacilityBookingStatus,
    FacilityKind,
    PriceUnit,
    Provider,
    ProviderKind,
    ProviderMembership,
    ProviderStatus,
)
from .pricing import booking_split

MAX_PENDING_PER_FACILITY = 2


def _required(**values: str) -> None:
    missing = {name: [str(Required.default_message)] for name, value in values.items() if not value}
    if missing:
        raise Required(fields=missing)


# ---- providers ----


def provider_apply(*, user, name: str, kind: str, address: str, email: str, phone: str = "") -> Provider:
    """A user registers an innovation centre or laboratory; an officer approves it before its
    facilities are listed. The user becomes its first member."""
    name, address, email = (name or "").strip(), (address or "").strip(), (email or "").strip()
    _required(name=name, address=address, email=email)
    if kind not in ProviderKind.values:
        raise InvalidFacility(fields={"kind": [str(InvalidFacility.default_message)]})
    with transaction.atomic():
        provider = Provider.objects.create(
            name=name[:200], kind=kind, address=address[:255], email=email[:254], phone=(phone or "")[:20]
        )
        ProviderMembership.objects.create(provider=provider, user=user)
        audit_record(subject=provider, actor=user, action="facility_provider.apply", to_state=provider.status)
    return provider


def provider_decide(*, provider: Provider, officer, approve: bool, reason: str = "") -> Provider:
    if not getattr(officer, "is_officer", False):
        raise NotYourTurn()
    reason = (reason or "").strip()
    if not approve and not reason:
        raise Required(fields={"reason": [str(Required.default_message)]})
    with transaction.atomic():
        transition(
            provider,
            workflow=wf.PROVIDER_WORKFLOW,
            action=wf.APPROVE if approve else wf.REJECT,
            actor=officer,
            reason=reason,
            changes={"status_reason": reason, "decided_by": officer, "decided_at": timezone.now()},
            invalid_error=FacilityBookingTransitionError,
            conflict_error=FacilityBookingConflict,
        )
    return provider


# ---- facilities ----

FACILITY_FIELDS = (
    "name",
    "kind",
    "description",
    "rules",
    "capacity",
    "open_days",
    "opens_at",
    "closes_at",
    "slot_minutes",
    "price",
    "price_unit",
    "support_eligible",
    "auto_confirm",
    "is_published",
)


def _validate_facility(data: dict) -> dict:
    errors: dict[str, list[str]] = {}

    def bad(field: str, message) -> None:
        errors.setdefault(field, []).append(str(message))

    from django.utils.translation import gettext as _

    if not (data.get("name") or "").strip():
        bad("name", Required.default_message)
    if data.get("kind") not in FacilityKind.values:
        bad("kind", _("Choose a kind."))
    if not (data.get("description") or "").strip():
        bad("description", Required.default_message)
    if data.get("price_unit") not in PriceUnit.values:
        bad("price_unit", _("Choose per hour or per session."))
    for field, low, high in (("capacity", 1, 500), ("slot_minutes", 15, 720), ("price", 0, 10**12)):
        value = data.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            bad(field, _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
    days = data.get("open_days")
    if not isinstance(days, list) or not days or any(d not in range(7) for d in days):
        bad("open_days", _("Choose at least one weekday."))
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if opens is None or closes is None or closes <= opens:
        bad("closes_at", _("The closing time must be after the opening time."))
    if errors:
        raise InvalidFacility(fields=errors)
    data["name"] = data["name"].strip()[:200]
    data["open_days"] = sorted(set(days))
    return data


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "facility"
    slug, n = base, 2
    while Facility.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def facility_create(*, provider: Provider, actor, slug: str = "", **data) -> Facility:
    if not selectors.is_provider_member(provider, actor):
        raise NotAProviderMember()
    if provider.status != ProviderStatus.APPROVED:
        raise ProviderNotApproved()
    defaults = {f.name: f.get_default() for f in Facility._meta.fields if f.name in FACILITY_FIELDS}
    values = _validate_facility({**defaults, **{k: v for k, v in data.items() if k in FACILITY_FIELDS}})
    with transaction.atomic():
        facility = Facility.objects.create(
            provider=provider, slug=slug or _unique_slug(values["name"]), **values
        )
        audit_record(subject=facility, actor=actor, action="facility.create")
    return facility


def facility_update(*, facility: Facility, actor, **data) -> Facility:
    """Only the provider's own members edit a facility (anyone else: not found, as if absent)."""
    if not selectors.is_provider_member(facility.provider_id, actor):
        raise FacilityNotFound()
    current = {name: getattr(facility, name) for name in FACILITY_FIELDS}
    values = _validate_facility({**current, **{k: v for k, v in data.items() if k in FACILITY_FIELDS}})
    with transaction.atomic():
        Facility.objects.filter(pk=facility.pk).update(**values, updated_at=timezone.now())
        for name, value in values.items():
            setattr(facility, name, value)
        audit_record(subject=facility, actor=actor, action="facility.update")
    return facility


# ---- bookings ----


def _transition(booking: FacilityBooking, action: str, *, actor, reason: str = "", changes=None, data=None):
    return transition(
        booking,
        workflow=wf.BOOKING_WORKFLOW,
        action=action,
        actor=actor,
        reason=reason,
        changes=changes,
        data=data,
        invalid_error=FacilityBookingTransitionError,
        conflict_error=FacilityBookingConflict,
    )


def _require_party(booking: FacilityBooking, actor, party: str) -> None:
    if selectors.booking_party(booking, actor) != party:
        raise NotYourTurn()


def _check_time(facility: Facility, start: datetime, now: datetime) -> datetime:
    """Clear 400s for a time that cannot be booked at all; returns the end of the session."""
    if not isinstance(start, datetime) or timezone.is_naive(start):
        raise NaiveTime(fields={"start": [str(NaiveTime.default_message)]})
    if start <= now:
        raise TimeInPast(fields={"start": [str(TimeInPast.default_message)]})
    if start > now + timedelta(days=selectors.horizon_days()):
        raise BeyondHorizon(fields={"start": [str(BeyondHorizon.default_message)]})
    end = start + timedelta(minutes=facility.slot_minutes)
    if start not in selectors.sessions(facility, start=start, end=end):
        raise OutsideOpeningHours(fields={"start": [str(OutsideOpeningHours.default_message)]})
    return end


def _taken(facility: Facility, start: datetime) -> SlotTaken:
    return SlotTaken(next_slots=selectors.next_free_slots(facility, after=start))


def booking_request(
    *,
    facility: Facility,
    enterprise: Enterprise,
    requested_by,
    start: datetime,
    purpose: str,
    participants: int = 1,
    now: datetime | None = None,
) -> FacilityBooking:
    """An SME member books a session: held until the provider confirms (or confirmed at once when
    the facility confirms automatically). The SME's share after support is fixed now."""
    now = now or timezone.now()
    if not requested_by.enterprise_memberships.filter(enterprise=enterprise).exists():
        raise NotAnEnterpriseMember()
    if not selectors.facilities_public().filter(pk=facility.pk).exists():
        raise FacilityNotFound()
    purpose = (purpose or "").strip()
    _required(purpose=purpose)
    if not isinstance(participants, int) or participants < 1 or participants > facility.capacity:
        raise TooManyPeople(fields={"participants": [str(TooManyPeople.default_message)]})
    end = _check_time(facility, start, now)
    split = booking_split(
        price=facility.slot_price, size_class=enterprise.size_class, eligible=facility.support_eligible
    )
    with transaction.atomic():
        holding = FacilityBooking.objects.filter(facility=facility, status__in=HOLDING_STATUSES)
        # holds that ran out hold nothing, but the exclusion constraint still sees them: expire first
        for lapsed in holding.filter(
            status__in=PENDING_STATUSES, hold_expires_at__lte=now, start_at__lt=end, end_at__gt=start
        ):
            _expire_one(lapsed)
        pending = holding.filter(enterprise=enterprise, status__in=PENDING_STATUSES, hold_expires_at__gt=now)
        if pending.count() >= MAX_PENDING_PER_FACILITY:
            raise TooManyPending()
        if holding.filter(start_at__lt=end, end_at__gt=start).exists():
            raise _taken(facility, start)
        auto = facility.auto_confirm
        booking = insert_holding(
            FacilityBooking(
                facility=facility,
                enterprise=enterprise,
                requested_by=requested_by,
                status=FacilityBookingStatus.CONFIRMED if auto else FacilityBookingStatus.REQUESTED,
                start_at=start,
                end_at=end,
                participants=participants,
                purpose=purpose[:200],
                hold_expires_at=None if auto else hold_until(start, now, hours=settings.BOOKING_HOLD_HOURS),
                price=split.price,
                support=split.support,
                sme_share=split.sme_share,
            ),
            constraint="facility_booking_no_overlap",
            taken=lambda: _taken(facility, start),
        )
        audit_record(
            subject=booking,
            actor=requested_by,
            action="facility_booking.request",
            to_state=booking.status,
            data={"start": start.isoformat(), "end": end.isoformat(), "auto_confirmed": auto},
        )
        notifications.booking_event(booking, "confirmed" if auto else "requested")
    return booking


def booking_confirm(*, booking: FacilityBooking, actor) -> FacilityBooking:
    _require_party(booking, actor, selectors.PROVIDER)
    with transaction.atomic():
        _transition(booking, wf.CONFIRM, actor=actor, changes={"hold_expires_at": None})
        notifications.booking_event(booking, "confirmed")
    return booking


def booking_decline(*, booking: FacilityBooking, actor, reason: str) -> FacilityBooking:
    _require_party(booking, actor, selectors.PROVIDER)
    reason = (reason or "").strip()
    _required(reason=reason)
    with transaction.atomic():
        _transition(booking, wf.DECLINE, actor=actor, reason=reason, changes={"status_reason": reason})
        notifications.booking_event(booking, "declined")
    return booking


def booking_cancel(*, booking: FacilityBooking, actor, reason: str) -> FacilityBooking:
    party = selectors.booking_party(booking, actor)
    if party is None:
        raise NotYourTurn()
    reason = (reason or "").strip()
    _required(reason=reason)
    with transaction.atomic():
        _transition(
            booking,
            wf.CANCEL,
            actor=actor,
            reason=reason,
            changes={"status_reason": reason, "sequence": booking.sequence + 1},
            data={"by": party},
        )
        notifications.booking_event(booking, "cancelled")
    return booking


def booking_record_outcome(*, booking: FacilityBooking, actor, note: str, now=None) -> FacilityBooking:
    """After the session, the enterprise records what it tried (a short note): the booking is used."""
    _require_party(booking, actor, selectors.SME)
    if booking.start_at > (now or timezone.now()):
        raise TooEarly()
    note = (note or "").strip()
    _required(note=note)
    with transaction.atomic():
        _transition(booking, wf.USE, actor=actor, changes={"outcome_note": note[:2000]})
    return booking


def booking_mark_no_show(*, booking: FacilityBooking, actor, now=None) -> FacilityBooking:
    _require_party(booking, actor, selectors.PROVIDER)
    if booking.start_at > (now or timezone.now()):
        raise TooEarly()
    with transaction.atomic():
        _transition(booking, wf.NO_SHOW, actor=actor)
    return booking


# ---- background work (tasks.py runs these; tests call them directly) ----


def _expire_one(booking: FacilityBooking) -> bool:
    try:
        _transition(booking, wf.EXPIRE, actor=None, changes={"hold_expires_at": None})
    except (FacilityBookingTransitionError, FacilityBookingConflict):
        return False  # answered in the meantime
    notifications.booking_event(booking, "expired")
    return True


def bookings_expire_holds(*, now: datetime | None = None) -> int:
    """Requests the provider did not answer in time: expire them, free the sessions. Idempotent."""
    now = now or timezone.now()
    due = FacilityBooking.objects.filter(status__in=PENDING_STATUSES, hold_expires_at__lte=now)
    return expire_due(due, _expire_one)


REMINDERS = (
    Reminder("reminder_24h_sent_at", timedelta(hours=24), "reminder_24h"),
    Reminder("reminder_1h_sent_at", timedelta(hours=1), "reminder_1h"),
)


def bookings_send_reminders(*, now: datetime | None = None) -> int:
    due = FacilityBooking.objects.filter(status=FacilityBookingStatus.CONFIRMED)
    return send_due_reminders(due, REMINDERS, notifications.booking_event, now=now or timezone.now())


def booking_mark_paid(*, booking: FacilityBooking, payment_id: int) -> bool:
    """The SME's share was paid (payments calls this in the payment's transaction); once only."""
    changed = FacilityBooking.objects.filter(pk=booking.pk, paid_at__isnull=True).update(
        paid_at=timezone.now()
    )
    if changed:
        audit_record(subject=booking, actor=None, action="facility_booking.pay", data={"payment": payment_id})
    return bool(changed)
