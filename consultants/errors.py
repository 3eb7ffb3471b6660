from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class ConsultantError(DomainError):
    code = "consultant_error"


class ProfileExists(Conflict):
    code = "profile_exists"
    default_message = _("You already have a consultant profile.")


class NotYourProfile(PermissionDenied):
    code = "not_your_profile"
    default_message = _("You may only change your own consultant profile.")


class NotFirmAdmin(PermissionDenied):
    code = "not_firm_admin"
    default_message = _("Only an administrator of this firm may do this.")


class OfficerOnly(PermissionDenied):
    code = "officer_only"
    default_message = _("Only department officers may decide on certification.")


class SelfDecision(PermissionDenied):
    code = "self_decision"
    default_message = _("You cannot decide on your own application or certificate.")


class InvalidProfile(ConsultantError):
    code = "invalid_profile"


class AvailabilityOverlap(ConsultantError):
    code = "availability_overlap"
    status = 409
    default_message = _("These hours overlap hours you already offer on that day.")


class InvalidAvailability(ConsultantError):
    code = "invalid_availability"


class ApplicationTransitionError(InvalidTransition):
    code = "invalid_transition"


class ApplicationIncomplete(ConsultantError):
    code = "application_incomplete"


class ApplicationOpen(Conflict):
    code = "application_open"
    default_message = _("You already have an application in progress.")


class ReasonRequired(ConsultantError):
    code = "reason_required"
    default_message = _("A reason is required for this decision.")


class DecisionConflict(Conflict):
    code = "decision_conflict"
    default_message = _("Someone else changed this first. Reload the page to see the current state.")


class CertificateNotFound(NotFound):
    code = "certificate_not_found"
    default_message = _("No certificate has this code.")


class NoCurrentCriteria(ConsultantError):
    code = "no_current_criteria"
    default_message = _("The department has not published network criteria yet.")
