"""The filing app's ledger events and their constructors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, change, register


@register
class FilingEvent(EventType):
    CREATED = "filing.created", _("Filing draft started")
    SUBMITTED = "filing.submitted", _("Filing submitted")
    UPDATED = "filing.updated", _("Filing details changed")
    PARTY_ADDED = "filing.party_added", _("Party added to filing")
    PARTY_REMOVED = "filing.party_removed", _("Party removed from filing")
    CLAIM_ADDED = "filing.claim_added", _("Claim added to filing")
    CLAIM_REMOVED = "filing.claim_removed", _("Claim removed from filing")
    ATTACHMENT_ADDED = "filing.attachment_added", _("Filing attachment uploaded")
    ATTACHMENT_REMOVED = "filing.attachment_removed", _("Filing attachment removed")
    CORRECTION_REQUESTED = "filing.correction_requested", _("Correction requested")
    RESUBMITTED = "filing.resubmitted", _("Corrected filing resubmitted")
    ACCEPTED = "filing.accepted", _("Filing accepted")
    REFUSED = "filing.refused", _("Filing refused")
    ID_REVEALED = "filing.id_revealed", _("Party's ID number shown to the filing officer")
    SERVICE_ADDRESS_GIVEN = "filing.service_address_given", _("Address for service given")
    TO_MEDIATION = (
        "filing.to_mediation",
        _("Filing guided to pre-litigation mediation with the plaintiff's consent"),
    )
    FROM_MEDIATION = (
        "filing.from_mediation",
        _("Filing back to review after a failed mediation, with its record"),
    )


# --- one constructor per event: the payload's shape is written here once -------------------


def _filing_event(event: str, filing: Any, actor: Any, payload: dict, **kw: Any) -> Record:
    payload = {"filing": str(filing.id), **payload}
    return Record(event, payload, actor=actor, court=filing.court, **kw)


def filing_created(*, filing: Any, actor: Any) -> Record:
    origin = filing.origin_court.code if filing.origin_court else None
    return _filing_event(FilingEvent.CREATED, filing, actor, {"origin_court": origin})


def filing_updated(*, filing: Any, actor: Any, old_cause: str, old_court: Any) -> Record:
    payload = {
        "cause": change(old_cause, filing.cause_name),
        "court": change(old_court.code, filing.court.code),
    }
    return _filing_event(FilingEvent.UPDATED, filing, actor, payload)


def filing_service_address_given(*, filing: Any, actor: Any) -> Record:
    data = filing.service_address
    payload = {
        "inbox": data["inbox"],
        "mobile": data["mobile"],
        "email": data["email"],
        "postal": data["postal"],
        "consent": data["consent"],
    }
    return _filing_event(FilingEvent.SERVICE_ADDRESS_GIVEN, filing, actor, payload)


def filing_party_added(*, filing: Any, actor: Any, party: Any) -> Record:
    payload = {"role": party.role, "name": party.name}
    if party.abroad:
        payload["abroad"] = True
    return _filing_event(FilingEvent.PARTY_ADDED, filing, actor, payload)


def filing_party_removed(*, filing: Any, actor: Any, role: str, name: str) -> Record:
    return _filing_event(FilingEvent.PARTY_REMOVED, filing, actor, {"role": role, "name": name})


def filing_claim_added(*, filing: Any, actor: Any, claim: Any) -> Record:
    amount = None if claim.amount is None else str(claim.amount)
    payload = {"text": claim.text, "amount": amount}
    return _filing_event(FilingEvent.CLAIM_ADDED, filing, actor, payload)


def filing_claim_removed(*, filing: Any, actor: Any, text: str) -> Record:
    return _filing_event(FilingEvent.CLAIM_REMOVED, filing, actor, {"text": text})


def filing_attachment_added(*, filing: Any, actor: Any, attachment: Any) -> Record:
    payload = {"kind": attachment.kind, "name": attachment.original_name}
    return _filing_event(
        FilingEvent.ATTACHMENT_ADDED, filing, actor, payload, documents=[attachment.sha256]
    )


def filing_attachment_removed(
    *, filing: Any, actor: Any, kind: str, name: str, sha256: str
) -> Record:
    return _filing_event(
        FilingEvent.ATTACHMENT_REMOVED,
        filing,
        actor,
        {"kind": kind, "name": name},
        documents=[sha256],
    )


def filing_submitted(
    *,
    filing: Any,
    actor: Any,
    resubmission: bool,
    documents: list[str] | None = None,
    claim_total: Any = None,
) -> Record:
    """Submitted, or resubmitted after a correction; the hashes of every document sent.

    A bulk intake that has just made the attachments and claims passes their hashes and
    total itself (``documents``, ``claim_total``) instead of reading them back."""
    if claim_total is None:
        claim_total = filing.claim_total
    payload = {
        "number": filing.number,
        "review_due": filing.review_due.isoformat(),
        "cause": filing.cause_name,
        "claim_total": str(claim_total),
    }
    event = FilingEvent.RESUBMITTED if resubmission else FilingEvent.SUBMITTED
    if documents is None:
        documents = [a.sha256 for a in filing.attachments.all()]
    return _filing_event(event, filing, actor, payload, documents=documents)


def filing_correction_requested(*, filing: Any, actor: Any) -> Record:
    payload = {"items": filing.correction_items, "note": filing.correction_note}
    return _filing_event(FilingEvent.CORRECTION_REQUESTED, filing, actor, payload)


def filing_refused(*, filing: Any, actor: Any) -> Record:
    payload = {"number": filing.number, "reason": filing.refusal_reason}
    return _filing_event(FilingEvent.REFUSED, filing, actor, payload)


def filing_accepted(*, filing: Any, actor: Any, case: Any) -> Record:
    payload = {
        "number": filing.number,
        "case_number": case.case_number,
        "acceptance_fee": str(case.acceptance_fee),
    }
    return _filing_event(FilingEvent.ACCEPTED, filing, actor, payload, case=case)


def filing_id_revealed(*, filing: Any, actor: Any, party: Any) -> Record:
    """Who saw whose full ID number, when (the review page masks it otherwise)."""
    payload = {"party": str(party.id), "role": party.role}
    return _filing_event(FilingEvent.ID_REVEALED, filing, actor, payload)


def filing_to_mediation(*, filing: Any, actor: Any, consent_note: str) -> Record:
    return _filing_event(FilingEvent.TO_MEDIATION, filing, actor, {"consent": consent_note})


def filing_from_mediation(*, filing: Any, actor: Any, dispute_number: str, created: bool) -> Record:
    payload = {
        "dispute": dispute_number,
        "created": created,
        "review_due": filing.review_due.isoformat(),
    }
    return _filing_event(FilingEvent.FROM_MEDIATION, filing, actor, payload)
