"""Signals other apps listen to, so documents need not know who acts on an issued document.

``document_issued`` is sent inside the issuing transaction once the ``IssuedDocument`` row
exists (keyword ``document``). A receiver that raises rolls the issue back: receivers do
their own writes through their services (e.g. the service app opens the service tasks for
``document.recipient``) and enqueue slow work with ``transaction.on_commit``."""

from __future__ import annotations

from django.dispatch import Signal

document_issued = Signal()
