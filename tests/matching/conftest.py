"""Transactional tests (threads, browser) on SQLite.

After a `transaction=True` test pytest-django empties every table: the taxonomies and criteria sets
loaded by data migrations vanish for the next test (we load them again), and the append-only audit
table refuses DELETE through a trigger (we lift it for the flush only and put it back at once).
"""

import time

import pytest
from django.db import OperationalError, connection

SQLITE_DELETE_TRIGGER = (
    "CREATE TRIGGER core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
)


def ensure_reference_data() -> None:
    from marketplace.taxonomy import loader as taxonomy_loader
    from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, ReadinessLevel, Sector, SolutionCategory
    from matching import loader, models

    if not SolutionCategory.objects.exists():
        taxonomy_loader.load_all(
            {
                "Sector": Sector,
                "AdminUnit": AdminUnit,
                "SolutionCategory": SolutionCategory,
                "ExpertiseArea": ExpertiseArea,
                "ReadinessLevel": ReadinessLevel,
            }
        )
    if not models.CriteriaSet.objects.exists():
        names = ("CriteriaSet", "Pillar", "Question", "Option", "LevelThreshold")
        classes = {name: getattr(models, name) for name in names}
        classes["ExpertiseArea"] = ExpertiseArea
        loader.load_all(classes)


def empty_audit_table() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")
        cursor.execute("DELETE FROM core_auditrecord")
        cursor.execute(SQLITE_DELETE_TRIGGER)


@pytest.fixture(autouse=True)
def _transactional_support(request, django_db_setup, django_db_blocker):
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        with django_db_blocker.unblock():
            ensure_reference_data()
    yield
    if transactional:
        with django_db_blocker.unblock():
            empty_audit_table()


def busy_retry(call):
    """The in-memory SQLite test database reports a shared-cache lock at once where the file database
    (WAL + busy timeout) waits; wait and retry the same way here."""
    for _attempt in range(300):
        try:
            return call()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")
