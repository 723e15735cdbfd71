"""Event types only the ledger tests record (tests is a package)."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from yunting.ledger import services
from yunting.ledger.events import EventType, register
from yunting.ledger.services import Record, record_many


@register
class SampleEvent(EventType):
    DOCUMENT_FILED = "test_ledger.document_filed", _("Document filed (test)")
    NOTE = "test_ledger.note", _("Note (test)")


def fill(n: int = 20) -> None:
    with transaction.atomic():
        record_many(
            [Record(SampleEvent.NOTE, {"n": i}, documents=[f"doc {i}".encode()]) for i in range(n)]
        )
    services.sign_tree_head()


def verify() -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("ledger", "verify", stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def sql(statement: str, params: tuple = ()) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)
