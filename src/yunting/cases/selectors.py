"""Reads of cases, always scoped to what the person may see.

A litigant sees the cases where they are a party or an agent of a party; staff see their
own courts' cases. Anything else does not exist for them (the views answer 404)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from yunting.accounts.models import RoleAssignment, User
from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_staff_assignments
from yunting.ledger.events import event_label
from yunting.ledger.models import Entry
from yunting.ledger.selectors import TimelineItem, verification_marks

if TYPE_CHECKING:
    from yunting.courts.models import Court, Department

from .models import Case, CaseStatus, Clock, Party

TRIAL_LIMIT_LABEL = _("Trial time limit (审限) ends")


def case_visible_q(*, user: User) -> Q:
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    q = Q(parties__user=user) | Q(parties__agents__user=user)
    if court_ids:
        q |= Q(court_id__in=court_ids)
    return q


def case_list_for_user(*, user: User) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    visible = Case.objects.filter(case_visible_q(user=user)).values("pk")
    return (
        Case.objects.filter(pk__in=visible)
        .select_related("court", "judge", "clerk")
        .prefetch_related("parties")
    )


def case_get_for_user(*, user: User, case_id: uuid.UUID | str) -> Case:
    try:
        return case_list_for_user(user=user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def case_parties(*, case: Case) -> list:
    """The parties of a case already fetched for the user, in their order."""
    return list(case.parties.all())


def case_party_timeline(*, case: Case) -> list[TimelineItem]:
    """The case's recorded steps as a party sees them: what happened and when, each verified
    against the ledger. Call only after case_get_for_user has let the person in; actors are
    shown by role, and payloads (assignment draws, internal notes) stay with the court."""
    entries = list(Entry.objects.filter(case_id=case.id).order_by("seq"))
    marks = verification_marks(entries)
    return [
        TimelineItem(entry=e, event_label=event_label(e.event_type), mark=m)
        for e, m in zip(entries, marks, strict=True)
    ]


# Apps that record what moves a case's trial limit (the judgments app: excluded periods,
# approved extensions, changes of procedure) register one function here:
# ``fn(case, today) -> dict`` with any of ``suspensions``, ``extensions``, ``conversions``
# (rules.trial_limits types) and ``procedure`` (the limit's procedure at filing, e.g.
# ``appeal_ruling`` for an appeal against a ruling).
TRIAL_LIMIT_SOURCES: list = []


TRIAL_LIMIT_PREFETCH: list[str] = []


def register_trial_limit_source(fn, *, prefetch: tuple[str, ...] = ()) -> None:
    """An app that records what changes a trial limit (suspensions, extensions, conversions)
    gives its reader, and the relations of ``Case`` that reader uses, so a list of cases can
    fetch them once for all (``case_prefetch_deadlines``) instead of once per case."""
    if fn not in TRIAL_LIMIT_SOURCES:
        TRIAL_LIMIT_SOURCES.append(fn)
    TRIAL_LIMIT_PREFETCH.extend(name for name in prefetch if name not in TRIAL_LIMIT_PREFETCH)


def case_prefetch_deadlines(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with what ``case_deadlines`` reads fetched in a few queries for the list."""
    return cases.prefetch_related("clocks__party", *TRIAL_LIMIT_PREFETCH)


def case_trial_limit(*, case: Case, today=None):
    """The case's trial limit (rules.trial_limits.TrialLimit) with everything recorded."""
    import datetime as dt

    from django.utils import timezone

    from yunting.rules.trial_limits import trial_limit

    today = today or timezone.localdate()
    inputs: dict = {"suspensions": [], "extensions": [], "conversions": []}
    procedure = "appeal_judgment" if case.type_code.endswith("终") else case.procedure
    for fn in TRIAL_LIMIT_SOURCES:
        given = fn(case, today)
        for key in ("suspensions", "extensions", "conversions"):
            inputs[key].extend(given.get(key, ()))
        procedure = given.get("procedure", procedure)
    if inputs["conversions"]:
        procedure = min(inputs["conversions"], key=lambda c: c.on).from_procedure
    assert isinstance(today, dt.date)
    return trial_limit(procedure, case.accepted_on, today=today, **inputs)


def case_deadlines(*, case: Case) -> list[dict]:
    """Upcoming dates that matter to the parties, computed by rules.deadlines and
    rules.trial_limits (excluded periods, extensions and conversions included)."""
    items = []
    if case.status in (CaseStatus.ACCEPTED, CaseStatus.IN_TRIAL):
        end = case_trial_limit(case=case).end
        items.append({"label": TRIAL_LIMIT_LABEL, "date": end})
    for clock in case_clocks(case=case, running_only=True):
        label = clock.get_kind_display()
        if clock.party_id:
            label = f"{label} · {clock.party.name}"
        items.append({"label": label, "date": clock.due_on, "clock": clock})
    return sorted(items, key=lambda item: item["date"])


def case_clocks(*, case: Case, running_only: bool = False) -> list[Clock]:
    """The case's legal periods, soonest end first (the case is already visible to the
    caller: call after case_get_for_user)."""
    if "clocks" in getattr(case, "_prefetched_objects_cache", {}):  # a list already has them
        clocks = sorted(case.clocks.all(), key=lambda c: (c.due_on, c.kind))
        return [c for c in clocks if c.stopped_at is None] if running_only else clocks
    clocks = Clock.objects.filter(case=case).select_related("party")
    if running_only:
        clocks = clocks.filter(stopped_at=None)
    return list(clocks)


def party_clock(*, party: Party, kind: str) -> Clock | None:
    """The party's latest period of this kind (running or not), or None if none started:
    e.g. the defence period from the day the complaint copy was served on this party."""
    return (
        Clock.objects.filter(party=party, kind=kind).order_by("-starts_on", "-created_at").first()
    )


def user_is_division_head(*, user: User, department: Department) -> bool:
    return RoleAssignment.objects.filter(
        user=user, role=Role.JUDGE, department=department, is_division_head=True
    ).exists()


def case_search_for_user(*, user: User, query: str = "", status: str = "") -> QuerySet[Case]:
    """The user's cases whose number contains ``query``, in ``status`` if it is one."""
    cases = case_list_for_user(user=user)
    if query:
        cases = cases.filter(case_number__icontains=query)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return case_prefetch_deadlines(cases.order_by("-accepted_on", "-serial"))


def court_latest_case(*, court: Court) -> Case | None:
    """The court's newest case (a sample for previewing a document template)."""
    return Case.objects.filter(court=court).order_by("-created_at").first()


def case_recent_for_user(*, user: User, limit: int = 6) -> list[Case]:
    """The user's most recently accepted cases (the portal's "my cases" cards)."""
    return list(
        case_prefetch_deadlines(case_list_for_user(user=user).order_by("-accepted_on"))[:limit]
    )
