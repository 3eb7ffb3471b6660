"""The engagement and milestone tables, pinned edge by edge."""

from marketplace.engagements.models import EngagementStatus as E
from marketplace.engagements.models import MilestoneStatus as M
from marketplace.engagements.workflow import ENGAGEMENT_WORKFLOW, MILESTONE_WORKFLOW

ENGAGEMENT_EDGES = {
    (E.PROPOSED, "engagement.revise", E.PROPOSED),
    (E.CHANGES_REQUESTED, "engagement.revise", E.PROPOSED),
    (E.PROPOSED, "engagement.request_changes", E.CHANGES_REQUESTED),
    (E.PROPOSED, "engagement.accept", E.ACTIVE),
    (E.PROPOSED, "engagement.withdraw", E.WITHDRAWN),
    (E.CHANGES_REQUESTED, "engagement.withdraw", E.WITHDRAWN),
    (E.ACTIVE, "engagement.complete", E.COMPLETED),
    (E.ACTIVE, "engagement.end_early", E.ENDED),
}

MILESTONE_EDGES = {
    (M.PENDING, "milestone.deliver", M.DELIVERED),
    (M.DELIVERED, "milestone.accept", M.ACCEPTED),
    (M.DELIVERED, "milestone.auto_accept", M.ACCEPTED),
    (M.DELIVERED, "milestone.dispute", M.DISPUTED),
    (M.DISPUTED, "milestone.resolve_accept", M.ACCEPTED),
    (M.DISPUTED, "milestone.resolve_partial", M.PARTIAL),
    (M.DISPUTED, "milestone.resolve_reject", M.REJECTED),
    (M.PENDING, "milestone.cancel", M.CANCELLED),
}


def test_the_engagement_table_allows_exactly_these_edges():
    assert ENGAGEMENT_WORKFLOW.edges() == ENGAGEMENT_EDGES


def test_the_milestone_table_allows_exactly_these_edges():
    assert MILESTONE_WORKFLOW.edges() == MILESTONE_EDGES


def test_final_states_allow_nothing():
    for state in (E.WITHDRAWN, E.COMPLETED, E.ENDED):
        assert ENGAGEMENT_WORKFLOW.actions_from(state) == []
    for state in (M.ACCEPTED, M.PARTIAL, M.REJECTED, M.CANCELLED):
        assert MILESTONE_WORKFLOW.actions_from(state) == []
