"""Ledger events of the early-warning app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class AlertEvent(EventType):
    DIGEST_SENT = "alerts.digest_sent", _("Daily digest of early warnings sent")


def digest_sent(*, digest, court) -> Record:
    return Record(
        AlertEvent.DIGEST_SENT,
        {
            "recipient": str(digest.user_id),
            "day": digest.day.isoformat(),
            "items": digest.items,
            "counts": digest.counts,
        },
        actor=None,
        court=court,
    )
