"""Reads of fee orders, payments, receipts and the reconciliation, scoped to the person.

A payer sees their own orders; a lawyer or other agent sees their principals'; staff see their
courts' orders. Anyone else gets 404, as for cases. The public sees only what a receipt's
verification code proves about that receipt."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role, user_staff_assignments

from .models import (
    ACCEPTANCE_KINDS,
    OPEN_STATUSES,
    ZERO,
    DecisionStatus,
    FeeOrder,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    ReliefApplication,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.cases.models import Case, Party
    from yunting.courts.models import Court


def overdue_q(today: dt.date) -> Q:
    """Acceptance fees unpaid after the deadline with no approved deferral still running."""
    return Q(kind__in=ACCEPTANCE_KINDS, overdue_decision="") & (
        Q(status__in=[OrderStatus.UNPAID, OrderStatus.REDUCED], due_date__lt=today)
        | Q(status=OrderStatus.DEFERRED, deferred_until__lt=today)
    )


def user_pays_for(user: User, party: Party) -> bool:
    """The payer themself, or one of their agents (a lawyer pays for the principal)."""
    return party.user_id == user.id or party.agents.filter(user=user).exists()


def _payer_q(user: User, prefix: str = "") -> Q:
    return Q(**{f"{prefix}payer__user": user}) | Q(**{f"{prefix}payer__agents__user": user})


def _visible_q(user: User, prefix: str = "") -> Q:
    q = _payer_q(user, prefix)
    court_ids = {a.court_id for a in user_staff_assignments(user=user)}
    if court_ids:
        q |= Q(**{f"{prefix}court_id__in": court_ids})
    return q


def _orders() -> QuerySet[FeeOrder]:
    return FeeOrder.objects.select_related("case", "court", "payer", "notice")


def orders_for_payer(*, user: User) -> QuerySet[FeeOrder]:
    """The orders the person pays: their own, and as an agent their principals'."""
    if not getattr(user, "is_authenticated", False):
        return FeeOrder.objects.none()
    ids = FeeOrder.objects.filter(_payer_q(user)).values("pk")
    return _orders().filter(pk__in=ids).order_by("-created_at")


def orders_due_for_payer(*, user: User) -> QuerySet[FeeOrder]:
    """What the person still has to pay (unpaid, deferred or reduced), soonest due first."""
    return orders_for_payer(user=user).filter(status__in=OPEN_STATUSES).order_by("due_date")


