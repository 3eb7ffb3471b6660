"""An index in the "newest first" order of match rows (PostgreSQL), so an ids-only query that needs no
count (matching's retrieval, `SearchQuery.with_count=False`) reads rows in that order and stops at
its page instead of sorting every match. SQLite does not take that path and gets no index."""

from django.db import migrations

INDEX = "search_match_newest_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("search", "SearchMatchRow")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (published_at DESC NULLS LAST, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_visible_until")]
    operations = [migrations.RunPython(create, drop)]
