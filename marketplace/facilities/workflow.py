"""The facility booking's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import FacilityBookingStatus as S
from .models import ProviderStatus as P

CONFIRM = "facility_booking.confirm"
DECLINE = "facility_booking.decline"
CANCEL = "facility_booking.cancel"
EXPIRE = "facility_booking.expire"
USE = "facility_booking.use"
NO_SHOW = "facility_booking.no_show"

BOOKING_WORKFLOW = Workflow(
    noun=_("facility booking"),
    states=S.choices,
    transitions=[
        # the provider answers a request (or the facility confirms automatically)
        Transition(CONFIRM, sources={S.REQUESTED}, target=S.CONFIRMED, label=_("confirmed")),
        Transition(DECLINE, sources={S.REQUESTED}, target=S.DECLINED, label=_("declined")),
        # either side, while the time is held
        Transition(CANCEL, sources={S.REQUESTED, S.CONFIRMED}, target=S.CANCELLED, label=_("cancelled")),
        # nobody answered in time: the time is freed
        Transition(EXPIRE, sources={S.REQUESTED}, target=S.EXPIRED, label=_("expired")),
        # after the start: the enterprise records what it tried, or the provider records a no-show
        Transition(USE, sources={S.CONFIRMED}, target=S.USED, label=_("recorded as used")),
        Transition(NO_SHOW, sources={S.CONFIRMED}, target=S.NO_SHOW, label=_("marked as a no-show")),
    ],
)

APPROVE = "facility_provider.approve"
REJECT = "facility_provider.reject"

PROVIDER_WORKFLOW = Workflow(
    noun=_("facility provider"),
    states=P.choices,
    transitions=[
        Transition(APPROVE, sources={P.PENDING, P.REJECTED}, target=P.APPROVED, label=_("approved")),
        Transition(REJECT, sources={P.PENDING}, target=P.REJECTED, label=_("rejected")),
    ],
)
