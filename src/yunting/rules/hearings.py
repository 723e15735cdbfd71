"""Pure rules of hearing scheduling: when two bookings collide, and how proposed times rank.

No Django here: the services pass plain values, the tests hand-work examples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# A room and its people need a moment between hearings (clearing, reconnecting).
TURNAROUND = dt.timedelta(minutes=0)


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime):
    """Half-open intervals [start, end): a hearing ending at 10:00 and one starting at 10:00
    do not collide."""
    return a_start < b_end + TURNAROUND and b_start < a_end + TURNAROUND


@dataclass(frozen=True)
class RankedSlot:
    key: object
    starts_at: dt.datetime
    yes: int
    no: int
    unanswered: int

    @property
    def everyone(self) -> bool:
        return self.no == 0 and self.unanswered == 0


def rank_slots(
    slots: Iterable[tuple[object, dt.datetime]],
    answers: Mapping[object, Mapping[object, bool]],
    people: Iterable[object],
) -> list[RankedSlot]:
    """Rank proposed times: those everyone can attend first, then by fewest who cannot, then
    most who can, then earliest (a court hears a case as soon as it can).

    ``answers[slot_key][person] = True/False``; a person who has not answered counts as
    neither, so one silent party does not sink a time the others agreed on."""
    people = list(people)
    ranked = []
    for key, starts_at in slots:
        given = answers.get(key, {})
        yes = sum(1 for p in people if given.get(p) is True)
        no = sum(1 for p in people if given.get(p) is False)
        ranked.append(RankedSlot(key, starts_at, yes, no, len(people) - yes - no))
    return sorted(ranked, key=lambda r: (not r.everyone, r.no, -r.yes, r.starts_at))


def id_digits_match(id_number: str, given: str) -> bool:
    """The second identity check: the last six characters of the ID number (an X check digit
    matches x), never fewer than six given."""
    given = (given or "").strip().upper()
    wanted = (id_number or "").strip().upper()[-6:]
    return len(wanted) == 6 and len(given) == 6 and given == wanted
