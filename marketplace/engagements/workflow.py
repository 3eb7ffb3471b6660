"""The engagement's and the milestone's allowed transitions, as data (see marketplace.core.transitions)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.transitions import Transition, Workflow

from .models import EngagementStatus as E
from .models import MilestoneStatus as M

REVISE = "engagement.revise"
REQUEST_CHANGES = "engagement.request_changes"
ACCEPT = "engagement.accept"
WITHDRAW = "engagement.withdraw"
COMPLETE = "engagement.complete"
END_EARLY = "engagement.end_early"

ENGAGEMENT_WORKFLOW = Workflow(
    noun=_("engagement"),
    states=E.choices,
    transitions=[
        # the provider answers a request for changes with a new version (or improves a pending one)
        Transition(REVISE, sources={E.PROPOSED, E.CHANGES_REQUESTED}, target=E.PROPOSED, label=_("revised")),
        # the SME answers the proposal
        Transition(
            REQUEST_CHANGES,
            sources={E.PROPOSED},
            target=E.CHANGES_REQUESTED,
            label=_("sent back for changes"),
        ),
        Transition(ACCEPT, sources={E.PROPOSED}, target=E.ACTIVE, label=_("accepted")),
        Transition(
            WITHDRAW, sources={E.PROPOSED, E.CHANGES_REQUESTED}, target=E.WITHDRAWN, label=_("withdrawn")
        ),
        # every milestone settled
        Transition(COMPLETE, sources={E.ACTIVE}, target=E.COMPLETED, label=_("completed")),
        # either side, with a reason; the milestones left are settled by the same rules
        Transition(END_EARLY, sources={E.ACTIVE}, target=E.ENDED, label=_("ended early")),
    ],
)

DELIVER = "milestone.deliver"
ACCEPT_DELIVERY = "milestone.accept"
AUTO_ACCEPT = "milestone.auto_accept"
DISPUTE = "milestone.dispute"
RESOLVE_ACCEPT = "milestone.resolve_accept"
RESOLVE_PARTIAL = "milestone.resolve_partial"
RESOLVE_REJECT = "milestone.resolve_reject"
CANCEL = "milestone.cancel"

MILESTONE_WORKFLOW = Workflow(
    noun=_("milestone"),
    states=M.choices,
    transitions=[
        Transition(DELIVER, sources={M.PENDING}, target=M.DELIVERED, label=_("delivered")),
        # the SME reviews within the review period; silence accepts
        Transition(ACCEPT_DELIVERY, sources={M.DELIVERED}, target=M.ACCEPTED, label=_("accepted")),
        Transition(
            AUTO_ACCEPT, sources={M.DELIVERED}, target=M.ACCEPTED, label=_("accepted without an answer")
        ),
        Transition(DISPUTE, sources={M.DELIVERED}, target=M.DISPUTED, label=_("disputed")),
        # an officer resolves a dispute
        Transition(
            RESOLVE_ACCEPT, sources={M.DISPUTED}, target=M.ACCEPTED, label=_("accepted by the department")
        ),
        Transition(RESOLVE_PARTIAL, sources={M.DISPUTED}, target=M.PARTIAL, label=_("partly accepted")),
        Transition(RESOLVE_REJECT, sources={M.DISPUTED}, target=M.REJECTED, label=_("rejected")),
        # the engagement ended before this milestone was delivered
        Transition(CANCEL, sources={M.PENDING}, target=M.CANCELLED, label=_("cancelled")),
    ],
)
