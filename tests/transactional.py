"""Lets transactional tests (threads, live server, browser) run one after another.

Two things a `transaction=True` test trips over: rows loaded by data migrations (taxonomies, the
network criteria, the readiness criteria sets, content types) are emptied by the flush after such a
test, so they are loaded again before every transactional test when missing (all loaders are
idempotent); and the audit table refuses DELETE at database level (a trigger), while pytest-django
empties the database with DELETE on SQLite (TRUNCATE on PostgreSQL, which row triggers do not see).
So, on SQLite only, the audit table is emptied right before the flush with its delete trigger lifted
for that moment and put back at once: the rule stays in force during every test.
"""

from django.db import connection

SQLITE_DELETE_TRIGGER = (
    "CREATE TRIGGER core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
)
TAXONOMY_MODELS = ("Sector", "AdminUnit", "SolutionCategory", "ExpertiseArea", "ReadinessLevel", "Language")


def empty_audit_table() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")
        cursor.execute("DELETE FROM core_auditrecord")
        cursor.execute(SQLITE_DELETE_TRIGGER)


def ensure_reference_data() -> None:
    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    from consultants.loader import load_network_criteria
    from consultants.models import NetworkCriteria
    from marketplace.taxonomy import loader as taxonomy_loader
    from marketplace.taxonomy import models as taxonomy
    from matching import loader as criteria_loader
    from matching import models as matching

    if not ContentType.objects.exists():
        ContentType.objects.clear_cache()
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
    if not taxonomy.SolutionCategory.objects.exists():
        taxonomy_loader.load_all({name: getattr(taxonomy, name) for name in TAXONOMY_MODELS})
    if not NetworkCriteria.objects.exists():
        load_network_criteria(NetworkCriteria)
    if not matching.CriteriaSet.objects.exists():
        classes = {
            name: getattr(matching, name)
            for name in ("CriteriaSet", "Pillar", "Question", "Option", "LevelThreshold")
        }
        classes["ExpertiseArea"] = taxonomy.ExpertiseArea
        criteria_loader.load_all(classes)
