"""Writes to cases: numbering, creation, status and assignment, each recorded in the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from yunting.ledger.services import record_event
from yunting.rules.case_numbers import CaseNumber

from . import events
from .errors import CaseError, CaseErrorCode
from .models import (
    CASE_TRANSITIONS,
    COURT_SET_CLOCKS,
    Agent,
    Case,
    CaseNumberCounter,
    CaseStatus,
    Claim,
    Clock,
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
    abroad: bool = False  # no domicile in China (CPL Art. 285-286)


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
            abroad=data.abroad,
        )
        party.full_clean()
        party.save()
        for agent in data.agents:
            row = Agent(
                party=party,
                user=agent.user,
                name=agent.name,
                law_firm=agent.law_firm,
                licence_number=agent.licence_number,
                phone=agent.phone,
            )
            row.full_clean()
            row.save()
    for position, claim in enumerate(claims):
        row = Claim(case=case, position=position, text=claim.text, amount=claim.amount)
        row.full_clean()
        row.save()
    record_event(events.case_created(case=case, actor=actor, parties=parties))
    return case


@transaction.atomic
def case_change_status(*, case: Case, status: str, actor: User, reason: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status not in CASE_TRANSITIONS[case.status]:
        raise CaseError(
            CaseErrorCode.ILLEGAL_TRANSITION,
            current=case.get_status_display(),
            target=CaseStatus(status).label,
        )
    previous = case.status
    case.status = status
    case.save(update_fields=["status"])
    record_event(events.case_status_changed(case=case, actor=actor, old=previous, reason=reason))
    return case


def case_set_acceptance_fee(*, case: Case, fee: Decimal) -> None:
    """Keep the case's acceptance fee in step with its assessment (re-assessment, small
    claims). The fees app's own event (``fees.order_created`` / ``fees.order_reassessed``)
    records the figure; this is its copy on the case, written by the app that owns cases."""
    Case.objects.filter(pk=case.pk).update(acceptance_fee=fee)


@transaction.atomic
def party_link_account(*, party: Party, user: User, actor: User | None) -> Party:
    """Let a person see the case of a party record that names them (filed for them by a
    lawyer, say): only when the party's ID number is the account's own."""
    party = Party.objects.select_for_update().select_related("case__court").get(pk=party.pk)
    if party.user_id == user.id:
        return party
    if (
        party.user_id is not None
        or not party.id_number
        or party.id_number.upper() != (user.id_number or "").upper()
    ):
        raise CaseError(CaseErrorCode.PARTY_NOT_THIS_PERSON)
    party.user = user
    party.full_clean()
    party.save(update_fields=["user"])
    record_event(events.party_linked(party=party, user=user, actor=actor))
    return party


@transaction.atomic
def clock_start(
    *,
    case: Case,
    kind: str,
    starts_on: dt.date,
    actor: User | None,
    party: Party | None = None,
    due_on: dt.date | None = None,
    source: str = "",
) -> Clock:
    """Start one legal period from a service (or other) date. Its end is computed by
    ``rules.deadlines`` (30 days for a party without domicile in China, the last day moved
    past rest days, CPL Art. 85); a court-set limit (``evidence``) takes ``due_on``. Starting
    again from the same ``source`` returns the clock already running: services are retried."""
    from yunting.rules.deadlines import PERIODS, named_period_end

    if party is not None and party.case_id != case.id:
        raise CaseError(CaseErrorCode.CLOCK_PARTY_NOT_IN_CASE)
    Case.objects.select_for_update().filter(pk=case.pk).first()
    existing = Clock.objects.filter(case=case, party=party, kind=kind, source=source).first()
    if existing is not None and source:
        return existing
    if kind in COURT_SET_CLOCKS:
        if due_on is None:
            raise CaseError(CaseErrorCode.CLOCK_NEEDS_DUE_DATE)
        basis = ""
    else:
        due_on = named_period_end(kind, starts_on, abroad=bool(party and party.abroad)).date
        basis = PERIODS[kind].basis
    if due_on < starts_on:
        raise CaseError(CaseErrorCode.CLOCK_DUE_BEFORE_START)
    clock = Clock.objects.create(
        case=case,
        party=party,
        kind=kind,
        starts_on=starts_on,
        due_on=due_on,
        basis=basis,
        source=source,
    )
    record_event(events.clock_started(clock=clock, actor=actor))
    return clock


@transaction.atomic
def clock_stop(*, clock: Clock, actor: User | None, reason: str) -> Clock:
    """Stop a running period early because what it waited for happened (defence filed, appeal
    lodged, service completed otherwise). Stopping a stopped clock changes nothing."""
    clock = Clock.objects.select_for_update().select_related("case__court").get(pk=clock.pk)
    if clock.stopped_at is not None:
        return clock
    clock.stopped_at = timezone.now()
    clock.stop_reason = reason[:200]
    clock.save(update_fields=["stopped_at", "stop_reason"])
    record_event(events.clock_stopped(clock=clock, actor=actor))
    return clock


@transaction.atomic
def case_change_procedure(
    *, case: Case, procedure: str, actor: User, reason: str, on: dt.date | None = None
) -> Case:
    """Change the procedure a case is tried under (summary → ordinary, 民诉法解释第二百五十八条);
    the judgments app keeps the change row and recomputes the trial limit from filing. The one
    ledger event for the act is written here, carrying the day the change took effect."""
    from .models import Procedure

    case = Case.objects.select_for_update().get(pk=case.pk)
    if procedure not in Procedure.values:
        raise CaseError(CaseErrorCode.ILLEGAL_TRANSITION, current=case.procedure, target=procedure)
    previous = case.procedure
    case.procedure = procedure
    case.save(update_fields=["procedure"])
    record_event(
        events.case_procedure_changed(case=case, actor=actor, old=previous, reason=reason, on=on)
    )
    return case
