"""Ranking a recipient's channels from what happened at each address before (pure Python).

Each address brings its history: how often it delivered, bounced, failed, came back by post,
or delivered but was never opened. The best channel is the one most likely to complete
service soon: electronic before post (it completes the day it arrives), and among those the
best record; an address never tried starts neutral."""

from __future__ import annotations

from dataclasses import dataclass

# Ties go to the channel that completes fastest and costs least.
PREFERENCE = ("inbox", "sms", "email", "postal")


@dataclass(frozen=True)
class History:
    channel: str
    delivered: int = 0
    bounced: int = 0
    failed: int = 0
    returned: int = 0
    unread: int = 0


def score(h: History) -> float:
    """Laplace-smoothed success rate; an unread delivery counts as half a failure."""
    bad = h.bounced + h.failed + h.returned + 0.5 * h.unread
    return (h.delivered - 0.5 * h.unread + 1) / (h.delivered + bad + 2)


def rank(histories: list[History]) -> list[str]:
    """Channels, best first (each once), from the histories of the channels offered."""
    best: dict[str, float] = {}
    for h in histories:
        best[h.channel] = max(best.get(h.channel, 0.0), score(h))
    order = {c: i for i, c in enumerate(PREFERENCE)}
    electronic = {"inbox", "sms", "email"}
    return sorted(
        best,
        key=lambda c: (c not in electronic, -round(best[c], 6), order.get(c, 99)),
    )
