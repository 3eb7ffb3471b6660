"""Order errors: stable codes clients match on; messages are translated."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound


class OrderError(DomainError):
    code = "order_error"


class OrderNotFound(NotFound):
    code = "order_not_found"
    default_message = _("No such order.")


class PlanNotOrderable(OrderError):
    code = "plan_not_orderable"
    default_message = _("This plan cannot be ordered: only plans offered on a published solution can.")


class NotAnEnterpriseMember(OrderError):
    code = "not_an_enterprise_member"
    default_message = _("Order on behalf of an enterprise you are a member of.")


class OrderAlreadyOpen(Conflict):
    code = "order_already_open"
    default_message = _("Your enterprise already has an open order for this plan.")


class OrderTransitionRefused(InvalidTransition):
    code = "order_invalid_transition"


class OrderChanged(Conflict):
    code = "order_changed"


class ContractNumberTaken(Conflict):
    code = "contract_number_taken"
    default_message = _("Another of your orders already has this contract number.")


class InvalidOrderInput(OrderError):
    code = "invalid_order_input"
    default_message = _("Some fields are not valid.")


class TooEarly(OrderError):
    code = "order_too_early"
    default_message = _("This can only be done once the trial is over.")


class RevenueAlreadyReported(Conflict):
    code = "revenue_already_reported"
    default_message = _("Revenue for this month was already reported.")


class InvoiceNotDue(OrderError):
    code = "invoice_not_due"
    default_message = _("Record an e-invoice only for an amount that has been paid.")


class AmountNotPayable(OrderError):
    code = "amount_not_payable"
    default_message = _("Nothing is left to pay on this amount.")
