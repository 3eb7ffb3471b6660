"""Vendor-specific full-text structures of the database search backend.

SQLite: two FTS5 tables whose rowid is SearchDocument.id: `search_fts` folds diacritics with
`unicode61 remove_diacritics 2` (the backend folds đ→d itself, the tokenizer cannot), and
`search_fts_exact` keeps them, to rank exact spelling higher.
PostgreSQL: GIN indexes on the tsvectors and the facet tokens, trigram index for suggestions
(extensions come from core 0001).
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "text_high, text_mid, text_low, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_exact USING fts5("
    "text_high, text_mid, text_low, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_fts_exact"]
POSTGRES_UP = [
    "CREATE INDEX IF NOT EXISTS search_doc_vfolded_gin ON search_searchdocument USING gin (vector_folded)",
    "CREATE INDEX IF NOT EXISTS search_doc_vexact_gin ON search_searchdocument USING gin (vector_exact)",
    "CREATE INDEX IF NOT EXISTS search_doc_facets_gin ON search_searchdocument USING gin (facet_tokens)",
    "CREATE INDEX IF NOT EXISTS search_doc_suggest_trgm ON search_searchdocument "
    "USING gin (suggest_folded gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_doc_vfolded_gin",
    "DROP INDEX IF EXISTS search_doc_vexact_gin",
    "DROP INDEX IF EXISTS search_doc_facets_gin",
    "DROP INDEX IF EXISTS search_doc_suggest_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        with schema_editor.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_indexbuild_searchdocument"),
        ("core", "0001_postgres_extensions"),
    ]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
