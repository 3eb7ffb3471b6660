"""The booking's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import BookingStatus as S

CONFIRM = "booking.confirm"
DECLINE = "booking.decline"
PROPOSE = "booking.propose"
ACCEPT_PROPOSAL = "booking.accept_proposal"
DECLINE_PROPOSAL = "booking.decline_proposal"
CANCEL = "booking.cancel"
EXPIRE = "booking.expire"
SUPERSEDE = "booking.supersede"
MARK_HELD = "booking.mark_held"
MARK_NO_SHOW = "booking.mark_no_show"

BOOKING_WORKFLOW = Workflow(
    noun=_("booking"),
    states=S.choices,
    transitions=[
        # the consultant answers a request
        Transition(CONFIRM, sources={S.REQUESTED}, target=S.CONFIRMED, label=_("confirmed")),
        Transition(DECLINE, sources={S.REQUESTED}, target=S.DECLINED, label=_("declined")),
        Transition(PROPOSE, sources={S.REQUESTED}, target=S.PROPOSED, label=_("given another time")),
        # the enterprise answers a proposed time
        Transition(ACCEPT_PROPOSAL, sources={S.PROPOSED}, target=S.CONFIRMED, label=_("accepted")),
        Transition(DECLINE_PROPOSAL, sources={S.PROPOSED}, target=S.DECLINED, label=_("declined")),
        # either side, while the slot is held
        Transition(
            CANCEL, sources={S.REQUESTED, S.PROPOSED, S.CONFIRMED}, target=S.CANCELLED, label=_("cancelled")
        ),
        # nobody answered in time: the slot is freed
        Transition(EXPIRE, sources={S.REQUESTED, S.PROPOSED}, target=S.EXPIRED, label=_("expired")),
        # a reschedule was confirmed: the old booking gives its slot up
        Transition(SUPERSEDE, sources={S.CONFIRMED}, target=S.RESCHEDULED, label=_("rescheduled")),
        # after the start time, the consultant records what happened
        Transition(MARK_HELD, sources={S.CONFIRMED}, target=S.HELD, label=_("marked as held")),
        Transition(MARK_NO_SHOW, sources={S.CONFIRMED}, target=S.NO_SHOW, label=_("marked as a no-show")),
    ],
)
