"""Append-only triggers on the judicial chain's tables (issue 22), as 0002 does for the log:
deposits, checkpoints, cosignatures, evidence checks and split-view alarms are never edited."""

from importlib import import_module

from django.db import migrations

TABLES = (
    "ledger_deposit",
    "ledger_checkpoint",
    "ledger_cosignature",
    "ledger_evidencecheck",
    "ledger_splitviewalarm",
)
_base = import_module("yunting.ledger.migrations.0002_append_only_triggers")


def create_triggers(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(_base.PG_FUNCTION)
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


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_i22_chain")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
