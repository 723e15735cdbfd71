"""The document index accepts only rows its entry recorded.

Rows of ``ledger_documentref`` are written once, with their entry (``services._insert``), and
the public verification page answers "this document was recorded" from them. UPDATE and
DELETE were already refused (0002); an INSERT was not, so a hand-typed row could make the
page vouch for a document the ledger never saw. This trigger refuses a row whose SHA-256 is
not in its entry's ``document_hashes``, or that repeats a row already there. ``ledger
verify`` checks the index too (an existing database may hold rows from before this).
"""

from django.db import migrations

TRIGGER = "ledger_documentref_insert_check"

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION yunting_ledger_ref_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM ledger_entry e
        WHERE e.seq = NEW.entry_id AND jsonb_exists(e.document_hashes, NEW.sha256)
    ) OR EXISTS (
        SELECT 1 FROM ledger_documentref r
        WHERE r.entry_id = NEW.entry_id AND r.sha256 = NEW.sha256
    ) THEN
        RAISE EXCEPTION 'ledger_documentref is append-only: INSERT refused, % is not a document of entry %',
            NEW.sha256, NEW.entry_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
"""

SQLITE_TRIGGER = f"""
CREATE TRIGGER {TRIGGER} BEFORE INSERT ON ledger_documentref
WHEN NOT EXISTS (
    SELECT 1 FROM ledger_entry e, json_each(e.document_hashes) j
    WHERE e.seq = NEW.entry_id AND j.value = NEW.sha256
) OR EXISTS (
    SELECT 1 FROM ledger_documentref r WHERE r.entry_id = NEW.entry_id AND r.sha256 = NEW.sha256
)
BEGIN SELECT RAISE(ABORT, 'ledger_documentref is append-only: INSERT refused'); END
"""


def create_trigger(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(PG_FUNCTION)
            cur.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON ledger_documentref "
                f"FOR EACH ROW EXECUTE FUNCTION yunting_ledger_ref_check()"
            )
        elif conn.vendor == "sqlite":
            cur.execute(SQLITE_TRIGGER)
        else:
            raise RuntimeError(f"No ledger triggers for database vendor {conn.vendor!r}")


def drop_trigger(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON ledger_documentref")
            cur.execute("DROP FUNCTION IF EXISTS yunting_ledger_ref_check()")
        else:
            cur.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_triggers")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
