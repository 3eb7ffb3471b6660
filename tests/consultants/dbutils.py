import importlib

from django.db import connection


def clear_audit_rows_for_flush() -> None:
    """Transactional tests end with a flush; on SQLite the append-only trigger refuses DELETE.

    PostgreSQL flushes with TRUNCATE (no row trigger fires). On SQLite we lift the delete trigger for
    one statement, empty the table and put the trigger back, so later tests still see it.
    """
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("marketplace.core.migrations.0003_audit_append_only_triggers")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")
        cursor.execute("DELETE FROM core_auditrecord")
        cursor.execute(next(s for s in migration.SQLITE_FORWARD if "no_delete" in s))
