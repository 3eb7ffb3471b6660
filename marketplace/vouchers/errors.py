"""Voucher errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class VoucherError(DomainError):
    code = "voucher_error"


class NotEligible(VoucherError):
    """The enterprise's facts (size, sector, ward, assessment, profile) do not meet the scheme: a state
    of the enterprise, not a bad request, so 409 with every gap in `fields.eligibility`."""

    code = "not_eligible"
    status = 409
    default_message = _("The enterprise does not meet the call's conditions yet.")


class CallNotOpen(VoucherError):
    code = "call_not_open"
    status = 409
    default_message = _("This call is not open for applications today.")


class AlreadyApplied(Conflict):
    code = "already_applied"
    default_message = _("The enterprise already has an application under this call.")


class BudgetExhausted(Conflict):
    code = "budget_exhausted"
    default_message = _("The call's remaining budget does not cover this amount.")


class QuotaExhausted(Conflict):
    code = "quota_exhausted"
    default_message = _("The call's quota for this ward or sector does not cover this amount.")


class InvalidVoucherInput(VoucherError):
    code = "invalid_voucher_input"


class EvidenceRequired(VoucherError):
    code = "evidence_required"
    default_message = _("Give the provider's e-invoice number: support is redeemed only against it.")


class BankReferenceRequired(VoucherError):
    code = "bank_reference_required"
    default_message = _("Give the bank reference of the disbursement.")


class NothingReserved(Conflict):
    code = "nothing_reserved"
    default_message = _("No support is reserved for this amount.")


class NothingToMove(Conflict):
    code = "nothing_to_move"
    default_message = _("There is no amount in this state to move.")


class NotAnOfficer(PermissionDenied):
    code = "not_an_officer"
    default_message = _("Only a department officer does this.")


class NotAnEnterpriseMember(PermissionDenied):
    code = "not_an_enterprise_member"
    default_message = _("Only a member of the enterprise does this.")


class ApplicationNotFound(NotFound):
    code = "application_not_found"
    default_message = _("No such application.")


class VoucherNotFound(NotFound):
    code = "voucher_not_found"
    default_message = _("No such voucher.")


class CallNotFound(NotFound):
    code = "call_not_found"
    default_message = _("No such call.")


class VoucherTransitionError(InvalidTransition):
    code = "voucher_transition_refused"


class VoucherConflict(Conflict):
    code = "voucher_conflict"
