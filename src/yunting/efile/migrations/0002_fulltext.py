"""The full-text index of page text: SQLite FTS5 (kept in step by triggers) or a PostgreSQL
GIN index on to_tsvector('simple', tokens); tokens are jieba words joined by spaces."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS efile_pagetext_fts USING fts5("
    "tokens, content='efile_pagetext', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS efile_pagetext_ai AFTER INSERT ON efile_pagetext BEGIN "
    "INSERT INTO efile_pagetext_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS efile_pagetext_ad AFTER DELETE ON efile_pagetext BEGIN "
    "INSERT INTO efile_pagetext_fts(efile_pagetext_fts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS efile_pagetext_au AFTER UPDATE ON efile_pagetext BEGIN "
    "INSERT INTO efile_pagetext_fts(efile_pagetext_fts, rowid, tokens) "
    "VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO efile_pagetext_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS efile_pagetext_au",
    "DROP TRIGGER IF EXISTS efile_pagetext_ad",
    "DROP TRIGGER IF EXISTS efile_pagetext_ai",
    "DROP TABLE IF EXISTS efile_pagetext_fts",
]
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS efile_pagetext_tsv ON efile_pagetext "
    "USING GIN (to_tsvector('simple', tokens))"
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS efile_pagetext_tsv"]


def forwards(apps, schema_editor):
    sql = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in sql:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    sql = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(
        schema_editor.connection.vendor, []
    )
    for statement in sql:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("efile", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
