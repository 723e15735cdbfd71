"""Assignment (分案): random, weighted towards judges with fewer open cases, never to a judge
on the recusal list for a party. Every input of the draw goes to the ledger, so anyone can
recompute the draw from the recorded seed and see that nobody chose the judge."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Q

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.ledger.services import record_event

from . import events
from .errors import CaseError, CaseErrorCode
from .models import Case, CaseStatus, Recusal
from .selectors import user_is_division_head

if TYPE_CHECKING:
    from yunting.courts.models import Department

OPEN_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.IN_TRIAL)


@dataclass(frozen=True)
class Candidate:
    judge_id: str
    name: str
    open_cases: int
    weight: float


def weighted_draw(candidates: list[Candidate], seed: str) -> Candidate:
    """Pure and reproducible: the same candidates and seed always give the same judge."""
    rng = random.Random(seed)  # noqa: S311 - reproducibility is the point; the seed is secret-random
    return rng.choices(candidates, weights=[c.weight for c in candidates], k=1)[0]


def _recused_judges(case: Case, judges: list[User]) -> dict[str, str]:
    names = [p.name for p in case.parties.all()]
    ids = [p.id_number for p in case.parties.all() if p.id_number]
    rows = Recusal.objects.filter(judge__in=judges).filter(
        Q(party_name__in=names) | Q(party_id_number__in=ids)
    )
    return {str(r.judge_id): r.reason for r in rows}


def _department_judges(department: Department) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.JUDGE,
            role_assignments__department=department,
        )
        .annotate(
            open_cases=Count("cases_as_judge", filter=Q(cases_as_judge__status__in=OPEN_STATUSES))
        )
        .order_by("id")
    )


def _least_loaded_clerk(department: Department) -> User | None:
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.CLERK,
            role_assignments__department=department,
        )
        .annotate(
            open_cases=Count("cases_as_clerk", filter=Q(cases_as_clerk__status__in=OPEN_STATUSES))
        )
        .order_by("open_cases", "id")
        .first()
    )


@transaction.atomic
def case_assign_automatically(*, case: Case, actor: User | None) -> Case:
    if case.department is None:
        raise CaseError(CaseErrorCode.NO_DEPARTMENT)
    judges = _department_judges(case.department)
    recused = _recused_judges(case, judges)
    candidates = [
        Candidate(str(j.id), j.name, j.open_cases, 1.0 / (1 + j.open_cases))
        for j in judges
        if str(j.id) not in recused
    ]
    if not candidates:
        raise CaseError(CaseErrorCode.NO_JUDGE_AVAILABLE)
    seed = secrets.token_hex(16)
    chosen = weighted_draw(candidates, seed)
    case.judge = next(j for j in judges if str(j.id) == chosen.judge_id)
    case.clerk = _least_loaded_clerk(case.department)
    case.save(update_fields=["judge", "clerk"])
    record_event(
        events.case_assigned(
            case=case,
            actor=actor,
            seed=seed,
            candidates=candidates,
            recused=recused,
            chosen=chosen,
        )
    )
    return case


@transaction.atomic
def case_reassign(*, case: Case, judge: User, actor: User, reason: str) -> Case:
    """Only the head of the case's division may reassign, and must say why."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.department is None or not user_is_division_head(user=actor, department=case.department):
        raise CaseError(CaseErrorCode.NOT_DIVISION_HEAD)
    if not reason.strip():
        raise CaseError(CaseErrorCode.REASON_REQUIRED)
    if judge not in _department_judges(case.department):
        raise CaseError(CaseErrorCode.NOT_IN_DEPARTMENT)
    if str(judge.id) in _recused_judges(case, [judge]):
        raise CaseError(CaseErrorCode.RECUSED)
    previous = case.judge
    case.judge = judge
    case.save(update_fields=["judge"])
    record_event(events.case_reassigned(case=case, actor=actor, previous=previous, reason=reason))
    return case
