"""The in-memory channel layer for one ASGI process (no ``REDIS_URL``).

Channels' ``InMemoryChannelLayer`` runs ``_clean_expired`` on every ``receive`` and
``group_send``: a walk over every channel and every group membership of the process. With
2,000 hearing-room sockets that is thousands of steps per signal relayed, and the event loop
spends itself cleaning (bench/hearings.py: 500 rooms × 4 at 1 signal/s each stalled, most
signals lost). Expiry is a minute; cleaning at most once a second keeps its meaning (a message
or a membership may outlive it by under a second) at a cost independent of traffic."""

from __future__ import annotations

import time

from channels.layers import InMemoryChannelLayer as _InMemoryChannelLayer

CLEAN_EVERY = 1.0  # seconds


class InMemoryChannelLayer(_InMemoryChannelLayer):
    _cleaned = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._cleaned < CLEAN_EVERY:
            return
        self._cleaned = now
        super()._clean_expired()
