"""Booking errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class BookingError(DomainError):
    code = "booking_error"


class BookingNotFound(NotFound):
    code = "booking_not_found"
    default_message = _("No such booking.")


class ConsultantNotBookable(BookingError):
    code = "consultant_not_bookable"
    default_message = _(
        "This consultant cannot be booked: only certified consultants with a published profile can."
    )


class NotAnEnterpriseMember(PermissionDenied):
    code = "not_an_enterprise_member"
    default_message = _("Book on behalf of an enterprise you are a member of.")


class NaiveTime(BookingError):
    code = "time_without_offset"
    default_message = _("Give the time in ISO-8601 with a UTC offset, e.g. 2026-06-01T09:00:00+07:00.")


class TimeInPast(BookingError):
    code = "time_in_past"
    default_message = _("This time has already passed.")


class BeyondHorizon(BookingError):
    code = "beyond_booking_horizon"
    default_message = _("This time is too far ahead to book.")


class NotOnSlotBoundary(BookingError):
    code = "not_on_slot_boundary"
    default_message = _("Choose a time that starts one of the offered slots.")


class OutsideFreeHours(BookingError):
    code = "outside_free_hours"
    default_message = _("The consultant does not offer this time.")


class ServiceModeNotOffered(BookingError):
    code = "service_mode_not_offered"
    default_message = _("The consultant does not offer this way of meeting.")


class TooManyPending(BookingError):
    code = "too_many_pending_requests"
    default_message = _("You already have requests waiting for this consultant's answer.")


class CapacityReached(BookingError):
    code = "weekly_capacity_reached"
    default_message = _("The consultant's weekly capacity is fully booked for that week.")


class SlotTaken(Conflict):
    """Lost the race for a slot (or it was already held): the response carries the next free slots."""

    code = "slot_taken"
    default_message = _("Someone else has just taken this time. Choose one of the next free times.")

    def __init__(self, message=None, *, next_slots=(), **kwargs):
        super().__init__(message, **kwargs)
        self.next_slots = list(next_slots)
        self.fields = {"next_slots": [slot.isoformat() for slot in self.next_slots]}


class BookingTransitionError(InvalidTransition):
    code = "invalid_booking_transition"


class BookingConflict(Conflict):
    code = "booking_conflict"
    default_message = _("Someone else changed this booking first. Reload to see its current state.")


class NotYourTurn(PermissionDenied):
    code = "not_your_turn"
    default_message = _("The other side answers this step.")


class ReasonRequired(BookingError):
    code = "reason_required"
    default_message = _("Give a reason.")


class TooEarly(BookingError):
    code = "booking_not_started"
    default_message = _("This can be recorded only after the consultation's start time.")


class MessageEmpty(BookingError):
    code = "message_empty"
    default_message = _("Write a message or attach a file.")
