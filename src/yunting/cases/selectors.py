"""Reads of cases, always scoped to what the person may see.

A litigant sees the cases where they are a party or an agent of a party; staff see their
own courts' cases. Anything else does not exist for them (the views answer 404)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from yunting.accounts.models import User
from yunting.accounts.selectors import user_staff_assignments
from yunting.ledger.events import event_label
from yunting.ledger.models import Entry
from yunting.ledger.selectors import TimelineItem, verification_marks

from .models import Case, CaseStatus

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


def case_deadlines(*, case: Case) -> list[dict]:
    """Upcoming dates that matter to the parties, computed by rules.deadlines."""
    from yunting.rules.deadlines import period_end

    items = []
    if case.status in (CaseStatus.ACCEPTED, CaseStatus.IN_TRIAL):
        months = {"ordinary": 6, "summary": 3, "small_claims": 2}[case.procedure]
        end = period_end(case.accepted_on, months=months).date
        items.append({"label": TRIAL_LIMIT_LABEL, "date": end})
    return items
