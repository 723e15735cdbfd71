"""Signals of the ledger: ``entries_committed`` is sent once after each transaction that
appended entries commits (never for a rolled-back one), so other apps (webhooks) can follow
the log without taking part in the writers' transactions."""

from django.dispatch import Signal

entries_committed = Signal()
