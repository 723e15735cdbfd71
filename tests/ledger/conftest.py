"""Fixtures for the ledger tests: a private key directory and a test event enum."""

from __future__ import annotations

import pytest
from django.db import connection

import tests.ledger.ledger_helpers  # noqa: F401  (registers the test event types)


@pytest.fixture(autouse=True)
def keys_dir(settings, tmp_path):
    """Each test signs with its own throw-away key, never the developer's var/keys."""
    settings.KEYS_DIR = tmp_path / "keys"
    return settings.KEYS_DIR


@pytest.fixture
def drop_ledger_triggers():
    """``drop(table)``: remove the append-only triggers of a table, as a tamperer would.

    Used inside ``db`` tests, whose transaction rolls the DDL back on both backends.
    """

    def drop(table: str) -> None:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            else:
                cur.execute(f"DROP TRIGGER {table}_no_update")
                cur.execute(f"DROP TRIGGER {table}_no_delete")

    return drop
