"""Booking errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied
from marketplace.core.timeslots import BeyondHorizon, NaiveTime, SlotTaken, TimeInPast  # noqa: F401 - shared


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
