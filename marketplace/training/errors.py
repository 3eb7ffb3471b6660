"""Training errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, NotFound


class TrainingError(DomainError):
    code = "training_error"


class EventNotFound(NotFound):
    code = "training_event_not_found"
    default_message = _("No such event.")


class SeatNotFound(NotFound):
    code = "training_seat_not_found"
    default_message = _("No such seat among your enterprise's registrations.")


class OrganiserNotFound(NotFound):
    code = "training_organiser_not_found"
    default_message = _("No such organiser.")


class InvalidEventInput(TrainingError):
    code = "training_invalid_input"


class NotOpen(Conflict):
    code = "training_not_open"
    default_message = _("Registration for this session is not open.")


class AlreadyRegistered(Conflict):
    code = "training_already_registered"
    default_message = _("This person already holds a seat or a place on the waiting list for this session.")


class SeatStateConflict(Conflict):
    code = "training_seat_state"
    default_message = _("This seat can no longer be changed.")


class EventStateConflict(Conflict):
    code = "training_event_state"
    default_message = _("This event can no longer be changed this way.")


class CheckInRefused(Conflict):
    code = "training_check_in_refused"
    default_message = _("Only a confirmed seat can be checked in.")


class FeedbackRefused(Conflict):
    code = "training_feedback_refused"
    default_message = _("Feedback opens after the session, for attendees who were checked in, once.")


class InvalidToken(NotFound):
    code = "training_token_invalid"
    default_message = _("This code is not valid.")
