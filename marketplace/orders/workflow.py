"""The order's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import AmountStatus as A
from .models import OrderStatus as S

CONFIRM = "order.confirm"
DECLINE = "order.decline"
WITHDRAW = "order.withdraw"
CONFIRM_IN_USE = "order.confirm_in_use"
CANCEL = "order.cancel"
RENEW = "order.renew"
END = "order.end"

ORDER_WORKFLOW = Workflow(
    noun=_("order"),
    states=S.choices,
    transitions=[
        # the vendor answers an order
        Transition(CONFIRM, sources={S.REQUESTED}, target=S.ACTIVE, label=_("confirmed")),
        Transition(DECLINE, sources={S.REQUESTED}, target=S.DECLINED, label=_("declined")),
        # the enterprise changes its mind before the vendor answers
        Transition(WITHDRAW, sources={S.REQUESTED}, target=S.WITHDRAWN, label=_("withdrawn")),
        # after the trial the enterprise says whether it adopted the solution
        Transition(CONFIRM_IN_USE, sources={S.ACTIVE}, target=S.IN_USE, label=_("confirmed in use")),
        Transition(CANCEL, sources={S.ACTIVE}, target=S.CANCELLED, label=_("cancelled")),
        # the next period of a solution in use falls due (state kept, guarded by `expect`)
        Transition(RENEW, sources={S.IN_USE}, target=S.IN_USE, label=_("renewed")),
        # either side ends a running order
        Transition(END, sources={S.ACTIVE, S.IN_USE}, target=S.ENDED, label=_("ended")),
    ],
)

PAY_AMOUNT = "amount.pay"

# an amount due is paid when its payment is received (payments calls `payables.amount_paid`)
AMOUNT_WORKFLOW = Workflow(
    noun=_("amount due"),
    states=A.choices,
    transitions=[Transition(PAY_AMOUNT, sources={A.DUE}, target=A.PAID, label=_("paid"))],
)
