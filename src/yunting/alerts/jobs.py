"""The digest as a periodic job of ``yunting worker`` (``core.periodic``): each run sends
the digests of today not yet sent, from ``YUNTING_ALERT_DIGEST_HOUR`` (Beijing time) on."""

from __future__ import annotations

from django.conf import settings

from yunting.core.formatting import beijing_now
from yunting.core.periodic import periodic


@periodic(every=900, setting="YUNTING_ALERT_DIGEST_SECONDS")
def alert_digests() -> int:
    now = beijing_now()
    if now.hour < getattr(settings, "YUNTING_ALERT_DIGEST_HOUR", 8):
        return 0
    from .services import digests_send

    return digests_send(today=now.date())
