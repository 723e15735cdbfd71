"""Mediation during the exchange (异步调解): proposals seen by the court only or by all,
answers, the agreement every party signs, and the 民事调解书 the court issues from it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from yunting.cases.models import Case, Party
from yunting.ledger.services import record_event

from .. import events
from ..errors import EvidenceError, EvidenceErrorCode
from ..models import (
    Agreement,
    Answer,
    Proposal,
    ProposalAnswer,
    ProposalStatus,
    Signature,
    StatementCopy,
    Visibility,
)
from .common import acting_party, ensure_court, is_case_court

if TYPE_CHECKING:
    from yunting.accounts.models import User

STATEMENT_TEMPLATE = "mediation_statement"


@transaction.atomic
def proposal_post(
    *,
    case: Case,
    actor: User,
    text: str,
    visibility: str,
    counter_of: Proposal | None = None,
    party: Party | None = None,
) -> Proposal:
    """The court (judge, assistant) or a party posts a proposal; a party's own proposal to
    all counts as its acceptance. A counter-proposal closes the one it answers."""
    visibility = Visibility(visibility)
    if not text.strip():
        raise EvidenceError(EvidenceErrorCode.REASON_REQUIRED, what="—", field="text")
    party = (
        None if is_case_court(actor, case) and party is None else acting_party(actor, case, party)
    )
    if counter_of is not None:
        counter_of = Proposal.objects.select_for_update().get(pk=counter_of.pk)
        _ensure_answerable(counter_of, case)
        if party is not None:
            ProposalAnswer.objects.create(
                proposal=counter_of, party=party, answer=Answer.COUNTER, by=actor
            )
        counter_of.status = ProposalStatus.COUNTERED
        counter_of.save(update_fields=["status"])
    proposal = Proposal.objects.create(
        case=case,
        party=party,
        visibility=visibility,
        text=text.strip(),
        counter_of=counter_of,
        author=actor,
    )
    record_event(events.proposal_posted(proposal=proposal))
    if party is not None and visibility == Visibility.ALL:
        _answer(proposal, party, Answer.ACCEPT, actor)
    return proposal


def _ensure_answerable(proposal: Proposal, case: Case) -> None:
    if proposal.case_id != case.id:
        raise EvidenceError(EvidenceErrorCode.BAD_LINK)
    if proposal.visibility != Visibility.ALL:
        raise EvidenceError(EvidenceErrorCode.COURT_ONLY)
    if proposal.status != ProposalStatus.OPEN:
        raise EvidenceError(
            EvidenceErrorCode.PROPOSAL_CLOSED, status=str(ProposalStatus(proposal.status).label)
        )


def _answer(proposal: Proposal, party: Party, answer: str, actor: User) -> ProposalAnswer:
    if proposal.answers.filter(party=party).exists():
        raise EvidenceError(EvidenceErrorCode.ALREADY_ANSWERED)
    row = ProposalAnswer.objects.create(proposal=proposal, party=party, answer=answer, by=actor)
    if answer == Answer.REFUSE:
        proposal.status = ProposalStatus.REFUSED
    else:
        accepted = set(
            proposal.answers.filter(answer=Answer.ACCEPT).values_list("party_id", flat=True)
        )
        if accepted >= set(proposal.case.parties.values_list("id", flat=True)):
            proposal.status = ProposalStatus.AGREED
    proposal.save(update_fields=["status"])
    record_event(events.proposal_answered(answer=row, status=proposal.status))
    if proposal.status == ProposalStatus.AGREED:
        agreement = Agreement.objects.create(
            proposal=proposal,
            text=proposal.text,
            sha256=hashlib.sha256(proposal.text.encode()).hexdigest(),
        )
        record_event(events.agreement_drafted(agreement=agreement))
    return row


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, actor: User, answer: str, party: Party | None = None
) -> ProposalAnswer:
    """Accept or refuse. The proposal row is locked: an answer racing a withdrawal either
    comes first (then the withdrawal finds it answered) or is refused as withdrawn."""
    proposal = Proposal.objects.select_for_update().select_related("case").get(pk=proposal.pk)
    party = acting_party(actor, proposal.case, party)
    _ensure_answerable(proposal, proposal.case)
    if answer not in (Answer.ACCEPT, Answer.REFUSE):
        raise EvidenceError(EvidenceErrorCode.BAD_LINK, field="answer")
    return _answer(proposal, party, answer, actor)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("case").get(pk=proposal.pk)
    court = is_case_court(actor, proposal.case)
    if proposal.party_id is None:
        allowed = court
    else:
        allowed = any(p.id == proposal.party_id for p in _mine(actor, proposal.case))
    if not allowed:
        raise EvidenceError(EvidenceErrorCode.NOT_AUTHOR)
    if proposal.status != ProposalStatus.OPEN:
        raise EvidenceError(
            EvidenceErrorCode.PROPOSAL_CLOSED, status=str(ProposalStatus(proposal.status).label)
        )
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status"])
    record_event(events.proposal_withdrawn(proposal=proposal, actor=actor))
    return proposal


def _mine(actor: User, case: Case) -> list[Party]:
    from .common import parties_of

    return parties_of(actor, case)


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    actor: User,
    seen_sha256: str,
    digits: str,
    party: Party | None = None,
) -> Signature:
    """A party e-signs the exact terms it was shown (电子签名): the hash of the text it read
    must be the agreement's, and the signer's identity is checked again with the last six
    characters of its own ID number, as for a hearing transcript. The hash is kept with the
    signature and in the ledger."""
    from yunting.rules.hearings import id_digits_match

    agreement = (
        Agreement.objects.select_for_update().select_related("proposal__case").get(pk=agreement.pk)
    )
    party = acting_party(actor, agreement.proposal.case, party)
    if agreement.signatures.filter(party=party).exists():
        raise EvidenceError(EvidenceErrorCode.ALREADY_SIGNED)
    if (seen_sha256 or "").strip().lower() != agreement.sha256:
        raise EvidenceError(EvidenceErrorCode.STALE_TERMS)
    if not id_digits_match(actor.id_number, digits):
        raise EvidenceError(EvidenceErrorCode.SIGNER_IDENTITY, field="digits")
    signature = Signature.objects.create(
        agreement=agreement, party=party, by=actor, sha256=agreement.sha256
    )
    record_event(events.agreement_signed(signature=signature))
    return signature


@transaction.atomic
def mediation_statement_issue(*, agreement: Agreement, actor: User) -> Agreement:
    """When every party has signed, the court issues the 民事调解书 on the agreed terms, one
    copy addressed to each party (the service app serves them and they take effect on
    receipt, 民事诉讼法第一百条)."""
    from yunting.documents.services import document_issue

    agreement = (
        Agreement.objects.select_for_update().select_related("proposal__case").get(pk=agreement.pk)
    )
    case = agreement.proposal.case
    ensure_court(actor, case)
    if agreement.statement_id is not None:
        raise EvidenceError(EvidenceErrorCode.ALREADY_ISSUED)
    signed = set(agreement.signatures.values_list("party_id", flat=True))
    parties = list(case.parties.all())
    if any(p.id not in signed for p in parties):
        raise EvidenceError(EvidenceErrorCode.NOT_ALL_SIGNED)
    first = None
    for party in parties:
        doc = document_issue(
            template_code=STATEMENT_TEMPLATE,
            case=case,
            actor=actor,
            recipient=party,
            extra={"agreement": agreement.text},
        )
        StatementCopy.objects.create(agreement=agreement, party=party, document=doc)
        first = first or doc
    agreement.statement = first
    agreement.save(update_fields=["statement"])
    return agreement


# --- the statement's effect (CPL Art. 100–102) ------------------------------------------------


def _local(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def statement_served(task) -> None:
    """The service app's on-served hook for ``mediation_statement``: the party signed for its
    copy (the service completed, or its date was corrected). Once every copy is
    received, the statement takes effect on the date of the last receipt. A refused
    statement never takes effect; an effective one keeps its date."""
    copy = (
        StatementCopy.objects.select_related("agreement", "party")
        .filter(document_id=task.document_id)
        .first()
    )
    if copy is None:  # a statement issued otherwise than from an exchange agreement
        return
    agreement = (
        Agreement.objects.select_for_update()
        .select_related("proposal__case")
        .get(pk=copy.agreement_id)
    )
    if agreement.effective_on is not None or agreement.refused_at is not None:
        return
    if copy.received_at == task.served_at:
        return
    copy.received_at = task.served_at
    copy.save(update_fields=["received_at"])
    copy.agreement = agreement
    record_event(events.statement_received(copy=copy, task=task))
    copies = list(agreement.copies.select_related("party"))
    if copies and all(c.received_at is not None for c in copies):
        last = max(c.received_at for c in copies)
        agreement.effective_on = timezone.localdate(last)
        agreement.save(update_fields=["effective_on"])
        record_event(events.statement_effective(agreement=agreement))


@transaction.atomic
def mediation_statement_refuse(
    *, agreement: Agreement, actor: User, reason: str = "", party: Party | None = None
) -> Agreement:
    """反悔: a party (or its agent) refuses the 民事调解书 before its own copy was received.
    The statement then never takes effect, the service of the copies not yet received is
    withdrawn, and the case goes on to adjudication (CPL Art. 102)."""
    from yunting.service.withdrawal import service_tasks_withdraw_superseded

    agreement = (
        Agreement.objects.select_for_update().select_related("proposal__case").get(pk=agreement.pk)
    )
    case = agreement.proposal.case
    party = acting_party(actor, case, party)
    if agreement.statement_id is None:
        raise EvidenceError(EvidenceErrorCode.NOT_ISSUED)
    if agreement.refused_at is not None:
        raise EvidenceError(
            EvidenceErrorCode.ALREADY_REFUSED,
            name=agreement.refused_by.name,
            at=_local(agreement.refused_at),
        )
    if agreement.effective_on is not None:
        raise EvidenceError(
            EvidenceErrorCode.ALREADY_EFFECTIVE, on=agreement.effective_on.isoformat()
        )
    copy = agreement.copies.filter(party=party).first()
    if copy is not None and copy.received_at is not None:
        raise EvidenceError(EvidenceErrorCode.ALREADY_RECEIVED, at=_local(copy.received_at))
    agreement.refused_by = party
    agreement.refused_at = timezone.now()
    agreement.refusal_reason = (reason or "").strip()[:300]
    agreement.save(update_fields=["refused_by", "refused_at", "refusal_reason"])
    record_event(events.statement_refused(agreement=agreement, actor=actor))
    pending = [c.document for c in agreement.copies.filter(received_at=None)]
    service_tasks_withdraw_superseded(
        documents=pending,
        actor=actor,
        reason=f"{party.name}于调解书送达前反悔，调解书不发生法律效力（民事诉讼法第一百零二条）",
    )
    return agreement


def mediation_closing_blocker(case: Case) -> list[str]:
    """The judgments app's blocker for closing by mediation: the case's latest agreement with
    the court must have its statement in effect. A case without one (mediated with no
    statement needed, CPL Art. 101, or elsewhere) is not held up here."""
    agreement = (
        Agreement.objects.filter(proposal__case=case)
        .select_related("refused_by")
        .order_by("created_at")
        .last()
    )
    if agreement is None or agreement.effective_on is not None:
        return []
    if agreement.refused_at is not None:
        code = EvidenceErrorCode.STATEMENT_REFUSED
        return [str(code.message) % {"name": agreement.refused_by.name}]
    return [str(EvidenceErrorCode.MEDIATION_NOT_EFFECTIVE.message)]
