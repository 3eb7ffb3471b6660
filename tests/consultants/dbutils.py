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


def restore_reference_data() -> None:
    """Reload what migrations put in the database (taxonomies, network criteria, content types).

    Transactional tests end with a flush, which empties data-migration rows for the tests after them.
    Every loader here is idempotent.
    """
    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    from consultants.loader import load_network_criteria
    from consultants.models import NetworkCriteria
    from marketplace.taxonomy import loader
    from marketplace.taxonomy import models as taxonomy

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
    if not taxonomy.ExpertiseArea.objects.exists():
        loader.load_all(
            {
                name: getattr(taxonomy, name)
                for name in ("Sector", "AdminUnit", "SolutionCategory", "ExpertiseArea", "ReadinessLevel")
            }
        )
    load_network_criteria(NetworkCriteria)
