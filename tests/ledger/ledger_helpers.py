"""Event types only the ledger tests record (tests is a package)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, register


@register
class SampleEvent(EventType):
    DOCUMENT_FILED = "test_ledger.document_filed", _("Document filed (test)")
    NOTE = "test_ledger.note", _("Note (test)")
