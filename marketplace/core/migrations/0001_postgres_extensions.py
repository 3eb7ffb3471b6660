"""PostgreSQL extensions used by search (unaccent, pg_trgm) and booking constraints (btree_gist).

On SQLite this migration does nothing.
"""

from django.db import migrations

EXTENSIONS = ["unaccent", "pg_trgm", "btree_gist"]


def create_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in EXTENSIONS:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_extensions, migrations.RunPython.noop)]
