"""Early warnings (预警), read for the person responsible: the judge for the trial limits, the
unpaid fees and the summons of their cases, the clerk for service and summons of the cases
they keep the record of, the filing officer for filings near the seven-day review limit, the
finance officer for the court's overdue fee orders. Each list reuses the owning app's
selector and the thresholds of ``rules.alerts``; nothing here decides what is overdue twice."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_roles
from yunting.core.formatting import punctuation
from yunting.rules import alerts as rules

LIMITS = "limits"
FEES = "fees"
SERVICE = "service"
SUMMONS = "summons"
FILINGS = "filings"


@dataclass(frozen=True)
class Kind:
    key: str
    title: Promise
    roles: frozenset[str]
    basis: str


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            LIMITS,
            _("Warnings: my cases near or past the trial limit"),
            frozenset({Role.JUDGE}),
            "《民事诉讼法》第一百五十二条、第一百六十四条、第一百六十五条、第一百八十三条",
        ),
        Kind(
            FEES,
            _("Warnings: fees overdue"),
            frozenset({Role.JUDGE, Role.FINANCE_OFFICER}),
            "《诉讼费用交纳办法》第二十二条",
        ),
        Kind(
            SERVICE,
            _("Warnings: service overdue in my cases"),
            frozenset({Role.CLERK}),
            "《民事诉讼法》第一百二十八条",
        ),
        Kind(
            SUMMONS,
            _("Warnings: summons not served"),
            frozenset({Role.JUDGE, Role.CLERK}),
            "《民事诉讼法》第一百三十九条",
        ),
        Kind(
            FILINGS,
            _("Warnings: filings near the review limit"),
            frozenset({Role.FILING_OFFICER}),
            "《民事诉讼法》第一百二十六条",
        ),
    )
}


@dataclass(frozen=True)
class Item:
    """One warning: what it is about, where to act, and how near or past its last day."""

    kind: str
    reference: str  # case or filing number
    subject: str
    url: str
    alert: rules.Alert

    @property
    def state(self) -> str:
        return self.alert.state


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def kinds_for(*, user) -> list[Kind]:
    """The warning lists the user is responsible for, by their staff roles."""
    roles = user_roles(user=user)
    return [k for k in KINDS.values() if k.roles & roles]


def limit_items(*, user, today: dt.date | None = None) -> list[Item]:
    """Open cases the user judges whose trial limit is within 15 days or past."""
    from yunting.judgments.selectors import cases_by_limit_state

    today = _today(today)
    items = []
    for row in cases_by_limit_state(user=user, today=today):
        if row.case.judge_id != user.pk:
            continue
        alert = rules.trial_limit_alert(row.limit.end, today)
        if alert is not None:
            items.append(
                Item(
                    LIMITS,
                    row.case.case_number,
                    row.case.cause_name,
                    reverse("cases:detail", args=[row.case.pk]),
                    alert,
                )
            )
    return items


def fee_items(*, user, today: dt.date | None = None) -> list[Item]:
    """Acceptance fees unpaid past the due date (the fees app's ``overdue_q``): the judge's
    own cases (the 按撤诉处理 queue) and, for finance, every one of their courts."""
    from yunting.fees.selectors import orders_overdue_for_finance, orders_overdue_for_judge

    today = _today(today)
    roles = user_roles(user=user)
    orders: dict = {}
    if Role.JUDGE in roles:
        orders.update((o.pk, o) for o in orders_overdue_for_judge(user=user, today=today))
    if Role.FINANCE_OFFICER in roles:
        orders.update((o.pk, o) for o in orders_overdue_for_finance(user=user, today=today))
    items = []
    for order in orders.values():
        due = order.deferred_until if order.status == "deferred" else order.due_date
        alert = rules.fee_alert(due, today)
        if alert is not None:
            items.append(
                Item(
                    FEES,
                    order.case.case_number if order.case_id else order.reference,
                    f"{order.payer.name} · ¥{order.amount}",
                    reverse("cases:detail", args=[order.case_id])
                    if order.case_id
                    else reverse("fees:overdue_queue"),
                    alert,
                )
            )
    return _sorted(items)


def service_items(*, user, today: dt.date | None = None) -> list[Item]:
    """Open service tasks past their serve-by date in the cases the user is the clerk of."""
    from yunting.service.selectors import tasks_pending_for

    today = _today(today)
    items = []
    tasks = tasks_pending_for(user=user).filter(case__clerk=user, due_on__lt=today)
    for task in tasks.order_by("due_on"):
        alert = rules.service_alert(task.due_on, today)
        if alert is not None:
            items.append(
                Item(
                    SERVICE,
                    task.case.case_number,
                    f"{task.document.title} → {task.party.name}",
                    reverse("service:task", args=[task.pk]),
                    alert,
                )
            )
    return items


def summons_items(*, user, today: dt.date | None = None) -> list[Item]:
    """Booked hearings of the user's cases (as judge or clerk) within the warning window of
    开庭三日前 where some party has no served summons for that hearing's time."""
    from yunting.documents.forms import format_time_cn
    from yunting.hearings.models import Hearing, HearingStatus, ParticipantRole
    from yunting.service.models import ServiceTask, TaskStatus

    today = _today(today)
    horizon = rules.SUMMONS_NOTICE_DAYS + rules.SUMMONS_LEAD_DAYS
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=horizon + 1)
    hearings = (
        Hearing.objects.filter(
            Q(case__judge=user) | Q(case__clerk=user),
            status=HearingStatus.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("case")
        .prefetch_related("participants")
        .order_by("starts_at")
    )
    items = []
    for hearing in hearings:
        day = timezone.localdate(hearing.starts_at)
        alert = rules.summons_alert(day, today)
        if alert is None:
            continue
        parties = {
            p.party_id: p.name
            for p in hearing.participants.all()
            if p.role == ParticipantRole.PARTY and p.party_id
        }
        served = set(
            ServiceTask.objects.filter(
                case=hearing.case,
                party_id__in=parties,
                status=TaskStatus.SERVED,
                document__template_code="summons",
                document__extra__hearing_time=format_time_cn(hearing.starts_at),
            ).values_list("party_id", flat=True)
        )
        missing = [name for pk, name in parties.items() if pk not in served]
        if missing:
            items.append(
                Item(
                    SUMMONS,
                    hearing.case.case_number,
                    f"{timezone.localtime(hearing.starts_at):%Y-%m-%d %H:%M} · "
                    + punctuation("enumeration").join(sorted(missing)),
                    reverse("hearings:detail", args=[hearing.pk]),
                    alert,
                )
            )
    return items


def filing_items(*, user, today: dt.date | None = None) -> list[Item]:
    """Submitted filings at the user's courts with two days or fewer of the review left."""
    from yunting.filing.selectors import filing_review_queue

    today = _today(today)
    near = today + dt.timedelta(days=rules.REVIEW_NEAR_DAYS)
    items = []
    for filing in filing_review_queue(user=user).filter(review_due__lte=near):
        alert = rules.review_alert(filing.review_due, today)
        if alert is not None:
            items.append(
                Item(
                    FILINGS,
                    filing.number,
                    filing.cause_name,
                    reverse("filing:review_detail", args=[filing.pk]),
                    alert,
                )
            )
    return items


READERS = {
    LIMITS: limit_items,
    FEES: fee_items,
    SERVICE: service_items,
    SUMMONS: summons_items,
    FILINGS: filing_items,
}


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.alert.days_left, i.reference))


