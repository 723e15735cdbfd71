"""Reads of the judgments app, scoped to the user: drafts and deliberations are the court's
(internal); parties see their decisions, appeals and the case's limit."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role, user_staff_assignments
from yunting.cases.models import Case, CaseStatus
from yunting.cases.selectors import case_list_for_user, case_prefetch_deadlines, case_trial_limit

from .drafting import diff_versions
from .models import (
    Appeal,
    AppealStatus,
    Decision,
    Draft,
    DraftVersion,
    Extension,
    PanelMember,
    RequestStatus,
    Suspension,
    Withdrawal,
)


def _court_ids(user) -> set:
    return {a.court_id for a in user_staff_assignments(user=user)}


def draft_get_for_user(*, user, draft_id: uuid.UUID | str) -> Draft:
    try:
        return Draft.objects.select_related("case__court", "updated_by").get(
            pk=draft_id, case__court_id__in=_court_ids(user)
        )
    except (Draft.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def case_drafts(*, case: Case) -> QuerySet[Draft]:
    return Draft.objects.filter(case=case).order_by("-created_at")


def draft_versions(*, draft: Draft) -> list[DraftVersion]:
    return list(draft.versions.select_related("author").order_by("number"))


def draft_diff(*, draft: Draft, old: int, new: int):
    versions = {v.number: v for v in draft.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        raise Http404
    return diff_versions(versions[old].sections, versions[new].sections)


def decisions_for_user(*, user) -> QuerySet[Decision]:
    """Decisions of the cases the user may see (parties: their own; staff: their courts')."""
    return (
        Decision.objects.filter(case__in=case_list_for_user(user=user).values("pk"))
        .select_related("case__court")
        .order_by("-issued_at")
    )


def decision_get_for_user(*, user, decision_id) -> Decision:
    try:
        return decisions_for_user(user=user).get(pk=decision_id)
    except (Decision.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def case_decisions(*, case: Case) -> list[Decision]:
    return list(Decision.objects.filter(case=case).order_by("-issued_at"))


def appeals_for_user(*, user) -> QuerySet[Appeal]:
    """Appeals of the user's cases, and those sent to a court where the user is staff."""
    cases = case_list_for_user(user=user).values("pk")
    from django.db.models import Q

    q = Q(case__in=cases) | Q(appeal_case__in=cases)
    courts = _court_ids(user)
    if courts:
        q |= Q(court_of_appeal_id__in=courts) & ~Q(status=AppealStatus.FILED)
    return (
        Appeal.objects.filter(q)
        .select_related("case__court", "court_of_appeal", "appeal_case", "party")
        .distinct()
    )


def appeal_get_for_user(*, user, appeal_id) -> Appeal:
    try:
        return appeals_for_user(user=user).get(pk=appeal_id)
    except (Appeal.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def appeals_to_docket(*, user) -> QuerySet[Appeal]:
    """The court of appeal's filing queue: appeals sent and not yet docketed."""
    courts = {c.id for c in user_courts_with_role(user=user, roles={Role.FILING_OFFICER})}
    return Appeal.objects.filter(
        court_of_appeal_id__in=courts, status=AppealStatus.TRANSMITTED
    ).select_related("case__court", "party")


def appeals_to_transmit(*, user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(
        case__court_id__in=_court_ids(user), status=AppealStatus.FILED
    ).select_related("case", "party", "fee_order")


def extensions_pending_for_president(*, user) -> QuerySet[Extension]:
    from .models import CourtPresident

    courts = CourtPresident.objects.filter(user=user).values("court_id")
    return Extension.objects.filter(
        case__court_id__in=courts, status=RequestStatus.PENDING
    ).select_related("case", "requested_by")


@dataclass
class LimitRow:
    case: Case
    limit: object  # rules.trial_limits.TrialLimit
    state: str
    days_left: int

    @property
    def days_over(self) -> int:
        return -self.days_left


def cases_by_limit_state(
    *, today: dt.date | None = None, states=("due_soon", "overdue"), user=None
) -> list[LimitRow]:
    """Open cases whose limit is in one of ``states`` (临期 ≤ 15 days, 超期), soonest first;
    for a user, only their courts' cases."""
    today = today or timezone.localdate()
    cases = Case.objects.filter(status__in=(CaseStatus.ACCEPTED, CaseStatus.IN_TRIAL))
    if user is not None:
        cases = cases.filter(court_id__in=_court_ids(user))
    rows = []
    for case in case_prefetch_deadlines(cases.select_related("court", "judge", "department")):
        limit = case_trial_limit(case=case, today=today)
        state = limit.state(today)
        if state in states:
            rows.append(LimitRow(case, limit, state, limit.days_left(today)))
    return sorted(rows, key=lambda r: r.days_left)


def limit_summary(rows: list[LimitRow]) -> dict:
    """Counts per judge and per division for the dashboard."""
    by_judge: dict[str, dict[str, int]] = {}
    by_division: dict[str, dict[str, int]] = {}
    for r in rows:
        judge = r.case.judge.name if r.case.judge_id else "—"
        division = r.case.department.name if r.case.department_id else "—"
        for table, key in ((by_judge, judge), (by_division, division)):
            counts = table.setdefault(key, {"due_soon": 0, "overdue": 0})
            counts[r.state] = counts.get(r.state, 0) + 1
    return {"judges": sorted(by_judge.items()), "divisions": sorted(by_division.items())}


def open_decisions_for_judge(*, user) -> QuerySet[Draft]:
    return Draft.objects.filter(
        case__judge=user, case__status__in=(CaseStatus.ACCEPTED, CaseStatus.IN_TRIAL)
    ).exclude(status="issued")


def case_panel(*, case: Case) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(case=case).select_related("user")


def case_suspensions(*, case: Case) -> QuerySet[Suspension]:
    return Suspension.objects.filter(case=case)


def case_suspension(*, case: Case, suspension_id) -> Suspension:
    """One excluded period of this case; another case's (or a bad id) is a 404."""
    try:
        return Suspension.objects.get(pk=suspension_id, case=case)
    except (Suspension.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def case_extensions(*, case: Case) -> QuerySet[Extension]:
    return Extension.objects.filter(case=case)


def case_appeals(*, case: Case) -> QuerySet[Appeal]:
    return Appeal.objects.filter(case=case)


def case_withdrawals(*, case: Case) -> QuerySet[Withdrawal]:
    return Withdrawal.objects.filter(case=case)


def court_judges(*, court) -> QuerySet:
    """The judges of ``court``: the only people a panel may be formed of."""
    from yunting.accounts.models import User

    return User.objects.filter(
        role_assignments__court=court, role_assignments__role=Role.JUDGE
    ).distinct()


def draft_approvals(*, draft: Draft):
    return draft.approvals.select_related("approver")


def transfer_courts(*, case) -> QuerySet:
    """The courts a case can be transferred to (移送管辖): every court but its own."""
    from yunting.courts.models import Court

    return Court.objects.exclude(pk=case.court_id).order_by("code")
