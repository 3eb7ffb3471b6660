"""The application's and the voucher's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import ApplicationStatus as A
from .models import VoucherStatus as V

APPROVE = "voucher_application.approve"
AUTO_APPROVE = "voucher_application.auto_approve"
REJECT = "voucher_application.reject"
WITHDRAW = "voucher_application.withdraw"

APPLICATION_WORKFLOW = Workflow(
    noun=_("application"),
    states=A.choices,
    transitions=[
        Transition(APPROVE, sources={A.SUBMITTED}, target=A.APPROVED, label=_("approved")),
        Transition(AUTO_APPROVE, sources={A.SUBMITTED}, target=A.APPROVED, label=_("approved by rule")),
        Transition(REJECT, sources={A.SUBMITTED}, target=A.REJECTED, label=_("rejected")),
        Transition(WITHDRAW, sources={A.SUBMITTED}, target=A.WITHDRAWN, label=_("withdrawn")),
    ],
)

EXPIRE = "voucher.expire"
REVOKE = "voucher.revoke"

VOUCHER_WORKFLOW = Workflow(
    noun=_("voucher"),
    states=V.choices,
    transitions=[
        Transition(EXPIRE, sources={V.ACTIVE}, target=V.EXPIRED, label=_("expired")),
        Transition(REVOKE, sources={V.ACTIVE}, target=V.REVOKED, label=_("revoked")),
    ],
)
