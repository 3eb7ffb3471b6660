"""Lets transactional tests (threads, browser) run one after another on SQLite.

Two things a plain `transaction=True` test trips over here: the taxonomies come from a data migration,
so the flush after a transactional test removes them for the next one (we load them again); and the
audit table refuses DELETE at database level (a trigger), while pytest-django empties the database after
a `transaction=True` test with DELETE on SQLite (TRUNCATE on PostgreSQL, which row triggers do not see),
so the flush would fail. Before the flush we empty the audit table with the trigger lifted for that moment
and put the trigger back at once: the rule stays in force for the test itself.
"""

import pytest
from django.db import connection

SQLITE_DELETE_TRIGGER = (
    "CREATE TRIGGER core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
)


def empty_audit_table() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")
        cursor.execute("DELETE FROM core_auditrecord")
        cursor.execute(SQLITE_DELETE_TRIGGER)


def ensure_taxonomies() -> None:
    from marketplace.taxonomy import loader
    from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, ReadinessLevel, Sector, SolutionCategory

    if not SolutionCategory.objects.exists():
        loader.load_all(
            {
                "Sector": Sector,
                "AdminUnit": AdminUnit,
                "SolutionCategory": SolutionCategory,
                "ExpertiseArea": ExpertiseArea,
                "ReadinessLevel": ReadinessLevel,
            }
        )


@pytest.fixture(autouse=True)
def _audit_table_flushable(request, django_db_setup, django_db_blocker):
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        with django_db_blocker.unblock():
            ensure_taxonomies()
    yield
    if transactional:
        with django_db_blocker.unblock():
            empty_audit_table()
