"""The court's figures (数助决策), computed from the records themselves and scoped to the courts
where the user holds a staff role. Definitions (docs/architecture.md, "Statistics"):

- 收案 accepted: cases accepted in the period; 结案 closed: closings dated in the period;
  存案 pending: accepted by the period's end and not closed by then; 结收比 closed / accepted.
- average trial days: closed_on − accepted_on over the cases closed in the period;
  审限内结案率: share of those closed on or before their trial limit's last day
  (``cases.selectors.case_trial_limit``, with suspensions and extensions).
- online shares, over the cases accepted in the period: filing (came from an online filing),
  payment (paid fee orders paid through an online provider, not the counter), service
  (completed tasks served by an electronic channel), hearings (hearings held online), e-file
  coverage (cases with an electronic file holding at least one item).
- service completion: tasks served / tasks opened; mediation: closings by mediation / closings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from yunting.accounts.selectors import user_staff_assignments
from yunting.cases.models import Case
from yunting.cases.selectors import case_trial_limit

GROUPS = ("court", "department", "judge")
ELECTRONIC = ("inbox", "email", "sms")


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


@dataclass
class Figures:
    label: str
    accepted: int = 0
    closed: int = 0
    pending: int = 0
    trial_days_total: int = 0
    closed_within_limit: int = 0
    filed_online: int = 0
    orders_paid: int = 0
    orders_paid_online: int = 0
    tasks: int = 0
    tasks_served: int = 0
    tasks_served_electronically: int = 0
    hearings: int = 0
    hearings_online: int = 0
    with_efile: int = 0
    mediated: int = 0
    cases: list = field(default_factory=list, repr=False)

    @property
    def closed_to_accepted(self) -> Decimal | None:
        return _ratio(self.closed, self.accepted)

    @property
    def average_trial_days(self) -> Decimal | None:
        if not self.closed:
            return None
        return (Decimal(self.trial_days_total) / self.closed).quantize(Decimal("0.1"))

    @property
    def within_limit_rate(self) -> Decimal | None:
        return _ratio(self.closed_within_limit, self.closed)

    @property
    def online_filing_share(self) -> Decimal | None:
        return _ratio(self.filed_online, self.accepted)

    @property
    def online_payment_share(self) -> Decimal | None:
        return _ratio(self.orders_paid_online, self.orders_paid)

    @property
    def electronic_service_share(self) -> Decimal | None:
        return _ratio(self.tasks_served_electronically, self.tasks_served)

    @property
    def service_completion_rate(self) -> Decimal | None:
        return _ratio(self.tasks_served, self.tasks)

    @property
    def online_hearing_share(self) -> Decimal | None:
        return _ratio(self.hearings_online, self.hearings)

    @property
    def efile_coverage(self) -> Decimal | None:
        return _ratio(self.with_efile, self.accepted)

    @property
    def mediation_rate(self) -> Decimal | None:
        return _ratio(self.mediated, self.closed)


COLUMNS: tuple[tuple[str, Any], ...] = (
    ("accepted", _("Accepted (收案)")),
    ("closed", _("Closed (结案)")),
    ("pending", _("Pending (存案)")),
    ("closed_to_accepted", _("Closed / accepted (结收比)")),
    ("average_trial_days", _("Average trial days (平均审理天数)")),
    ("within_limit_rate", _("Closed within the limit (审限内结案率)")),
    ("online_filing_share", _("Filed online (网上立案率)")),
    ("online_payment_share", _("Paid online (网上交费率)")),
    ("electronic_service_share", _("Served electronically (电子送达率)")),
    ("service_completion_rate", _("Service completed (送达完成率)")),
    ("online_hearing_share", _("Hearings online (在线庭审率)")),
    ("efile_coverage", _("E-file coverage (电子卷宗覆盖率)")),
    ("mediation_rate", _("Closed by mediation (调解结案率)")),
)
RATES = frozenset(
    k
    for k, _label in COLUMNS
    if k.endswith(("_rate", "_share", "_coverage")) or k == "closed_to_accepted"
)


def stats_courts(*, user) -> set:
    return {a.court_id for a in user_staff_assignments(user=user)}


def pending_count(*, user) -> int:
    """Cases of the user's courts accepted and not closed (存案 today)."""
    return Case.objects.filter(court_id__in=stats_courts(user=user), closing__isnull=True).count()


