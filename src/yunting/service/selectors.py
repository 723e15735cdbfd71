"""Reads of the service app, scoped to the user: staff see their court's tasks; a party and its
agents see what was served on them."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.selectors import court_staff, user_staff_assignments

from .models import (
    ELECTRONIC,
    OPEN_STATUSES,
    Channel,
    PublicNotice,
    ServiceAttempt,
    ServiceTask,
    TaskStatus,
)

OPEN = OPEN_STATUSES


def _court_ids(user: User) -> set[int]:
    return (
        {a.court_id for a in user_staff_assignments(user=user)} if user.is_authenticated else set()
    )


def tasks_for_staff(*, user: User) -> QuerySet[ServiceTask]:
    return ServiceTask.objects.filter(court_id__in=_court_ids(user)).select_related(
        "case", "party", "document", "assigned_to", "batch"
    )


def tasks_pending_for(*, user: User) -> QuerySet[ServiceTask]:
    return tasks_for_staff(user=user).filter(status__in=OPEN)


def service_task_get_for_user(*, user: User, task_id) -> ServiceTask:
    try:
        return tasks_for_staff(user=user).get(pk=task_id)
    except (ServiceTask.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def service_queue(*, user: User, status: str = "", mine: bool = False, overdue: bool = False):
    tasks = tasks_for_staff(user=user)
    tasks = (
        tasks.filter(status=status)
        if status in TaskStatus.values
        else tasks.filter(status__in=OPEN)
    )
    if mine:
        tasks = tasks.filter(assigned_to=user)
    if overdue:
        tasks = tasks.filter(due_on__lt=timezone.localdate())
    return tasks.order_by("due_on", "case__case_number")


def officer_for(*, user: User, officer_id: str) -> User | None:
    """The service officer of one of the user's courts with this id, or None."""
    return next((o for o in officers_for(user=user) if str(o.id) == officer_id), None)


def officers_for(*, user: User) -> list[User]:
    seen = {}
    for court_id in _court_ids(user):
        from yunting.courts.models import Court

        for a in court_staff(court=Court.objects.get(pk=court_id)).filter(
            role=Role.SERVICE_OFFICER
        ):
            seen[a.user_id] = a.user
    return list(seen.values())


def case_tasks(*, case) -> QuerySet[ServiceTask]:
    """The case's tasks (call after cases.selectors.case_get_for_user let the user in)."""
    return case.service_tasks.select_related("party", "document", "receipt").prefetch_related(
        "attempts"
    )


def _party_q(user: User) -> Q:
    return Q(task__party__user=user) | Q(task__party__agents__user=user)


def inbox_for_user(*, user: User) -> QuerySet[ServiceAttempt]:
    """What reached the user's platform inbox: their own and their principals' documents."""
    if not user.is_authenticated:
        return ServiceAttempt.objects.none()
    ids = ServiceAttempt.objects.filter(_party_q(user), channel=Channel.INBOX).values("pk")
    return (
        ServiceAttempt.objects.filter(pk__in=ids)
        .select_related("task__case", "task__document", "task__party", "task__court")
        .order_by("-delivered_at")
    )


def inbox_item_get_for_user(*, user: User, attempt_id) -> ServiceAttempt:
    try:
        return inbox_for_user(user=user).get(pk=attempt_id)
    except (ServiceAttempt.DoesNotExist, ValueError, Exception) as exc:
        raise Http404 from exc


def served_tasks_for_user(*, user: User) -> QuerySet[ServiceTask]:
    if not user.is_authenticated:
        return ServiceTask.objects.none()
    ids = ServiceTask.objects.filter(Q(party__user=user) | Q(party__agents__user=user)).values("pk")
    return ServiceTask.objects.filter(pk__in=ids).select_related("case", "document", "party")


def parties_represented(*, case, user: User) -> list:
    """The parties of the case the user is or represents (call after
    cases.selectors.case_get_for_user let the user in)."""
    if not user.is_authenticated:
        return []
    return list(
        case.parties.filter(Q(user=user) | Q(agents__user=user)).distinct().order_by("role", "name")
    )


