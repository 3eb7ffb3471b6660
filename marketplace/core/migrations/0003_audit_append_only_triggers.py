from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION core_auditrecord_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditrecord_no_update BEFORE UPDATE OR DELETE ON core_auditrecord
  FOR EACH ROW EXECUTE FUNCTION core_auditrecord_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS core_auditrecord_no_update ON core_auditrecord;
DROP FUNCTION IF EXISTS core_auditrecord_append_only();
"""
SQLITE_FORWARD = [
    "CREATE TRIGGER core_auditrecord_no_update BEFORE UPDATE ON core_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;",
    "CREATE TRIGGER core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditrecord_no_update;",
    "DROP TRIGGER IF EXISTS core_auditrecord_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_record")]
    operations = [migrations.RunPython(forward, reverse)]
