"""Mediation during the exchange (异步调解): proposals seen by the court only or by all,
answers, the agreement every party signs, and the 民事调解书 the court issues from it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db import transaction

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
        first = first or doc
    agreement.statement = first
    agreement.save(update_fields=["statement"])
    return agreement
