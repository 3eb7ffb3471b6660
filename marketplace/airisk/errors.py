"""AI risk-classification errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound


class ClassificationError(DomainError):
    code = "ai_classification_error"


class ClassificationNotFound(NotFound):
    code = "ai_classification_not_found"
    default_message = _("No such AI system classification among yours.")


class ReviewRequestNotFound(NotFound):
    code = "ai_review_not_found"
    default_message = _("No such review request addressed to you.")


class InvalidClassification(ClassificationError):
    code = "invalid_ai_classification"
    default_message = _("Some fields are not valid.")


class InvalidAnswers(ClassificationError):
    code = "invalid_ai_answers"
    default_message = _("Some answers do not fit the questionnaire.")


class ClassificationIncomplete(ClassificationError):
    code = "ai_classification_incomplete"
    default_message = _("Answer every question before asking for the result.")


class ClassificationLocked(Conflict):
    code = "ai_classification_locked"
    default_message = _(
        "This classification is with a reviewer or already reviewed: its answers can no longer change."
    )


class ReviewerNotEligible(ClassificationError):
    code = "ai_reviewer_not_eligible"
    default_message = _("Choose a certified consultant whose expertise covers artificial intelligence.")


class ClassificationTransitionRefused(InvalidTransition):
    code = "ai_classification_invalid_transition"


class ClassificationChanged(Conflict):
    code = "ai_classification_changed"


class QuestionnaireUnavailable(Conflict):
    code = "ai_questionnaire_unavailable"
    default_message = _("The questionnaire is being changed. Try again in a moment.")
