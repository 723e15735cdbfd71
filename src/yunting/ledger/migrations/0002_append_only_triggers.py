"""Append-only guard: triggers refusing UPDATE and DELETE on the ledger tables.

Why triggers and not only application discipline: a stray ``QuerySet.update()`` in some future
service, an admin action or a hand-typed SQL statement must fail loudly instead of silently
changing history. SQL is chosen by ``connection.vendor``; see ``yunting/ledger/guard.py`` for
the test-flush exception and docs/ledger.md for the threat model.
"""

from django.db import migrations

TABLES = ("ledger_entry", "ledger_documentref", "ledger_node", "ledger_signedtreehead")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION yunting_ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND coalesce(current_setting('yunting.ledger_maintenance', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'ledger table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
"""


def create_triggers(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(PG_FUNCTION)
            for t in TABLES:
                cur.execute(
                    f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
                    f"FOR EACH ROW EXECUTE FUNCTION yunting_ledger_refuse()"
                )
                cur.execute(
                    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION yunting_ledger_refuse()"
                )
        elif conn.vendor == "sqlite":
            for t in TABLES:
                cur.execute(
                    f"CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} "
                    f"BEGIN SELECT RAISE(ABORT, '{t} is append-only: UPDATE refused'); END"
                )
                cur.execute(
                    f"CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} "
                    f"WHEN NOT yunting_ledger_maintenance() "
                    f"BEGIN SELECT RAISE(ABORT, '{t} is append-only: DELETE refused'); END"
                )
        else:
            raise RuntimeError(f"No append-only triggers for database vendor {conn.vendor!r}")


def drop_triggers(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        for t in TABLES:
            if conn.vendor == "postgresql":
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}")
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}")
            else:
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_update")
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_delete")
        if conn.vendor == "postgresql":
            cur.execute("DROP FUNCTION IF EXISTS yunting_ledger_refuse()")


def create_head(apps, schema_editor):
    import hashlib

    LogHead = apps.get_model("ledger", "LogHead")
    LogHead.objects.get_or_create(
        pk=1, defaults={"size": 0, "root_hash": hashlib.sha256(b"").digest(), "frontier": b""}
    )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
