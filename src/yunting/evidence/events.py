"""Ledger events of the defence and evidence exchange, and their constructors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class EvidenceEvent(EventType):
    PLEADING_FILED = "evidence.pleading_filed", _("Defence or counterclaim filed")
    AGENT_LINKED = "evidence.agent_linked", _("Agent linked to the case")
    EXCHANGE_PROPOSED = "evidence.exchange_proposed", _("Asynchronous exchange proposed")
    CONSENT_GIVEN = "evidence.consent_given", _("Party answered on asynchronous exchange")
    LIMIT_SET = "evidence.limit_set", _("Time limit for evidence set")
    REQUEST_MADE = "evidence.request_made", _("More time for evidence applied for")
    REQUEST_DECIDED = "evidence.request_decided", _("Application for more time decided")
    ITEM_SUBMITTED = "evidence.item_submitted", _("Evidence item submitted")
    ITEM_WITHDRAWN = "evidence.item_withdrawn", _("Evidence item withdrawn")
    ROUND_OPENED = "evidence.round_opened", _("Exchange round opened")
    OPINION_SUBMITTED = "evidence.opinion_submitted", _("Opinion on evidence submitted")
    POINT_RECORDED = "evidence.point_recorded", _("Point in dispute recorded")
    POINT_COMMENTED = "evidence.point_commented", _("Point in dispute commented on")
    REPORT_ISSUED = "evidence.report_issued", _("Exchange report issued")
    PROPOSAL_POSTED = "evidence.proposal_posted", _("Mediation proposal posted")
    PROPOSAL_ANSWERED = "evidence.proposal_answered", _("Mediation proposal answered")
    PROPOSAL_WITHDRAWN = "evidence.proposal_withdrawn", _("Mediation proposal withdrawn")
    AGREEMENT_DRAFTED = "evidence.agreement_drafted", _("Mediation agreement drafted")
    AGREEMENT_SIGNED = "evidence.agreement_signed", _("Mediation agreement signed")
    STATEMENT_RECEIVED = "evidence.statement_received", _("Mediation statement received by a party")
    STATEMENT_EFFECTIVE = "evidence.statement_effective", _("Mediation statement took effect")
    STATEMENT_REFUSED = "evidence.statement_refused", _("Mediation statement refused (反悔)")


def _rec(kind: str, case: Any, actor: Any, payload: dict, documents=()) -> Record:
    return Record(kind, payload, actor=actor, court=case.court_id, case=case, documents=documents)


def pleading_filed(*, pleading: Any, actor: Any) -> Record:
    payload = {
        "pleading": str(pleading.id),
        "kind": pleading.kind,
        "party": pleading.party.name,
        "claim_amount": None if pleading.claim_amount is None else str(pleading.claim_amount),
        "fee_order": str(pleading.fee_order_id) if pleading.fee_order_id else None,
    }
    return _rec(EvidenceEvent.PLEADING_FILED, pleading.case, actor, payload)


def agent_linked(*, agent: Any, actor: Any, poa_sha256: str) -> Record:
    payload = {"agent": str(agent.id), "party": agent.party.name, "name": agent.name}
    return _rec(EvidenceEvent.AGENT_LINKED, agent.party.case, actor, payload, [poa_sha256])


def exchange_proposed(*, exchange: Any, actor: Any) -> Record:
    return _rec(EvidenceEvent.EXCHANGE_PROPOSED, exchange.case, actor, {"mode": exchange.mode})


def consent_given(*, consent: Any, mode: str) -> Record:
    payload = {"party": consent.party.name, "agreed": consent.agreed, "mode": mode}
    return _rec(EvidenceEvent.CONSENT_GIVEN, consent.exchange.case, consent.by, payload)


def limit_set(*, exchange: Any, actor: Any, days: int, documents: list) -> Record:
    payload = {
        "due_on": exchange.evidence_due_on.isoformat(),
        "days": days,
        "notices": [str(d.id) for d in documents],
    }
    return _rec(EvidenceEvent.LIMIT_SET, exchange.case, actor, payload)


def request_made(*, request: Any) -> Record:
    payload = {
        "request": str(request.id),
        "kind": request.kind,
        "party": request.party.name,
        "until": request.until.isoformat(),
        "reason": request.reason,
    }
    return _rec(EvidenceEvent.REQUEST_MADE, request.exchange.case, request.requested_by, payload)


def request_decided(*, request: Any) -> Record:
    payload = {"request": str(request.id), "kind": request.kind, "status": request.status}
    return _rec(EvidenceEvent.REQUEST_DECIDED, request.exchange.case, request.decided_by, payload)


def item_submitted(*, item: Any, actor: Any, sha256: str) -> Record:
    payload = {
        "item": str(item.id),
        "party": item.party.name,
        "number": item.number,
        "name": item.name,
        "late": item.late,
    }
    return _rec(EvidenceEvent.ITEM_SUBMITTED, item.case, actor, payload, [sha256] if sha256 else [])


def item_withdrawn(*, item: Any, actor: Any) -> Record:
    payload = {"item": str(item.id), "number": item.number, "party": item.party.name}
    return _rec(EvidenceEvent.ITEM_WITHDRAWN, item.case, actor, payload)


def round_opened(*, rnd: Any, actor: Any) -> Record:
    payload = {
        "round": rnd.number,
        "kind": rnd.kind,
        "opens_on": rnd.opens_on.isoformat(),
        "due_on": rnd.due_on.isoformat(),
    }
    return _rec(EvidenceEvent.ROUND_OPENED, rnd.exchange.case, actor, payload)


def opinion_submitted(*, opinion: Any) -> Record:
    payload = {
        "opinion": str(opinion.id),
        "item": str(opinion.item_id),
        "party": opinion.party.name,
        "round": opinion.round.number,
        "verdicts": opinion.verdicts,
        "reply_to": str(opinion.reply_to_id) if opinion.reply_to_id else None,
        "supersedes": str(opinion.supersedes_id) if opinion.supersedes_id else None,
    }
    return _rec(EvidenceEvent.OPINION_SUBMITTED, opinion.item.case, opinion.author, payload)


def point_recorded(*, point: Any, actor: Any) -> Record:
    payload = {
        "point": str(point.id),
        "title": point.title,
        "items": sorted(str(i.id) for i in point.items.all()),
        "opinions": sorted(str(o.id) for o in point.opinions.all()),
    }
    return _rec(EvidenceEvent.POINT_RECORDED, point.exchange.case, actor, payload)


def point_commented(*, comment: Any) -> Record:
    payload = {"point": str(comment.point_id), "party": comment.party.name, "text": comment.text}
    return _rec(EvidenceEvent.POINT_COMMENTED, comment.point.exchange.case, comment.author, payload)


def report_issued(*, exchange: Any, actor: Any, summary: dict) -> Record:
    payload = {"document": str(exchange.report_id), **summary}
    return _rec(EvidenceEvent.REPORT_ISSUED, exchange.case, actor, payload)


def proposal_posted(*, proposal: Any) -> Record:
    payload = {
        "proposal": str(proposal.id),
        "visibility": proposal.visibility,
        "party": proposal.party.name if proposal.party_id else None,
        "counter_of": str(proposal.counter_of_id) if proposal.counter_of_id else None,
    }
    return _rec(EvidenceEvent.PROPOSAL_POSTED, proposal.case, proposal.author, payload)


def proposal_answered(*, answer: Any, status: str) -> Record:
    payload = {
        "proposal": str(answer.proposal_id),
        "party": answer.party.name,
        "answer": answer.answer,
        "status": status,
    }
    return _rec(EvidenceEvent.PROPOSAL_ANSWERED, answer.proposal.case, answer.by, payload)


def proposal_withdrawn(*, proposal: Any, actor: Any) -> Record:
    return _rec(
        EvidenceEvent.PROPOSAL_WITHDRAWN, proposal.case, actor, {"proposal": str(proposal.id)}
    )


def agreement_drafted(*, agreement: Any) -> Record:
    payload = {"agreement": str(agreement.id), "sha256": agreement.sha256}
    return _rec(EvidenceEvent.AGREEMENT_DRAFTED, agreement.proposal.case, None, payload)


def agreement_signed(*, signature: Any) -> Record:
    payload = {
        "agreement": str(signature.agreement_id),
        "party": signature.party.name,
        "sha256": signature.sha256,
        "identity": "id_digits",
    }
    return _rec(
        EvidenceEvent.AGREEMENT_SIGNED, signature.agreement.proposal.case, signature.by, payload
    )


def statement_received(*, copy: Any, task: Any) -> Record:
    payload = {
        "agreement": str(copy.agreement_id),
        "party": copy.party.name,
        "document": str(copy.document_id),
        "service_task": str(task.id),
        "received_at": copy.received_at.isoformat(),
    }
    return _rec(EvidenceEvent.STATEMENT_RECEIVED, copy.agreement.proposal.case, None, payload)


def statement_effective(*, agreement: Any) -> Record:
    payload = {
        "agreement": str(agreement.id),
        "effective_on": agreement.effective_on.isoformat(),
        "parties": [c.party.name for c in agreement.copies.all()],
    }
    return _rec(EvidenceEvent.STATEMENT_EFFECTIVE, agreement.proposal.case, None, payload)


def statement_refused(*, agreement: Any, actor: Any) -> Record:
    payload = {
        "agreement": str(agreement.id),
        "party": agreement.refused_by.name,
        "reason": agreement.refusal_reason,
    }
    return _rec(EvidenceEvent.STATEMENT_REFUSED, agreement.proposal.case, actor, payload)
