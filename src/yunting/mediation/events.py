"""Mediation event types and one constructor per event: the payload's shape is written here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class MediationEvent(EventType):
    REGISTERED = "mediation.registered", _("Dispute registered for mediation")
    INVITED = "mediation.invited", _("Other side invited to mediation")
    CONSENTED = "mediation.consented", _("Party consented to mediation")
    CONSENT_REFUSED = "mediation.consent_refused", _("Party refused mediation")
    MEDIATOR_CHOSEN = "mediation.mediator_chosen", _("Party chose a mediator")
    ASSIGNED = "mediation.assigned", _("Mediator designated")
    STARTED = "mediation.started", _("Mediation period started")
    ADDRESS_CONFIRMED = "mediation.address_confirmed", _("Address for service confirmed")
    MESSAGE_POSTED = "mediation.message_posted", _("Message posted in mediation")
    EVIDENCE_ADDED = "mediation.evidence_added", _("Evidence put forward in mediation")
    FACTS_RECORDED = "mediation.facts_recorded", _("Undisputed facts recorded")
    EXTENDED = "mediation.extended", _("Mediation period extended by consent")
    AGREEMENT_DRAFTED = "mediation.agreement_drafted", _("Mediation agreement drafted")
    AGREEMENT_SIGNED = "mediation.agreement_signed", _("Mediation agreement signed")
    AGREED = "mediation.agreed", _("Mediation agreement signed by every party")
    CONFIRMATION_APPLIED = (
        "mediation.confirmation_applied",
        _("Judicial confirmation applied for"),
    )
    CONFIRMED = "mediation.confirmed", _("Mediation agreement judicially confirmed")
    CONFIRMATION_REFUSED = "mediation.confirmation_refused", _("Judicial confirmation refused")
    CONVERTED = "mediation.converted", _("Failed mediation sent to filing")
    WITHDRAWN = "mediation.withdrawn", _("Dispute withdrawn")


def _record(event: str, dispute: Any, actor: Any, documents=(), case=None, **payload) -> Record:
    return Record(
        event,
        {"dispute": str(dispute.id), "number": dispute.number, **payload},
        actor=actor,
        court=dispute.court,
        case=case,
        documents=tuple(documents),
    )


def registered(*, dispute: Any, actor: Any) -> Record:
    return _record(
        MediationEvent.REGISTERED,
        dispute,
        actor,
        origin=dispute.origin,
        cause=dispute.cause_name,
        filing=str(dispute.filing_id) if dispute.filing_id else None,
        designation_due=dispute.designation_due.isoformat(),
        joint_choice_due=dispute.joint_choice_due.isoformat(),
    )


def invited(*, dispute: Any, party: Any, actor: Any, channels: list[str]) -> Record:
    return _record(MediationEvent.INVITED, dispute, actor, party=str(party.id), channels=channels)


def consent_answered(*, dispute: Any, party: Any, actor: Any) -> Record:
    event = MediationEvent.CONSENTED if party.consent == "given" else MediationEvent.CONSENT_REFUSED
    return _record(event, dispute, actor, party=str(party.id))


def mediator_chosen(*, dispute: Any, party: Any, actor: Any) -> Record:
    return _record(
        MediationEvent.MEDIATOR_CHOSEN,
        dispute,
        actor,
        party=str(party.id),
        mediator=str(party.chosen_mediator_id),
    )


def assigned(*, dispute: Any, actor: Any) -> Record:
    return _record(
        MediationEvent.ASSIGNED,
        dispute,
        actor,
        mediator=str(dispute.mediator_id),
        method=dispute.assignment_method,
        assigned_on=dispute.assigned_on.isoformat(),
        late=dispute.assigned_late,
    )


def started(*, dispute: Any, actor: Any) -> Record:
    return _record(
        MediationEvent.STARTED, dispute, actor, period_end=dispute.period_end.isoformat()
    )


def address_confirmed(*, dispute: Any, party: Any, actor: Any) -> Record:
    return _record(
        MediationEvent.ADDRESS_CONFIRMED,
        dispute,
        actor,
        party=str(party.id),
        address=party.address,
        email=party.email,
        phone=party.phone,
    )


def message_posted(*, message: Any) -> Record:
    return _record(
        MediationEvent.MESSAGE_POSTED,
        message.dispute,
        message.author,
        message=str(message.id),
        side=str(message.side_id) if message.side_id else None,
        length=len(message.text),
    )


def evidence_added(*, item: Any) -> Record:
    return _record(
        MediationEvent.EVIDENCE_ADDED,
        item.dispute,
        item.by,
        item=str(item.id),
        party=str(item.party_id),
        title=item.title,
    )


def facts_recorded(*, dispute: Any, actor: Any) -> Record:
    return _record(
        MediationEvent.FACTS_RECORDED, dispute, actor, length=len(dispute.undisputed_facts)
    )


def extended(*, extension: Any) -> Record:
    return _record(
        MediationEvent.EXTENDED,
        extension.dispute,
        extension.by,
        days=extension.days,
        consent=extension.consent_note,
        new_end=extension.new_end.isoformat(),
    )


def agreement_drafted(*, agreement: Any) -> Record:
    return _record(
        MediationEvent.AGREEMENT_DRAFTED,
        agreement.dispute,
        agreement.drafted_by,
        agreement=str(agreement.id),
        version=agreement.version,
        sha256=agreement.sha256,
    )


def agreement_signed(*, signature: Any) -> Record:
    agreement = signature.agreement
    return _record(
        MediationEvent.AGREEMENT_SIGNED,
        agreement.dispute,
        signature.by,
        agreement=str(agreement.id),
        version=agreement.version,
        party=str(signature.party_id),
        sha256=signature.sha256,
    )


def agreed(*, agreement: Any, actor: Any) -> Record:
    return _record(
        MediationEvent.AGREED,
        agreement.dispute,
        actor,
        agreement=str(agreement.id),
        sha256=agreement.sha256,
    )


def confirmation_applied(*, dispute: Any, actor: Any) -> Record:
    case = dispute.confirmation_case
    return _record(
        MediationEvent.CONFIRMATION_APPLIED,
        dispute,
        actor,
        case=case,
        case_number=case.case_number,
    )


def ruled(*, ruling: Any, documents=()) -> Record:
    dispute = ruling.dispute
    event = (
        MediationEvent.CONFIRMED
        if ruling.decision == "confirmed"
        else MediationEvent.CONFIRMATION_REFUSED
    )
    return _record(
        event,
        dispute,
        ruling.judge,
        documents=[d.sha256 for d in documents],
        case=dispute.confirmation_case,
        reason=ruling.reason,
        agreement_sha256=ruling.agreement.sha256,
    )


def converted(*, dispute: Any, actor: Any, filing: Any, released: bool) -> Record:
    return _record(
        MediationEvent.CONVERTED,
        dispute,
        actor,
        filing=str(filing.id),
        filing_number=filing.number,
        released=released,
        reason=dispute.end_reason,
    )


def withdrawn(*, dispute: Any, actor: Any) -> Record:
    return _record(MediationEvent.WITHDRAWN, dispute, actor, reason=dispute.end_reason)
