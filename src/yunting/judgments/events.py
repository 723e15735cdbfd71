"""Ledger events of the judgments app, one constructor each."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class JudgmentEvent(EventType):
    DRAFT_STARTED = "judgments.draft_started", _("Judgment drafting started")
    DRAFT_SAVED = "judgments.draft_saved", _("Draft judgment revised")
    PANEL_FORMED = "judgments.panel_formed", _("Collegiate panel formed")
    DELIBERATED = "judgments.deliberated", _("Panel deliberation recorded")
    SIGNED_OFF = "judgments.signed_off", _("Panel member signed off the draft")
    FLAGGED = "judgments.flagged", _("Case designated for the division head's approval")
    SUBMITTED = "judgments.submitted", _("Draft submitted for the division head's approval")
    APPROVED = "judgments.approved", _("Division head approved the draft")
    RETURNED = "judgments.returned", _("Division head returned the draft")
    ISSUED = "judgments.issued", _("Judgment signed, sealed and issued")
    EFFECTIVE = "judgments.effective", _("Judgment became effective")
    CLOSED = "judgments.closed", _("Case closed")
    TRANSFERRED = "judgments.transferred", _("Case transferred to another court (移送管辖)")
    WITHDRAWAL_APPLIED = "judgments.withdrawal_applied", _("Application to withdraw the suit")
    WITHDRAWAL_DECIDED = "judgments.withdrawal_decided", _("Application to withdraw decided")
    SUSPENDED = "judgments.suspended", _("Period excluded from the trial limit started")
    RESUMED = "judgments.resumed", _("Period excluded from the trial limit ended")
    EXTENSION_REQUESTED = "judgments.extension_requested", _("Trial limit extension requested")
    EXTENSION_DECIDED = "judgments.extension_decided", _("Trial limit extension decided")
    LIMIT_REMINDED = "judgments.limit_reminded", _("Trial limit reminder sent")
    APPEAL_FILED = "judgments.appeal_filed", _("Appeal lodged")
    APPEAL_TRANSMITTED = "judgments.appeal_transmitted", _("Appeal sent to the court of appeal")
    APPEAL_DOCKETED = "judgments.appeal_docketed", _("Appeal docketed at the court of appeal")


def _rec(kind, payload: dict, *, actor: Any, case: Any, documents=()) -> Record:
    return Record(
        kind, payload, actor=actor, court=case.court, case=case, documents=list(documents)
    )


def draft_started(*, draft, actor) -> Record:
    return _rec(
        JudgmentEvent.DRAFT_STARTED,
        {"draft": str(draft.id), "kind": draft.kind, "sources": sorted(draft.sections)},
        actor=actor,
        case=draft.case,
    )


def draft_saved(*, draft, actor, changed: list[str]) -> Record:
    return _rec(
        JudgmentEvent.DRAFT_SAVED,
        {"draft": str(draft.id), "version": draft.version, "changed": changed},
        actor=actor,
        case=draft.case,
    )


def panel_formed(*, case, actor, members: list) -> Record:
    return _rec(
        JudgmentEvent.PANEL_FORMED,
        {"members": [{"user": str(m.user_id), "role": m.role} for m in members]},
        actor=actor,
        case=case,
    )


def deliberated(*, deliberation, actor, sha256: str) -> Record:
    return _rec(
        JudgmentEvent.DELIBERATED,
        {"deliberation": str(deliberation.id), "held_on": str(deliberation.held_on)},
        actor=actor,
        case=deliberation.case,
        documents=[sha256],
    )


def approval(*, approval, actor) -> Record:
    kind = {
        ("panel", True): JudgmentEvent.SIGNED_OFF,
        ("division_head", True): JudgmentEvent.APPROVED,
        ("division_head", False): JudgmentEvent.RETURNED,
    }[(approval.stage, approval.approved)]
    return _rec(
        kind,
        {"draft": str(approval.draft_id), "version": approval.version, "note": approval.note},
        actor=actor,
        case=approval.draft.case,
    )


def flagged(*, draft, actor) -> Record:
    return _rec(
        JudgmentEvent.FLAGGED,
        {"draft": str(draft.id), "reason": draft.flag_reason},
        actor=actor,
        case=draft.case,
    )


def submitted(*, draft, actor) -> Record:
    return _rec(
        JudgmentEvent.SUBMITTED,
        {"draft": str(draft.id), "version": draft.version, "reason": draft.flag_reason},
        actor=actor,
        case=draft.case,
    )


def issued(*, decision, actor, documents: list) -> Record:
    return _rec(
        JudgmentEvent.ISSUED,
        {
            "decision": str(decision.id),
            "kind": decision.kind,
            "version": decision.draft.version,
            "copies": [
                {"document": str(d.id), "recipient": str(d.recipient_id)} for d in documents
            ],
        },
        actor=actor,
        case=decision.case,
        documents=[d.sha256 for d in documents],
    )


def effective(*, decision, clocks: list) -> Record:
    return _rec(
        JudgmentEvent.EFFECTIVE,
        {
            "decision": str(decision.id),
            "effective_on": str(decision.effective_on),
            "appeal_periods": [{"party": str(c.party_id), "due_on": str(c.due_on)} for c in clocks],
        },
        actor=None,
        case=decision.case,
    )


def transferred(*, decision, actor, court) -> Record:
    return _rec(
        JudgmentEvent.TRANSFERRED,
        {
            "decision": str(decision.id),
            "receiving_court": str(court.id),
            "receiving_court_name": court.name,
            "effective_on": str(decision.effective_on),
        },
        actor=actor,
        case=decision.case,
    )


def closed(*, closing, actor) -> Record:
    return _rec(
        JudgmentEvent.CLOSED,
        {
            "method": closing.method,
            "closed_on": str(closing.closed_on),
            "decision": str(closing.decision_id or ""),
            "settlement": closing.settlement,
        },
        actor=actor,
        case=closing.case,
    )


def withdrawal_applied(*, withdrawal, actor) -> Record:
    return _rec(
        JudgmentEvent.WITHDRAWAL_APPLIED,
        {"withdrawal": str(withdrawal.id), "party": str(withdrawal.party_id)},
        actor=actor,
        case=withdrawal.case,
    )


def withdrawal_decided(*, withdrawal, actor) -> Record:
    return _rec(
        JudgmentEvent.WITHDRAWAL_DECIDED,
        {"withdrawal": str(withdrawal.id), "status": withdrawal.status, "note": withdrawal.note},
        actor=actor,
        case=withdrawal.case,
    )


def suspension(*, suspension, actor, ended: bool) -> Record:
    return _rec(
        JudgmentEvent.RESUMED if ended else JudgmentEvent.SUSPENDED,
        {
            "suspension": str(suspension.id),
            "kind": suspension.kind,
            "start": str(suspension.start),
            "end": str(suspension.end or ""),
        },
        actor=actor,
        case=suspension.case,
    )


def extension_requested(*, extension, actor) -> Record:
    return _rec(
        JudgmentEvent.EXTENSION_REQUESTED,
        {"extension": str(extension.id), "length": extension.length, "reason": extension.reason},
        actor=actor,
        case=extension.case,
    )


def extension_decided(*, extension, actor) -> Record:
    return _rec(
        JudgmentEvent.EXTENSION_DECIDED,
        {"extension": str(extension.id), "status": extension.status},
        actor=actor,
        case=extension.case,
    )


def limit_reminded(*, case, state: str, end, recipient) -> Record:
    return _rec(
        JudgmentEvent.LIMIT_REMINDED,
        {"state": state, "end": str(end), "recipient": str(recipient.id)},
        actor=None,
        case=case,
    )


def appeal_filed(*, appeal, actor) -> Record:
    return _rec(
        JudgmentEvent.APPEAL_FILED,
        {
            "appeal": str(appeal.id),
            "party": str(appeal.party_id),
            "decision_kind": appeal.decision.kind,
            "amount": str(appeal.amount if appeal.amount is not None else ""),
            "deadline": str(appeal.deadline),
        },
        actor=actor,
        case=appeal.case,
    )


def appeal_transmitted(*, appeal, actor, items: int) -> Record:
    return _rec(
        JudgmentEvent.APPEAL_TRANSMITTED,
        {"appeal": str(appeal.id), "court": appeal.court_of_appeal.code, "items": items},
        actor=actor,
        case=appeal.case,
    )


def appeal_docketed(*, appeal, actor) -> Record:
    return _rec(
        JudgmentEvent.APPEAL_DOCKETED,
        {"appeal": str(appeal.id), "case_number": appeal.appeal_case.case_number},
        actor=actor,
        case=appeal.appeal_case,
    )
