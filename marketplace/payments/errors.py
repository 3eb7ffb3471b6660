"""Payment errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class PaymentError(DomainError):
    code = "payment_error"


class PaymentNotFound(NotFound):
    code = "payment_not_found"
    default_message = _("No such payment.")


class NotPayable(PaymentError):
    code = "not_payable"
    default_message = _("Nothing is due on this.")


class NoTransferDue(NotFound):
    """The VietQR image of a payment that awaits no bank transfer: there is no such image."""

    code = "no_transfer_due"
    default_message = _("No bank transfer is due on this payment, so it has no VietQR code.")


class IdempotencyKeyRequired(PaymentError):
    code = "idempotency_key_required"
    default_message = _("Send an Idempotency-Key header (a new random value per payment you create).")


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    default_message = _("This Idempotency-Key was already used for a different payment.")


class AlreadyPaying(Conflict):
    code = "payment_exists"
    default_message = _("A payment for this is already open or done.")


class NotThePayer(PermissionDenied):
    code = "not_the_payer"
    default_message = _("Only a member of the paying enterprise does this.")


class OfficerOnly(PermissionDenied):
    code = "officer_only"
    default_message = _("Only a department officer does this.")


class CardNotAvailable(PaymentError):
    code = "card_not_available"
    default_message = _("Card payments are not set up; pay by bank transfer.")


class InvalidRefund(PaymentError):
    code = "invalid_refund"
    default_message = _("A refund is more than 0 and at most what is left of the payment.")


class PaymentTransitionError(InvalidTransition):
    code = "invalid_payment_transition"


class PaymentConflict(Conflict):
    code = "payment_conflict"
    default_message = _("Someone else changed this payment first. Reload to see its current state.")


class CardGatewayError(PaymentError):
    code = "card_gateway_error"
    status = 502
    default_message = _("The card service did not answer. Nothing was charged; try again in a moment.")


class NotACardPayment(PaymentError):
    code = "not_a_card_payment"
    default_message = _("This payment is not waiting for a card.")


class WebhookRefused(PaymentError):
    code = "webhook_refused"
    default_message = _("The event's signature is missing or wrong.")
