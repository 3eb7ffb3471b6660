"""Engagement errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class EngagementError(DomainError):
    code = "engagement_error"


class EngagementNotFound(NotFound):
    code = "engagement_not_found"
    default_message = _("No such engagement.")


class MilestoneNotFound(NotFound):
    code = "milestone_not_found"
    default_message = _("No such milestone.")


class NotTheProvider(PermissionDenied):
    code = "not_the_provider"
    default_message = _("Only the consultant (or their firm's administrator) does this.")


class NotTheEnterprise(PermissionDenied):
    code = "not_the_enterprise"
    default_message = _("Only a member of the enterprise does this.")


class NotAnOfficer(PermissionDenied):
    code = "not_an_officer"
    default_message = _("Only a department officer resolves disputes.")


class NotMet(EngagementError):
    code = "enterprise_not_met"
    default_message = _("Propose an engagement only to an enterprise you have had a consultation with.")


class InvalidProposal(EngagementError):
    code = "invalid_proposal"
    default_message = _("The proposal is incomplete.")


class StaleVersion(Conflict):
    code = "proposal_version_changed"
    default_message = _(
        "The proposal has changed since you opened it. Read the new version before accepting."
    )


class ReasonRequired(EngagementError):
    code = "reason_required"
    default_message = _("Give a reason.")


class InvalidPartialAmount(EngagementError):
    code = "invalid_partial_amount"
    default_message = _("A partial amount is more than 0 and less than the milestone's amount.")


class EngagementTransitionError(InvalidTransition):
    code = "invalid_engagement_transition"


class EngagementConflict(Conflict):
    code = "engagement_conflict"
    default_message = _("Someone else changed this first. Reload to see its current state.")


class InvoiceNotDue(EngagementError):
    code = "invoice_not_due"
    default_message = _("Record an e-invoice only for a milestone with an amount to pay.")


class ReviewPeriodOver(EngagementError):
    code = "review_period_over"
    default_message = _("The review period has ended: the delivery counts as accepted.")