def public_notices() -> QuerySet[PublicNotice]:
    return PublicNotice.objects.select_related("task__case", "task__party", "document").order_by(
        "-published_on"
    )


def dashboard(*, user: User, since: dt.date | None = None) -> dict:
    """Open, overdue and completed tasks; completion rate and electronic share by officer,
    channel and month."""
    tasks = tasks_for_staff(user=user)
    if since:
        tasks = tasks.filter(created_at__date__gte=since)
    today = timezone.localdate()
    rows = list(
        tasks.values_list(
            "status", "due_on", "served_channel", "served_at", "assigned_to__name", "court__name"
        )
    )
    rows = [r for r in rows if r[0] != TaskStatus.WITHDRAWN]  # not to be served: no rate
    total = len(rows)
    served = [r for r in rows if r[0] == TaskStatus.SERVED]
    electronic = [r for r in served if r[2] in ELECTRONIC]
    overdue = [r for r in rows if r[0] in OPEN and r[1] < today]

    def rate(part, whole):
        return round(100 * part / whole, 1) if whole else 0.0

    by_officer: dict[str, Counter] = defaultdict(Counter)
    by_court: dict[str, Counter] = defaultdict(Counter)
    for status, _due, channel, _at, officer, court in rows:
        for bucket in (by_officer[officer or "—"], by_court[court]):
            bucket["total"] += 1
            if status == TaskStatus.SERVED:
                bucket["served"] += 1
                bucket["electronic"] += channel in ELECTRONIC
    by_channel = Counter(r[2] for r in served)
    by_month: dict[str, Counter] = defaultdict(Counter)
    for r in served:
        month = timezone.localtime(r[3]).strftime("%Y-%m")
        by_month[month]["served"] += 1
        by_month[month]["electronic"] += r[2] in ELECTRONIC

    def table(groups):
        return [
            {
                "name": k,
                "total": v["total"],
                "served": v["served"],
                "rate": rate(v["served"], v["total"]),
                "electronic": rate(v["electronic"], v["served"]),
            }
            for k, v in sorted(groups.items())
        ]

    return {
        "total": total,
        "open": total - len(served),
        "overdue": len(overdue),
        "served": len(served),
        "rate": rate(len(served), total),
        "electronic_share": rate(len(electronic), len(served)),
        "by_officer": table(by_officer),
        "by_court": table(by_court),
        "by_channel": [
            {"channel": c, "label": Channel(c).label, "count": n, "share": rate(n, len(served))}
            for c, n in by_channel.most_common()
        ],
        "by_month": [
            {"month": m, "served": v["served"], "electronic": v["electronic"]}
            for m, v in sorted(by_month.items())
        ],
    }


def batch_get_for_user(*, user: User, batch_id):
    from .models import ServiceBatch

    try:
        return ServiceBatch.objects.select_related("court").get(
            pk=batch_id, court_id__in=_court_ids(user)
        )
    except (ServiceBatch.DoesNotExist, ValueError, Exception) as exc:
        raise Http404 from exc


def open_tasks_blocking_closing(case, exempt_documents: frozenset = frozenset()) -> list[str]:
    """The judgments app's closing blocker: every task still being served, except those of the
    closing decision itself (``exempt_documents``); the desk serves or withdraws the rest."""
    tasks = (
        ServiceTask.objects.filter(case=case, status__in=OPEN)
        .exclude(document_id__in=exempt_documents)
        .select_related("document", "party")
        .order_by("due_on", "created_at")
    )
    return [
        _("%(document)s for %(name)s is not served yet (%(status)s, serve by %(due)s).")
        % {
            "document": t.document.title,
            "name": t.party.name,
            "status": t.get_status_display(),
            "due": t.due_on.isoformat(),
        }
        for t in tasks
    ]
