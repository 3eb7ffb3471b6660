"""Review errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class ReviewError(DomainError):
    code = "review_error"


class ReviewNotFound(NotFound):
    code = "review_not_found"
    default_message = _("No such review.")


class DealNotFound(NotFound):
    code = "deal_not_found"
    default_message = _("No such deal among your enterprise's deals.")


class NotReviewable(ReviewError):
    code = "deal_not_reviewable"
    default_message = _(
        "Only a completed engagement, a consultation that took place or a solution in use for long "
        "enough can be reviewed."
    )


class AlreadyReviewed(Conflict):
    code = "already_reviewed"
    default_message = _("This deal has already been reviewed: a deal is reviewed once.")


class ReviewLocked(Conflict):
    code = "review_locked"
    default_message = _("The time to edit this review is over: it is now fixed.")


class AlreadyReplied(Conflict):
    code = "already_replied"
    default_message = _("This review already has a reply: a provider replies once.")


class NotAllowed(PermissionDenied):
    code = "review_not_allowed"
    default_message = _("You cannot do this with this review.")


class InvalidReview(ReviewError):
    code = "invalid_review"
    default_message = _("Some fields are not valid.")


class ReviewTransitionRefused(InvalidTransition):
    code = "review_invalid_transition"


class ReviewChanged(Conflict):
    code = "review_changed"
