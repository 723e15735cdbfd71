"""The cases app's ledger events and their constructors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, change, register


@register
class CaseEvent(EventType):
    CREATED = "cases.created", _("Case opened with its case number")
    STATUS_CHANGED = "cases.status_changed", _("Case status changed")
    ASSIGNED = "cases.assigned", _("Judge assigned")
    REASSIGNED = "cases.reassigned", _("Judge reassigned")
    PARTY_LINKED = "cases.party_linked", _("Party linked to the person's account")
    CLOCK_STARTED = "cases.clock_started", _("Legal period started")
    CLOCK_STOPPED = "cases.clock_stopped", _("Legal period stopped")
    PROCEDURE_CHANGED = "cases.procedure_changed", _("Procedure changed")


# --- one constructor per event: the payload's shape is written here once -------------------


def case_created(*, case: Any, actor: Any, parties: Sequence[Any]) -> Record:
    payload = {
        "case_number": case.case_number,
        "cause": case.cause_name,
        "procedure": case.procedure,
        "claim_amount": str(case.claim_amount),
        "parties": [{"role": p.role, "name": p.name} for p in parties],
    }
    return Record(CaseEvent.CREATED, payload, actor=actor, court=case.court, case=case)


def case_status_changed(*, case: Any, actor: Any, old: str, reason: str) -> Record:
    payload = {"status": change(old, case.status), "reason": reason}
    return Record(CaseEvent.STATUS_CHANGED, payload, actor=actor, court=case.court, case=case)


def case_procedure_changed(
    *, case: Any, actor: Any, old: str, reason: str, on: Any = None
) -> Record:
    payload = {"procedure": change(old, case.procedure), "reason": reason}
    if on is not None:
        payload["on"] = str(on)
    return Record(CaseEvent.PROCEDURE_CHANGED, payload, actor=actor, court=case.court, case=case)


def case_assigned(
    *,
    case: Any,
    actor: Any,
    seed: str,
    candidates: Sequence[Any],
    recused: dict[str, str],
    chosen: Any,
) -> Record:
    """The draw, with everything needed to re-run it: seed, candidates and their weights."""
    payload = {
        "method": "weighted_random",
        "weight": "1/(1+open_cases)",
        "seed": seed,
        "candidates": [c.__dict__ for c in candidates],
        "recused": [{"judge_id": k, "reason": v} for k, v in sorted(recused.items())],
        "judge_id": chosen.judge_id,
        "judge": chosen.name,
        "clerk": case.clerk.name if case.clerk else None,
    }
    return Record(CaseEvent.ASSIGNED, payload, actor=actor, court=case.court, case=case)


def case_reassigned(*, case: Any, actor: Any, previous: Any, reason: str) -> Record:
    payload = {
        "judge_id": change(str(previous.id) if previous else None, str(case.judge.id)),
        "judge": case.judge.name,
        "reason": reason,
    }
    return Record(CaseEvent.REASSIGNED, payload, actor=actor, court=case.court, case=case)


def party_linked(*, party: Any, user: Any, actor: Any) -> Record:
    payload = {"party": str(party.id), "user": str(user.id)}
    return Record(
        CaseEvent.PARTY_LINKED, payload, actor=actor, court=party.case.court, case=party.case
    )


def clock_started(*, clock: Any, actor: Any) -> Record:
    payload = {
        "clock": str(clock.id),
        "kind": clock.kind,
        "party": str(clock.party_id) if clock.party_id else None,
        "starts_on": clock.starts_on.isoformat(),
        "due_on": clock.due_on.isoformat(),
        "basis": clock.basis,
        "source": clock.source,
    }
    return Record(
        CaseEvent.CLOCK_STARTED, payload, actor=actor, court=clock.case.court, case=clock.case
    )


def clock_stopped(*, clock: Any, actor: Any) -> Record:
    payload = {"clock": str(clock.id), "kind": clock.kind, "reason": clock.stop_reason}
    return Record(
        CaseEvent.CLOCK_STOPPED, payload, actor=actor, court=clock.case.court, case=clock.case
    )
