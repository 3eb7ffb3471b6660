"""Lets transactional tests (threads, live server, browser) run one after another.

Two things a `transaction=True` test trips over: the taxonomies come from a data migration, so the
flush after a transactional test removes them for the next one (they are loaded again when missing);
and the audit table refuses DELETE at database level (a trigger), while pytest-django empties the
database after such a test with DELETE on SQLite (TRUNCATE on PostgreSQL, which row triggers do not
see). So, on SQLite only, the audit table is emptied right before the flush with its trigger lifted for
that moment and put back at once: the rule stays in force during every test.
"""

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
    from marketplace.taxonomy import loader, models

    if not models.SolutionCategory.objects.exists():
        loader.load_all(
            {
                name: getattr(models, name)
                for name in ("Sector", "AdminUnit", "SolutionCategory", "ExpertiseArea", "ReadinessLevel")
            }
        )
