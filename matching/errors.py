"""Domain errors of readiness assessments and matching (stable codes for API clients)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class NotEnterpriseMember(PermissionDenied):
    code = "not_enterprise_member"
    default_message = _("Only members of this enterprise may do this.")


class CriteriaSetUnavailable(DomainError):
    code = "criteria_set_unavailable"
    default_message = _("This criteria set is not open for assessments.")


class AssessmentSubmitted(InvalidTransition):
    code = "assessment_submitted"
    default_message = _("This assessment has been submitted and can no longer be changed.")


class AssessmentAlreadySubmitted(Conflict):
    code = "assessment_already_submitted"
    default_message = _("This assessment has already been submitted.")


class AssessmentIncomplete(DomainError):
    code = "assessment_incomplete"
    default_message = _("Some questions are not answered yet.")


class UnknownQuestion(DomainError):
    code = "unknown_question"
    default_message = _("This question is not part of the assessment's criteria set.")


class OptionNotInQuestion(DomainError):
    code = "option_not_in_question"
    default_message = _("This answer does not belong to the question.")


class RecommendationNotFound(NotFound):
    code = "recommendation_not_found"
    default_message = _("This recommendation does not exist.")
