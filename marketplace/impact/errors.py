"""Impact and exemplary-SME errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class InvalidImpactInput(DomainError):
    code = "invalid_impact_input"
    default_message = _("Some fields are not valid.")


class NotAnOfficer(PermissionDenied):
    code = "officers_only"
    default_message = _("Only the department's officers can do this.")


class NotACandidate(DomainError):
    code = "not_an_exemplary_candidate"
    default_message = _("This enterprise does not meet the exemplary criteria now.")


class DesignationNotFound(NotFound):
    code = "designation_not_found"
    default_message = _("No such designation.")


class SummaryNotFound(NotFound):
    code = "impact_summary_not_found"
    default_message = _("No SME measured yet.")


class DesignationRefused(InvalidTransition):
    code = "designation_invalid_transition"


class DesignationChanged(Conflict):
    code = "designation_changed"
