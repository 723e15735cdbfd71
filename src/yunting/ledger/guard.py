"""The database-side guard of the append-only tables, and its one test-only exception.

Triggers (migration 0002) refuse every UPDATE and DELETE on the ledger tables, on SQLite and on
PostgreSQL. Test suites must still empty the database between transactional tests (Django's
``flush``: ``DELETE FROM`` on SQLite, ``TRUNCATE`` on PostgreSQL). So:

* SQLite's DELETE trigger fires unless the SQL function ``yunting_ledger_maintenance()``
  returns 1. Every connection gets that function here; outside tests it is the constant 0,
  so production code has no switch at all. UPDATE triggers have no condition.
* PostgreSQL row triggers refuse UPDATE and DELETE unconditionally; flush uses TRUNCATE,
  which only a separate statement trigger can see, and that one lets it through only when
  the session setting ``yunting.ledger_maintenance`` is ``on``.
* Only the ``flush`` command of this app (which replaces Django's) turns maintenance on, and
  only when ``settings.TESTING``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

PROTECTED_TABLES = (
    "ledger_entry",
    "ledger_documentref",
    "ledger_node",
    "ledger_signedtreehead",
    # the judicial chain (migration 0005)
    "ledger_deposit",
    "ledger_checkpoint",
    "ledger_cosignature",
    "ledger_evidencecheck",
    "ledger_splitviewalarm",
)
SQLITE_FUNCTION = "yunting_ledger_maintenance"
PG_SETTING = "yunting.ledger_maintenance"


def install_sqlite_guard(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    testing = bool(getattr(settings, "TESTING", False))

    def maintenance() -> int:
        return 1 if testing and getattr(connection, "_yunting_ledger_maintenance", False) else 0

    connection.connection.create_function(SQLITE_FUNCTION, 0, maintenance)


@contextmanager
def test_maintenance(connection) -> Iterator[None]:
    """Let a test flush empty the ledger tables; refused outside tests."""
    if not getattr(settings, "TESTING", False):
        raise RuntimeError("Ledger maintenance mode exists only for test flushes.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SET {PG_SETTING} = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cur:
                cur.execute(f"RESET {PG_SETTING}")
    else:
        connection._yunting_ledger_maintenance = True
        try:
            yield
        finally:
            connection._yunting_ledger_maintenance = False
