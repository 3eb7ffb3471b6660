"""Facility errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied
from marketplace.core.timeslots import BeyondHorizon, NaiveTime, SlotTaken, TimeInPast  # noqa: F401 - shared


class FacilityError(DomainError):
    code = "facility_error"


class FacilityNotFound(NotFound):
    code = "facility_not_found"
    default_message = _("No such facility.")


class FacilityBookingNotFound(NotFound):
    code = "facility_booking_not_found"
    default_message = _("No such facility booking.")


class ProviderNotFound(NotFound):
    code = "facility_provider_not_found"
    default_message = _("No such facility provider.")


class NotAProviderMember(PermissionDenied):
    code = "not_a_provider_member"
    default_message = _("Only the provider's own staff can do this.")


class ProviderNotApproved(FacilityError):
    code = "facility_provider_not_approved"
    default_message = _("The provider must be approved by the department before its facilities are listed.")


class NotAnEnterpriseMember(PermissionDenied):
    code = "not_an_enterprise_member"
    default_message = _("Book on behalf of an enterprise you are a member of.")


class OutsideOpeningHours(FacilityError):
    code = "outside_opening_hours"
    default_message = _("The facility does not offer this time: choose one of its sessions.")


class TooManyPeople(FacilityError):
    code = "over_capacity"
    default_message = _("More people than the facility can take.")


class TooManyPending(FacilityError):
    code = "too_many_pending_requests"
    default_message = _("You already have requests waiting for this facility's answer.")


class FacilityBookingTransitionError(InvalidTransition):
    code = "invalid_facility_booking_transition"


class FacilityBookingConflict(Conflict):
    code = "facility_booking_conflict"
    default_message = _("Someone else changed this booking first. Reload to see its current state.")


class NotYourTurn(PermissionDenied):
    code = "not_your_turn"
    default_message = _("The other side answers this step.")


class Required(FacilityError):
    code = "required"
    default_message = _("This field is required.")


class TooEarly(FacilityError):
    code = "booking_not_started"
    default_message = _("This can be recorded only after the booking's start time.")


class InvalidFacility(FacilityError):
    code = "invalid_facility"
    default_message = _("Check the highlighted fields.")


class NothingToPay(FacilityError):
    code = "facility_booking_not_payable"
    default_message = _("Nothing is due on this booking.")
