"""The catalogue's transition tables, pinned edge by edge, and one refusal per action through the
real services (a refused move changes nothing and answers the stable `invalid_transition` code)."""

import pytest

from catalogue import services
from catalogue.errors import SolutionTransitionRefused
from catalogue.models import REVISION_WORKFLOW, SOLUTION_WORKFLOW, Solution, SolutionRevision
from marketplace.core.transitions import transition
from tests.catalogue.factories import SolutionFactory, vendor_owner
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

S = Solution
R = SolutionRevision


def test_the_solution_table_is_exactly_this():
    assert SOLUTION_WORKFLOW.edges() == {
        (S.DRAFT, "solution.submit", S.SUBMITTED),
        (S.CHANGES_REQUESTED, "solution.submit", S.SUBMITTED),
        (S.SUBMITTED, "solution.publish", S.PUBLISHED),
        (S.SUBMITTED, "solution.reject", S.REJECTED),
        (S.SUBMITTED, "solution.request_changes", S.CHANGES_REQUESTED),
        (S.PUBLISHED, "solution.suspend", S.SUSPENDED),
        (S.SUSPENDED, "solution.republish", S.PUBLISHED),
        (S.DRAFT, "solution.withdraw", S.WITHDRAWN),
        (S.SUBMITTED, "solution.withdraw", S.WITHDRAWN),
        (S.CHANGES_REQUESTED, "solution.withdraw", S.WITHDRAWN),
        (S.PUBLISHED, "solution.withdraw", S.WITHDRAWN),
        (S.SUSPENDED, "solution.withdraw", S.WITHDRAWN),
        (S.WITHDRAWN, "solution.reopen", S.DRAFT),
    }


def test_the_revision_table_is_exactly_this():
    assert REVISION_WORKFLOW.edges() == {
        (R.PENDING, "revision.approve", R.APPROVED),
        (R.PENDING, "revision.reject", R.REJECTED),
        (R.PENDING, "revision.request_changes", R.CHANGES_REQUESTED),
        (R.CHANGES_REQUESTED, "revision.resubmit", R.PENDING),
        (R.PENDING, "revision.discard", R.DISCARDED),
        (R.CHANGES_REQUESTED, "revision.discard", R.DISCARDED),
    }


def _vendor(solution):
    return vendor_owner(solution.vendor)


REFUSALS = [
    ("solution.submit", S.PUBLISHED, lambda s, o: services.solution_submit(solution=s, actor=_vendor(s))),
    ("solution.publish", S.DRAFT, lambda s, o: services.solution_publish(solution=s, officer=o)),
    (
        "solution.reject",
        S.PUBLISHED,
        lambda s, o: services.solution_reject(solution=s, officer=o, reason="x"),
    ),
    (
        "solution.request_changes",
        S.REJECTED,
        lambda s, o: services.solution_request_changes(solution=s, officer=o, reason="x"),
    ),
    (
        "solution.suspend",
        S.SUBMITTED,
        lambda s, o: services.solution_suspend(solution=s, officer=o, reason="x"),
    ),
    ("solution.republish", S.PUBLISHED, lambda s, o: services.solution_republish(solution=s, officer=o)),
    ("solution.withdraw", S.REJECTED, lambda s, o: services.solution_withdraw(solution=s, actor=_vendor(s))),
    ("solution.reopen", S.DRAFT, lambda s, o: services.solution_reopen(solution=s, actor=_vendor(s))),
]


def test_every_solution_action_has_a_refusal_below():
    assert {action for action, _state, _call in REFUSALS} == {t.action for t in SOLUTION_WORKFLOW.transitions}


@pytest.mark.parametrize(("action", "state", "call"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_solution_action_from_a_state_the_table_does_not_allow_is_refused(action, state, call):
    assert not SOLUTION_WORKFLOW.allows(action, state)
    solution = SolutionFactory(status=state)
    with pytest.raises(SolutionTransitionRefused) as refused:
        call(solution, OfficerFactory())
    assert (refused.value.code, refused.value.status) == ("invalid_transition", 409)
    assert Solution.objects.get(pk=solution.pk).status == state


def _pending_change():
    solution = SolutionFactory(status=S.PUBLISHED)
    services.solution_update(solution=solution, actor=_vendor(solution), data={"name": "Tên mới hơn"})
    return solution, solution.revisions.get()


def _sent_back_change():
    solution, revision = _pending_change()
    services.revision_request_changes(solution=solution, officer=OfficerFactory(), reason="Ảnh mờ")
    revision.refresh_from_db()
    assert revision.state == R.CHANGES_REQUESTED
    return solution, revision


@pytest.mark.parametrize(
    "call",
    [
        lambda s, o: services.revision_approve(solution=s, officer=o),
        lambda s, o: services.revision_reject(solution=s, officer=o, reason="x"),
        lambda s, o: services.revision_request_changes(solution=s, officer=o, reason="x"),
    ],
    ids=["revision.approve", "revision.reject", "revision.request_changes"],
)
def test_an_officer_decides_only_a_pending_change(call):
    solution, revision = _sent_back_change()
    with pytest.raises(SolutionTransitionRefused):
        call(solution, OfficerFactory())
    revision.refresh_from_db()
    assert revision.state == R.CHANGES_REQUESTED


def test_a_decided_change_cannot_be_discarded():
    solution, revision = _pending_change()
    services.revision_approve(solution=solution, officer=OfficerFactory())
    with pytest.raises(SolutionTransitionRefused):
        services.revision_discard(solution=solution, actor=_vendor(solution))
    revision.refresh_from_db()
    assert revision.state == R.APPROVED


def test_a_pending_change_is_not_resubmitted_and_an_edit_of_a_sent_back_one_is():
    # the services resubmit only a sent-back change; the table refuses it from anything else
    solution, revision = _pending_change()
    with pytest.raises(SolutionTransitionRefused):
        transition(
            revision,
            workflow=REVISION_WORKFLOW,
            action="revision.resubmit",
            actor=None,
            invalid_error=SolutionTransitionRefused,
        )
    solution, revision = _sent_back_change()
    services.solution_update(solution=solution, actor=_vendor(solution), data={"name": "Tên sửa lại"})
    revision.refresh_from_db()
    assert revision.state == R.PENDING
