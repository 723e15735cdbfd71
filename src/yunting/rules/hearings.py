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


# --- remote witnesses: the application, the other side's objection, the judge's decision ---

# The other side has this long from the application to object (the court's practice; the
# judge may decide earlier once every other party has objected).
WITNESS_OBJECTION_PERIOD = dt.timedelta(days=3)


def objection_deadline(applied_at: dt.datetime) -> dt.datetime:
    return applied_at + WITNESS_OBJECTION_PERIOD


def may_object(*, decided: bool, deadline: dt.datetime, now: dt.datetime) -> str | None:
    """Why an objection is refused now ("decided", "late"), or None."""
    if decided:
        return "decided"
    if now >= deadline:
        return "late"
    return None


def may_decide(
    *, deadline: dt.datetime, now: dt.datetime, other_side: Iterable[object], objected: Iterable
) -> bool:
    """The judge decides once the objection period is over, or earlier when every party of
    the other side has already objected (nobody is left to be heard)."""
    return now >= deadline or set(other_side) <= set(objected)


# --- transcript corrections ---


def apply_correction(body: str, passage: str, replacement: str) -> str | None:
    """The transcript with ``passage`` replaced by ``replacement``: only when the passage is
    found exactly once (else None: the clerk must correct by hand)."""
    if not passage or body.count(passage) != 1:
        return None
    return body.replace(passage, replacement, 1)


# --- recording: resumable chunk uploads ---


def chunk_verdict(*, index: int, received: int, total: int | None, same: bool | None) -> str:
    """What to do with chunk ``index`` when ``received`` chunks (0..received-1) are stored:
    "store" the next one, "repeat" (the same bytes again: idempotent), "mismatch" (other bytes
    under a stored index), "gap" (out of order: the client resumes from ``received``), "bad"
    (outside 0..total-1)."""
    if index < 0 or (total is not None and index >= total):
        return "bad"
    if index < received:
        return "repeat" if same else "mismatch"
    if index > received:
        return "gap"
    return "store"
