"""The defendant's side answers: an agent links to the case with a power of attorney, then
files the defence, a counterclaim (its own half fee, Art. 18) or a third party's claim."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_roles
from yunting.cases.models import Agent, Case, ClockKind, Party, PartyRole
from yunting.cases.selectors import party_clock
from yunting.cases.services import clock_stop
from yunting.efile.models import ItemKind
from yunting.efile.services import item_add
from yunting.ledger.services import record_event
from yunting.rules.evidence import in_time

from .. import events
from ..errors import EvidenceError, EvidenceErrorCode
from ..models import Pleading, PleadingKind
from .common import acting_party, checked, text_pdf

if TYPE_CHECKING:
    from yunting.accounts.models import User

SIDE = {
    PleadingKind.DEFENCE: (PartyRole.DEFENDANT, EvidenceErrorCode.NOT_DEFENDANT_SIDE),
    PleadingKind.COUNTERCLAIM: (PartyRole.DEFENDANT, EvidenceErrorCode.NOT_DEFENDANT_SIDE),
    PleadingKind.THIRD_PARTY_CLAIM: (PartyRole.THIRD_PARTY, EvidenceErrorCode.NOT_THIRD_PARTY_SIDE),
}
TITLES = {
    PleadingKind.DEFENCE: "答辩状",
    PleadingKind.COUNTERCLAIM: "反诉状",
    PleadingKind.THIRD_PARTY_CLAIM: "第三人参加诉讼申请书",
}
JOINED = {PleadingKind.COUNTERCLAIM: "counterclaim", PleadingKind.THIRD_PARTY_CLAIM: "third-party"}


@transaction.atomic
def agent_link(
    *,
    case_number: str,
    party_id_number: str,
    actor: User,
    poa: bytes,
    poa_name: str = "",
    law_firm: str = "",
    licence_number: str = "",
) -> Agent:
    """A lawyer links to a party's side: the account is a verified lawyer's, the party is
    named by its ID number / credit code (which only someone holding its papers knows), and
    the power of attorney is checked and filed into the e-file with the ledger entry."""
    if Role.LAWYER not in user_roles(user=actor) or not actor.id_number:
        raise EvidenceError(EvidenceErrorCode.NOT_A_LAWYER)
    if not licence_number.strip():
        raise EvidenceError(EvidenceErrorCode.LICENCE_REQUIRED, field="licence_number")
    case = Case.objects.filter(case_number=case_number.strip()).first()
    if case is None:
        raise EvidenceError(EvidenceErrorCode.NO_SUCH_CASE, field="case_number")
    wanted = party_id_number.strip().upper()
    party = next(
        (p for p in case.parties.all() if p.id_number and p.id_number.upper() == wanted), None
    )
    if party is None or not wanted:
        raise EvidenceError(EvidenceErrorCode.PARTY_ID_MISMATCH, field="party_id_number")
    party = Party.objects.select_for_update().get(pk=party.pk)
    if party.agents.filter(user=actor).exists():
        raise EvidenceError(EvidenceErrorCode.ALREADY_AGENT)
    if not poa:
        raise EvidenceError(EvidenceErrorCode.POA_REQUIRED, field="poa")
    file = checked(poa)
    agent = Agent(
        party=party,
        user=actor,
        name=actor.name,
        law_firm=law_firm,
        licence_number=licence_number,
        phone=actor.phone,
    )
    agent.full_clean()
    agent.save()
    item_add(
        case=case,
        data=file.data,
        content_type=file.content_type,
        title=f"授权委托书：{party.name}委托{actor.name}" + (f"（{poa_name}）" if poa_name else ""),
        kind=ItemKind.POWER_OF_ATTORNEY,
        actor=actor,
        source="agent_link",
        source_id=str(agent.id),
    )
    record_event(events.agent_linked(agent=agent, actor=actor, poa_sha256=file.sha256))
    return agent


@transaction.atomic
def pleading_file(
    *,
    case: Case,
    actor: User,
    kind: str,
    text: str = "",
    upload: bytes | None = None,
    claim_amount: Decimal | None = None,
    party: Party | None = None,
) -> Pleading:
    """File a defence, counterclaim or third party's claim within the party's defence period
    (from its service date, ``cases.Clock``). A defence stops the defence clock; a joined
    claim gets its own fee order, halved (《诉讼费用交纳办法》第十八条)."""
    from yunting.fees.services import fee_order_assess_joined_claim

    kind = PleadingKind(kind)
    role, refusal = SIDE[kind]
    try:
        party = acting_party(actor, case, party)
    except EvidenceError:
        raise EvidenceError(refusal) from None
    if party.role != role:
        raise EvidenceError(refusal)
    party = Party.objects.select_for_update().get(pk=party.pk)
    text = text.strip()
    if not text and not upload:
        raise EvidenceError(EvidenceErrorCode.EMPTY_PLEADING, field="text")
    if kind in JOINED and claim_amount is None:
        raise EvidenceError(EvidenceErrorCode.AMOUNT_REQUIRED, field="claim_amount")
    clock = party_clock(party=party, kind=ClockKind.DEFENCE)
    if role == PartyRole.DEFENDANT:
        if clock is None:
            raise EvidenceError(EvidenceErrorCode.NOT_SERVED)
        if not in_time(timezone.localdate(), clock.due_on):
            raise EvidenceError(EvidenceErrorCode.DEFENCE_PERIOD_OVER, due=clock.due_on.isoformat())
    file = checked(upload) if upload else None
    title = TITLES[kind]
    if file is None:
        data, content_type = (
            text_pdf(title=title, case=case, party=party, text=text),
            "application/pdf",
        )
    else:
        data, content_type = file.data, file.content_type
    efile_item = item_add(
        case=case,
        data=data,
        content_type=content_type,
        title=f"{title}：{party.name}",
        kind=ItemKind.OTHER,
        actor=actor,
        source="pleading",
    )
    pleading = Pleading.objects.create(
        case=case,
        party=party,
        kind=kind,
        text=text,
        claim_amount=claim_amount,
        efile_item=efile_item,
        submitted_by=actor,
    )
    if kind in JOINED:
        pleading.fee_order = fee_order_assess_joined_claim(
            case=case,
            payer=party,
            amount=claim_amount,
            joined_claim=JOINED[kind],
            actor=actor,
        )
        pleading.save(update_fields=["fee_order"])
    if kind == PleadingKind.DEFENCE and clock is not None:
        clock_stop(clock=clock, actor=actor, reason=f"答辩状已提交（{party.name}）")
    record_event(events.pleading_filed(pleading=pleading, actor=actor))
    return pleading