def _key(case: Case, group: str) -> str:
    if group == "department":
        return case.department.name if case.department_id else "—"
    if group == "judge":
        return case.judge.name if case.judge_id else "—"
    return case.court.name


def court_figures(
    *, user, start: dt.date, end: dt.date, group: str = "court", court_id=None
) -> tuple[list[Figures], Figures]:
    """(rows by ``group``, total) for the period ``start``..``end`` (both included)."""
    if group not in GROUPS:
        group = "court"
    courts = stats_courts(user=user)
    if court_id is not None:
        courts = {c for c in courts if str(c) == str(court_id)}
    base = Case.objects.filter(court_id__in=courts, accepted_on__lte=end).select_related(
        "court", "department", "judge", "closing"
    )
    cases = list(
        base.annotate(
            n_items=Count("efile__volumes__items", distinct=True),
            n_paid=Count("fee_orders", filter=Q(fee_orders__status="paid"), distinct=True),
        )
    )
    rows: dict[str, Figures] = {}
    total = Figures(label=str(_("Total")))

    def bump(case: Case, name: str, by: int = 1) -> None:
        key = _key(case, group)
        row = rows.setdefault(key, Figures(label=key))
        for figures in (row, total):
            setattr(figures, name, getattr(figures, name) + by)

    accepted_ids = []
    for case in cases:
        closing = getattr(case, "closing", None)
        closed_on = closing.closed_on if closing is not None else None
        if start <= case.accepted_on <= end:
            bump(case, "accepted")
            accepted_ids.append(case.pk)
            if case.n_items:
                bump(case, "with_efile")
        if closed_on is None or closed_on > end:
            bump(case, "pending")
        if closed_on is not None and start <= closed_on <= end:
            bump(case, "closed")
            bump(case, "trial_days_total", (closed_on - case.accepted_on).days)
            if closed_on <= case_trial_limit(case=case, today=closed_on).end:
                bump(case, "closed_within_limit")
            if closing.method == "mediation":
                bump(case, "mediated")
    by_id = {c.pk: c for c in cases}
    _count_related(by_id, accepted_ids, bump)
    ordered = sorted(rows.values(), key=lambda r: (-r.accepted, r.label))
    return ordered, total


def _count_related(by_id: dict, accepted_ids: list, bump) -> None:
    from django.apps import apps

    Filing = apps.get_model("filing", "Filing")
    for case_id in Filing.objects.filter(case_id__in=accepted_ids).values_list(
        "case_id", flat=True
    ):
        bump(by_id[case_id], "filed_online")
    FeeOrder = apps.get_model("fees", "FeeOrder")
    paid = FeeOrder.objects.filter(case_id__in=accepted_ids, status="paid")
    for case_id, online in paid.annotate(
        online=Count(
            "payments", filter=Q(payments__status="succeeded") & ~Q(payments__provider="counter")
        )
    ).values_list("case_id", "online"):
        bump(by_id[case_id], "orders_paid")
        if online:
            bump(by_id[case_id], "orders_paid_online")
    if apps.is_installed("yunting.service"):
        Task = apps.get_model("service", "ServiceTask")
        tasks = Task.objects.filter(case_id__in=accepted_ids).exclude(status="withdrawn")
        for case_id, status, channel in tasks.values_list("case_id", "status", "served_channel"):
            bump(by_id[case_id], "tasks")
            if status == "served":
                bump(by_id[case_id], "tasks_served")
                if channel in ELECTRONIC:
                    bump(by_id[case_id], "tasks_served_electronically")
    if apps.is_installed("yunting.hearings"):
        Hearing = apps.get_model("hearings", "Hearing")
        for case_id, online in Hearing.objects.filter(case_id__in=accepted_ids).values_list(
            "case_id", "online"
        ):
            bump(by_id[case_id], "hearings")
            if online:
                bump(by_id[case_id], "hearings_online")


def figure_value(figures: Figures, key: str):
    return getattr(figures, key)
