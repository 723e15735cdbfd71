"""Django's ``flush``, able to empty the append-only ledger tables in test runs only.

Why override a core command: Django's test cases call ``flush`` between transactional tests
(live-server browser tests included); the ledger's triggers would refuse it. Outside tests this
behaves exactly like Django's flush, and the triggers refuse to empty the ledger.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from yunting.ledger.guard import test_maintenance


class Command(DjangoFlush):
    def handle(self, **options) -> None:
        if not getattr(settings, "TESTING", False):
            return super().handle(**options)
        with test_maintenance(connections[options["database"]]):
            return super().handle(**options)
