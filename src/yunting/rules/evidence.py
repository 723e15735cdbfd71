"""Pure rules of the written preparation: the mode of the exchange, the state of an item after
the other sides' opinions (三性), and whether an act comes in time.

《人民法院在线诉讼规则》第四条、第二十条: asynchronous exchange needs every party's consent;
第十四条: if the parties disagree on the mode, the exchange is synchronous.
《民事诉讼法》第六十八条: evidence after the time limit needs the court's leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

PENDING = "pending"
ASYNCHRONOUS = "asynchronous"
SYNCHRONOUS = "synchronous"

ADMIT = "admit"
DISPUTE = "dispute"
PROPERTIES = ("authenticity", "legality", "relevance")

UNDISPUTED = "undisputed"
DISPUTED = "disputed"
NO_OPINION = "no_opinion"


def exchange_mode(consents: Mapping[str, bool | None]) -> str:
    """The mode from each party's answer (True agreed, False refused, None not yet): one
    refusal makes it synchronous at once; all agreed makes it asynchronous; else pending."""
    answers = list(consents.values())
    if any(a is False for a in answers):
        return SYNCHRONOUS
    if answers and all(a is True for a in answers):
        return ASYNCHRONOUS
    return PENDING


def item_status(opinions: Iterable[Mapping[str, str]]) -> str:
    """An item is disputed when any other side disputes any of the three properties or what
    it is to prove; undisputed when every opinion admits all; no_opinion when there is none."""
    opinions = list(opinions)
    if not opinions:
        return NO_OPINION
    for op in opinions:
        if any(op.get(p) == DISPUTE for p in (*PROPERTIES, "purpose")):
            return DISPUTED
    return UNDISPUTED


def in_time(today: dt.date, due_on: dt.date | None) -> bool:
    """An act on ``today`` is in time if it is on or before the last day (a day ends at
    midnight, CPL Art. 85). No limit set means nothing is late yet."""
    return due_on is None or today <= due_on


def late_needs_leave(
    today: dt.date, due_on: dt.date | None, leave_until: dt.date | None = None
) -> tuple[bool, bool]:
    """(allowed, late): evidence after the limit is allowed only under leave still running,
    and is then flagged late (CPL Art. 68)."""
    if in_time(today, due_on):
        return True, False
    return (leave_until is not None and today <= leave_until), True