def order_get_for_user(*, user: User, order_id: uuid.UUID | str) -> FeeOrder:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    ids = FeeOrder.objects.filter(_visible_q(user)).values("pk")
    try:
        return _orders().filter(pk__in=ids).get(pk=order_id)
    except (FeeOrder.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def case_orders(*, user: User, case: Case) -> QuerySet[FeeOrder]:
    """A case's orders as this person may see them (call after case_get_for_user)."""
    ids = FeeOrder.objects.filter(_visible_q(user), case=case).values("pk")
    return _orders().filter(pk__in=ids).order_by("created_at")


def order_payments(*, order: FeeOrder) -> QuerySet[Payment]:
    return order.payments.select_related("receipt").order_by("-created_at")


def payment_get_for_user(*, user: User, payment_id: uuid.UUID | str) -> Payment:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    ids = FeeOrder.objects.filter(_visible_q(user)).values("pk")
    try:
        return Payment.objects.select_related("order", "order__case", "receipt").get(
            pk=payment_id, order_id__in=ids
        )
    except (Payment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def payment_by_trade_no_for_payer(*, user: User, out_trade_no: str) -> Payment:
    """For the test provider's page: the payer (or agent) sees the payment they started."""
    ids = FeeOrder.objects.filter(_payer_q(user)).values("pk")
    try:
        return Payment.objects.select_related("order", "order__case", "order__court").get(
            out_trade_no=out_trade_no, order_id__in=ids
        )
    except Payment.DoesNotExist as exc:
        raise Http404 from exc


def receipt_by_code(*, code: str) -> Payment | None:
    """Public check of an e-receipt by the verification code printed on it."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        Payment.objects.select_related("order", "order__case", "order__court", "receipt")
        .filter(receipt__verification_code=code, receipt__template_code="fee_receipt")
        .first()
    )


def orders_overdue_for_judge(*, user: User, today: dt.date | None = None) -> QuerySet[FeeOrder]:
    """The 按撤诉处理 queue: the judge's cases (or, unassigned, their court's) whose
    acceptance fee is unpaid past the deadline with no deferral running."""
    today = today or timezone.localdate()
    courts = user_courts_with_role(user=user, roles={Role.JUDGE})
    if not courts:
        return FeeOrder.objects.none()
    mine = Q(case__judge=user) | Q(case__judge__isnull=True, court__in=courts)
    return _orders().filter(overdue_q(today)).filter(mine).order_by("due_date")


def orders_overdue_for_finance(*, user: User, today: dt.date | None = None) -> QuerySet[FeeOrder]:
    """The same overdue orders (``overdue_q``) at the courts where the user is a finance
    officer: the early-warning list of fees to chase (issue 20)."""
    today = today or timezone.localdate()
    courts = user_courts_with_role(user=user, roles={Role.FINANCE_OFFICER})
    if not courts:
        return FeeOrder.objects.none()
    return _orders().filter(overdue_q(today)).filter(court__in=courts).order_by("due_date")


def reliefs_pending_for_judge(*, user: User) -> QuerySet[ReliefApplication]:
    courts = user_courts_with_role(user=user, roles={Role.JUDGE})
    if not courts:
        return ReliefApplication.objects.none()
    mine = Q(order__case__judge=user) | Q(order__case__judge__isnull=True, order__court__in=courts)
    return (
        ReliefApplication.objects.filter(mine, status=DecisionStatus.PENDING)
        .select_related("order", "order__case", "order__payer")
        .order_by("applied_at")
    )


def refunds_pending_for_finance(*, user: User) -> QuerySet[Refund]:
    courts = user_courts_with_role(user=user, roles={Role.FINANCE_OFFICER})
    return (
        Refund.objects.filter(order__court__in=courts, status=DecisionStatus.PENDING)
        .select_related("order", "order__case", "order__payer", "requested_by")
        .order_by("requested_at")
    )


def orders_awaiting_transfer(*, user: User) -> QuerySet[FeeOrder]:
    courts = user_courts_with_role(user=user, roles={Role.FINANCE_OFFICER})
    return (
        _orders()
        .filter(
            court__in=courts,
            status__in=[OrderStatus.UNPAID, OrderStatus.REDUCED, OrderStatus.DEFERRED],
        )
        .order_by("due_date")
    )


# --- reconciliation -------------------------------------------------------------------------


@dataclass
class ReconRow:
    court: str
    provider: str
    paid_count: int = 0
    paid: Decimal = ZERO
    refunded_count: int = 0
    refunded: Decimal = ZERO
    duplicates: Decimal = ZERO


@dataclass
class Reconciliation:
    day: dt.date
    rows: list[ReconRow] = field(default_factory=list)
    outstanding: dict[str, Decimal] = field(default_factory=dict)
    total_paid: Decimal = ZERO
    total_refunded: Decimal = ZERO
    total_outstanding: Decimal = ZERO


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A local (Asia/Shanghai) calendar day as a UTC-aware range."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def reconciliation(*, courts: list[Court], day: dt.date) -> Reconciliation:
    """The finance office's daily report (日对账): money received and given back that day,
    by court and channel, and what is still outstanding at each court now."""
    start, end = _day_bounds(day)
    rows: dict[tuple[str, str], ReconRow] = {}

    def row(court_name: str, provider: str) -> ReconRow:
        key = (court_name, provider)
        if key not in rows:
            rows[key] = ReconRow(court=court_name, provider=provider)
        return rows[key]

    payments = Payment.objects.filter(
        order__court__in=courts,
        status__in=[PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE],
        paid_at__gte=start,
        paid_at__lt=end,
    ).select_related("order__court")
    labels = dict(Payment._meta.get_field("provider").choices)
    for p in payments:
        r = row(p.order.court.name, str(labels.get(p.provider, p.provider)))
        if p.status == PaymentStatus.SUCCEEDED:
            r.paid_count += 1
            r.paid += p.amount
        else:
            r.duplicates += p.amount
    refunds = Refund.objects.filter(
        order__court__in=courts,
        status=DecisionStatus.APPROVED,
        decided_at__gte=start,
        decided_at__lt=end,
    ).select_related("order__court")
    for refund in refunds:
        paid_by = (
            refund.order.payments.filter(status=PaymentStatus.SUCCEEDED)
            .values_list("provider", flat=True)
            .first()
        )
        r = row(refund.order.court.name, str(labels.get(paid_by, paid_by or "—")))
        r.refunded_count += 1
        r.refunded += refund.amount
    outstanding: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for order in FeeOrder.objects.filter(
        court__in=courts,
        status__in=[OrderStatus.UNPAID, OrderStatus.REDUCED, OrderStatus.DEFERRED],
    ).select_related("court"):
        outstanding[order.court.name] += order.amount
    report = Reconciliation(
        day=day,
        rows=sorted(rows.values(), key=lambda r: (r.court, r.provider)),
        outstanding=dict(sorted(outstanding.items())),
    )
    report.total_paid = sum((r.paid for r in report.rows), ZERO)
    report.total_refunded = sum((r.refunded for r in report.rows), ZERO)
    report.total_outstanding = sum(report.outstanding.values(), ZERO)
    return report


def order_refunds(*, orders: list[FeeOrder]) -> QuerySet[Refund]:
    """The refunds of orders already fetched for the user (the case's 费用 tab)."""
    return Refund.objects.filter(order__in=orders).select_related("order")


def order_reliefs(*, order: FeeOrder) -> QuerySet[ReliefApplication]:
    """The deferral, reduction and waiver applications of an order already fetched for the
    user."""
    return order.reliefs.all()


def relief_get_for_user(*, user: User, application_id: uuid.UUID | str) -> ReliefApplication:
    """An application whose order the user may see (the payer's side, the court's staff);
    404 for anyone else, or for an id that is not one."""
    try:
        application = ReliefApplication.objects.get(pk=application_id)
    except (ReliefApplication.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    order_get_for_user(user=user, order_id=application.order_id)
    return application
