"""Checks shared by the judgments services: who is who on a case."""

from __future__ import annotations

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role, user_staff_assignments
from yunting.cases.models import Case, CaseStatus, Party
from yunting.cases.selectors import user_is_division_head

from ..errors import JudgmentError, JudgmentErrorCode

OPEN = (CaseStatus.ACCEPTED, CaseStatus.IN_TRIAL)


def is_staff_at(user, case: Case) -> bool:
    return any(a.court_id == case.court_id for a in user_staff_assignments(user=user))


def ensure_staff(user, case: Case) -> None:
    if not is_staff_at(user, case):
        raise JudgmentError(JudgmentErrorCode.NOT_STAFF)


def is_case_judge(user, case: Case) -> bool:
    judges = {c.id for c in user_courts_with_role(user=user, roles={Role.JUDGE})}
    if case.court_id not in judges:
        return False
    return case.judge_id is None or case.judge_id == user.id


def ensure_judge(user, case: Case) -> None:
    if not is_case_judge(user, case):
        raise JudgmentError(JudgmentErrorCode.NOT_THE_JUDGE)


def ensure_open(case: Case) -> None:
    if case.status not in OPEN:
        raise JudgmentError(JudgmentErrorCode.CASE_NOT_OPEN)


def ensure_division_head(user, case: Case) -> None:
    if case.department is None or not user_is_division_head(user=user, department=case.department):
        raise JudgmentError(JudgmentErrorCode.NOT_DIVISION_HEAD)


def parties_acting_for(user, case: Case) -> list[Party]:
    """The parties of ``case`` the user is, or is an agent of."""
    return [
        p
        for p in case.parties.all()
        if p.user_id == user.id or any(a.user_id == user.id for a in p.agents.all())
    ]


def names(case: Case, role: str) -> str:
    return "、".join(p.name for p in case.parties.all() if p.role == role)


def lock_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("court", "department")
        .get(pk=case.pk)
    )
