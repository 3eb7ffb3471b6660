"""The payment's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import PaymentStatus as P

MARK_RECEIVED = "payment.mark_received"
CARD_SUCCEEDED = "payment.card_succeeded"
CANCEL = "payment.cancel"
REFUND_PART = "payment.refund_part"
REFUND_ALL = "payment.refund_all"

PAYMENT_WORKFLOW = Workflow(
    noun=_("payment"),
    states=P.choices,
    transitions=[
        Transition(MARK_RECEIVED, sources={P.PENDING}, target=P.SUCCEEDED, label=_("marked as received")),
        # Stripe's webhook says the card payment went through
        Transition(CARD_SUCCEEDED, sources={P.PENDING}, target=P.SUCCEEDED, label=_("paid by card")),
        Transition(CANCEL, sources={P.PENDING}, target=P.CANCELLED, label=_("cancelled")),
        # a partial refund may be followed by more, until everything paid is back
        Transition(
            REFUND_PART,
            sources={P.SUCCEEDED, P.PARTIALLY_REFUNDED},
            target=P.PARTIALLY_REFUNDED,
            label=_("partly refunded"),
        ),
        Transition(
            REFUND_ALL, sources={P.SUCCEEDED, P.PARTIALLY_REFUNDED}, target=P.REFUNDED, label=_("refunded")
        ),
    ],
)