def alert_items(*, user, kind: str, today: dt.date | None = None) -> list[Item]:
    """One list, empty for someone not responsible for it (by role). Without ``today`` the
    answer is kept on the user object, which lives for one request: the workbench's navigation
    resolves its counts more than once per page."""
    memo = getattr(user, "_alert_items", None) if today is None else None
    if memo is not None and kind in memo:
        return memo[kind]
    if kind not in KINDS or not (KINDS[kind].roles & user_roles(user=user)):
        items: list[Item] = []
    else:
        items = _sorted(READERS[kind](user=user, today=today))
    if today is None:
        with contextlib.suppress(AttributeError):  # AnonymousUser and the like keep nothing
            user.__dict__.setdefault("_alert_items", {})[kind] = items
    return items


def alerts_for_user(*, user, today: dt.date | None = None) -> list[tuple[Kind, list[Item]]]:
    """Every list the user is responsible for, with its items (the page and the digest)."""
    return [(k, alert_items(user=user, kind=k.key, today=today)) for k in kinds_for(user=user)]


def digest_recipients():
    """Staff who hold a role some warning list is for and have an e-mail address."""
    from yunting.accounts.models import User

    roles = set().union(*(k.roles for k in KINDS.values()))
    return (
        User.objects.filter(role_assignments__role__in=roles, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
