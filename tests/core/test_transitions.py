"""The transition toolkit, once: table rules, compare-and-swap, audit in the same transaction, locks.

A real model (a catalogue solution) carries the state; the workflow here is declared for the test so
that the toolkit's behaviour is pinned down independently of any app's table.
"""

import threading

import pytest
from django.db import connection, transaction

from catalogue.models import Solution
from marketplace.core.audit import audit_history
from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound
from marketplace.core.locks import lock_row, lock_rows
from marketplace.core.transitions import Transition, Workflow, transition
from tests.catalogue.factories import SolutionFactory, VendorFactory, vendor_owner

WORKFLOW = Workflow(
    noun="solution",
    states=Solution.STATUS_CHOICES,
    transitions=[
        Transition("test.submit", sources={Solution.DRAFT}, target=Solution.SUBMITTED, label="submitted"),
        Transition("test.withdraw", sources={Solution.DRAFT, Solution.SUBMITTED}, target=Solution.WITHDRAWN),
    ],
)


@pytest.fixture
def solution(db):
    return SolutionFactory(vendor=VendorFactory())


def test_declaring_an_action_twice_is_refused():
    step = Transition("x.go", sources={"a"}, target="b")
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(transitions=[step, step])


def test_a_transition_to_an_undeclared_state_is_refused():
    with pytest.raises(ValueError, match="undeclared states"):
        Workflow(states={"a": "A"}, transitions=[Transition("x.go", sources={"a"}, target="b")])


def test_the_table_answers_what_is_allowed_from_a_state():
    assert WORKFLOW.actions_from(Solution.DRAFT) == ["test.submit", "test.withdraw"]
    assert WORKFLOW.actions_from(Solution.SUBMITTED) == ["test.withdraw"]
    assert WORKFLOW.actions_from(Solution.PUBLISHED) == []
    assert (Solution.SUBMITTED, "test.withdraw", Solution.WITHDRAWN) in WORKFLOW.edges()


def test_an_allowed_transition_updates_the_row_and_writes_one_audit_record(solution):
    owner = vendor_owner(solution.vendor)
    result = transition(
        solution,
        workflow=WORKFLOW,
        action="test.submit",
        actor=owner,
        reason="ready",
        changes={"status_reason": "ready"},
        data={"note": 1},
    )
    assert result.status == Solution.SUBMITTED
    stored = Solution.objects.get(pk=solution.pk)
    assert (stored.status, stored.status_reason) == (Solution.SUBMITTED, "ready")
    record = audit_history(solution).filter(action="test.submit").get()
    assert (record.actor, record.from_state, record.to_state, record.reason, record.data) == (
        owner,
        Solution.DRAFT,
        Solution.SUBMITTED,
        "ready",
        {"note": 1},
    )


def test_a_transition_the_table_does_not_allow_is_refused_and_changes_nothing(solution):
    transition(solution, workflow=WORKFLOW, action="test.submit", actor=None)
    before = audit_history(solution).count()
    with pytest.raises(InvalidTransition) as refused:
        transition(solution, workflow=WORKFLOW, action="test.submit", actor=None)
    assert refused.value.status == 409
    assert "submitted" in refused.value.message
    assert Solution.objects.get(pk=solution.pk).status == Solution.SUBMITTED
    assert audit_history(solution).count() == before


def test_the_state_is_read_from_the_database_not_from_a_stale_instance(solution):
    stale = Solution.objects.get(pk=solution.pk)
    transition(solution, workflow=WORKFLOW, action="test.withdraw", actor=None)
    with pytest.raises(InvalidTransition):
        transition(stale, workflow=WORKFLOW, action="test.submit", actor=None)


def test_a_guard_can_refuse_with_its_own_error_and_nothing_is_written(solution):
    def guard(current):
        raise DomainError("not today", code="closed")

    with pytest.raises(DomainError, match="not today"):
        transition(solution, workflow=WORKFLOW, action="test.submit", actor=None, guard=guard)
    assert Solution.objects.get(pk=solution.pk).status == Solution.DRAFT
    assert not audit_history(solution).filter(action="test.submit").exists()


def test_a_deleted_row_is_not_found(solution):
    ghost = Solution(pk=solution.pk + 10_000)
    with pytest.raises(NotFound):
        transition(ghost, workflow=WORKFLOW, action="test.submit", actor=None)


def test_a_failure_after_the_transition_rolls_back_the_state_and_its_audit_record(solution):
    with pytest.raises(RuntimeError), transaction.atomic():
        transition(solution, workflow=WORKFLOW, action="test.submit", actor=None)
        raise RuntimeError("the service failed later")
    assert Solution.objects.get(pk=solution.pk).status == Solution.DRAFT
    assert not audit_history(solution).filter(action="test.submit").exists()


def test_models_own_error_classes_are_raised(solution):
    class Refused(InvalidTransition):
        code = "refused_here"

    transition(solution, workflow=WORKFLOW, action="test.withdraw", actor=None)
    with pytest.raises(Refused):
        transition(solution, workflow=WORKFLOW, action="test.submit", actor=None, invalid_error=Refused)


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_transitions_exactly_one_wins():
    solution = SolutionFactory(vendor=VendorFactory())
    barrier = threading.Barrier(2)
    outcomes = []

    def run(action):  # the loser reads "submitted" (invalid) or loses the compare-and-swap (conflict)
        try:
            barrier.wait()
            transition(Solution(pk=solution.pk), workflow=WORKFLOW, action=action, actor=None)
            outcomes.append("ok")
        except (Conflict, InvalidTransition) as error:
            outcomes.append(error.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=("test.submit",)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [409, "ok"]
    assert audit_history(solution).filter(action__startswith="test.").count() == 1


@pytest.mark.django_db(transaction=True)
def test_locks_need_a_transaction():
    with pytest.raises(RuntimeError, match="atomic"):
        lock_rows(Solution.objects.all())


def test_locks_return_rows_in_primary_key_order(solution):
    other = SolutionFactory(vendor=solution.vendor)
    with transaction.atomic():
        rows = lock_rows(Solution.objects.all(), [other.pk, solution.pk, other.pk])
        assert [r.pk for r in rows] == sorted([solution.pk, other.pk])
        assert lock_row(Solution.objects.all(), solution.pk).pk == solution.pk
        with pytest.raises(NotFound):
            lock_row(Solution.objects.all(), other.pk + 10_000)


def test_expected_values_join_the_compare_and_swap(solution):
    stale_name = solution.name
    Solution.objects.filter(pk=solution.pk).update(name="Renamed meanwhile")
    with pytest.raises(Conflict):
        transition(solution, workflow=WORKFLOW, action="test.submit", actor=None, expect={"name": stale_name})
    assert Solution.objects.get(pk=solution.pk).status == Solution.DRAFT
    assert not audit_history(solution).filter(action="test.submit").exists()
    transition(
        solution, workflow=WORKFLOW, action="test.submit", actor=None, expect={"name": "Renamed meanwhile"}
    )
    assert Solution.objects.get(pk=solution.pk).status == Solution.SUBMITTED


def test_the_audit_record_can_be_filed_under_a_parent_object(solution):
    parent = SolutionFactory(vendor=solution.vendor)
    transition(solution, workflow=WORKFLOW, action="test.submit", actor=None, audit_subject=parent)
    assert audit_history(parent).filter(action="test.submit").count() == 1
    assert not audit_history(solution).filter(action="test.submit").exists()
