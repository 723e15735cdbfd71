"""Writes to cases: numbering, creation, status and assignment, each recorded in the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from yunting.ledger.services import record
from yunting.rules.case_numbers import CaseNumber

from .errors import ILLEGAL_TRANSITION, CaseError
from .events import CaseEvent
from .models import (
    CASE_TRANSITIONS,
    Agent,
    Case,
    CaseNumberCounter,
    CaseStatus,
    Claim,
    Party,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.courts.models import Court, Department


@dataclass(frozen=True)
class PartyData:
    role: str
    kind: str
    name: str
    id_type: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""
    representative: str = ""
    user: User | None = None
    agents: Sequence[AgentData] = ()


@dataclass(frozen=True)
class AgentData:
    name: str
    user: User | None = None
    law_firm: str = ""
    licence_number: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ClaimData:
    text: str
    amount: Decimal | None = None


def case_number_allocate(*, court: Court, year: int, type_code: str) -> CaseNumber:
    """Take the next serial for (court, year, type) under a row lock.

    Must run inside the caller's transaction, so that a rolled-back acceptance gives its
    number back and the sequence keeps no gap (DOMAIN.md §2)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_number_allocate must run inside transaction.atomic()")
    counter = (
        CaseNumberCounter.objects.select_for_update()
        .filter(court=court, year=year, type_code=type_code)
        .first()
    )
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: another acceptance may create it first
                CaseNumberCounter.objects.create(court=court, year=year, type_code=type_code)
        except IntegrityError:
            pass
        counter = CaseNumberCounter.objects.select_for_update().get(
            court=court, year=year, type_code=type_code
        )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return CaseNumber(
        year=year, court_code=court.code, type_code=type_code, serial=counter.last_serial
    )


@transaction.atomic
def case_create(
    *,
    court: Court,
    type_code: str,
    cause_name: str,
    parties: Sequence[PartyData],
    claims: Sequence[ClaimData] = (),
    actor: User | None,
    cause_code: str = "",
    cause_revision: str = "",
    procedure: str = "ordinary",
    facts: str = "",
    department: Department | None = None,
    accepted_on: dt.date | None = None,
) -> Case:
    """Accept a case: allocate its number, store parties and claims, record it in the ledger."""
    accepted_on = accepted_on or timezone.localdate()
    number = case_number_allocate(court=court, year=accepted_on.year, type_code=type_code)
    amount = sum((c.amount for c in claims if c.amount is not None), Decimal("0.00"))
    case = Case(
        court=court,
        department=department,
        case_number=number.format(),
        year=number.year,
        type_code=type_code,
        serial=number.serial,
        procedure=procedure,
        cause_code=cause_code,
        cause_name=cause_name,
        cause_revision=cause_revision,
        claim_amount=amount,
        facts=facts,
        accepted_on=accepted_on,
    )
    case.full_clean()
    case.save()
    for position, data in enumerate(parties):
        party = Party(
            case=case,
            position=position,
            role=data.role,
            kind=data.kind,
            name=data.name,
            id_type=data.id_type,
            id_number=data.id_number,
            address=data.address,
            phone=data.phone,
            representative=data.representative,
            user=data.user,
        )
        party.full_clean()
        party.save()
        for agent in data.agents:
            Agent.objects.create(
                party=party,
                user=agent.user,
                name=agent.name,
                law_firm=agent.law_firm,
                licence_number=agent.licence_number,
                phone=agent.phone,
            )
    for position, claim in enumerate(claims):
        Claim.objects.create(case=case, position=position, text=claim.text, amount=claim.amount)
    record(
        CaseEvent.CREATED,
        actor=actor,
        court=court,
        case=case,
        payload={
            "case_number": case.case_number,
            "cause": cause_name,
            "procedure": procedure,
            "claim_amount": str(amount),
            "parties": [{"role": p.role, "name": p.name} for p in parties],
        },
    )
    return case


@transaction.atomic
def case_change_status(*, case: Case, status: str, actor: User, reason: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status not in CASE_TRANSITIONS[case.status]:
        raise CaseError(
            "illegal_transition",
            ILLEGAL_TRANSITION
            % {"current": case.get_status_display(), "target": CaseStatus(status).label},
        )
    previous = case.status
    case.status = status
    case.save(update_fields=["status"])
    record(
        CaseEvent.STATUS_CHANGED,
        actor=actor,
        court=case.court,
        case=case,
        payload={"from": previous, "to": status, "reason": reason},
    )
    return case
