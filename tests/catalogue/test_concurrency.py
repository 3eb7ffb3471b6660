"""Two officers deciding at once: exactly one decision wins, the other gets a clear conflict."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from catalogue import services
from catalogue.models import SolutionRevision
from marketplace.core.audit import audit_history
from marketplace.core.errors import DomainError
from tests.factories import OfficerFactory

from .factories import SolutionFactory, VendorFactory, vendor_owner

pytestmark = pytest.mark.django_db(transaction=True)


def _busy_retry(call):
    """SQLite's in-memory test database reports a shared-cache lock at once instead of waiting like the
    file database (busy timeout) does in production; wait and retry the same way here."""
    for _attempt in range(200):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            _busy_retry(call)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.status)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes, key=str)


def test_two_officers_deciding_a_submission_at_once():
    solution = SolutionFactory(vendor=VendorFactory(), status="submitted")
    first, second = OfficerFactory(), OfficerFactory()
    outcomes = _race(
        [
            lambda: services.solution_publish(solution=solution, officer=first),
            lambda: services.solution_reject(solution=solution, officer=second, reason="Trùng lặp"),
        ]
    )
    assert outcomes == [409, "ok"]
    decisions = audit_history(solution).filter(action__in=["solution.publish", "solution.reject"])
    assert decisions.count() == 1


def test_two_officers_deciding_a_pending_change_at_once():
    solution = SolutionFactory(vendor=VendorFactory(), status="published")
    services.solution_update(solution=solution, actor=vendor_owner(solution.vendor), data={"price": 7})
    first, second = OfficerFactory(), OfficerFactory()
    outcomes = _race(
        [
            lambda: services.revision_approve(solution=solution, officer=first),
            lambda: services.revision_reject(solution=solution, officer=second, reason="Không"),
        ]
    )
    assert outcomes == [409, "ok"]
    assert SolutionRevision.objects.get().state in {"approved", "rejected"}
