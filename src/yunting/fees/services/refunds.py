"""Refunds (退费) of paid fees, approved by the finance office."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yunting.ledger.services import record_event

from .. import events
from ..errors import FeeError, FeeErrorCode
from ..models import (
    ACCEPTANCE_KINDS,
    PAID_STATUSES,
    ZERO,
    DecisionStatus,
    FeeOrder,
    OrderStatus,
    Refund,
    RefundReason,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User

from .common import (
    ASSESSOR_ROLES,
    FINANCE_ROLES,
    ensure_finance,
    money,
    order_lock,
    order_transition,
    staff_at,
)


def refundable_now(order: FeeOrder) -> Decimal:
    """Paid, less refunded, less refunds already asked for and not yet decided."""
    pending = (
        order.refunds.filter(status=DecisionStatus.PENDING).aggregate(s=Sum("amount"))["s"] or ZERO
    )
    return order.paid_amount - order.refunded_amount - pending


def refund_create(
    order: FeeOrder, *, amount: Decimal, reason: str, note: str, actor: User
) -> Refund:
    refund = Refund(order=order, amount=amount, reason=reason, note=note, requested_by=actor)
    refund.full_clean(exclude=["order", "requested_by"])
    refund.save()
    record_event(events.refund_requested(order=order, actor=actor, refund=refund))
    return refund


@transaction.atomic
def refund_request(
    *,
    order: FeeOrder,
    actor: User,
    reason: str,
    amount: Decimal | None = None,
    note: str = "",
) -> Refund:
    """Court staff record a refund due: half the acceptance fee on withdrawal or mediation
    (Art. 15), the winner's prepaid fee when the loser bears it, or a stated amount. Never
    more than was paid and not yet refunded (or asked for)."""
    order = order_lock(order)
    if not staff_at(actor, order.court_id, ASSESSOR_ROLES | FINANCE_ROLES):
        raise FeeError(FeeErrorCode.NOT_STAFF)
    if order.status not in PAID_STATUSES or order.paid_amount <= 0:
        raise FeeError(FeeErrorCode.REFUND_NOT_PAID)
    if reason not in RefundReason.values:
        raise FeeError(FeeErrorCode.REASON_REQUIRED)
    if reason in (RefundReason.WITHDRAWAL, RefundReason.MEDIATION):
        if order.kind not in ACCEPTANCE_KINDS:
            raise FeeError(FeeErrorCode.REFUND_NOT_ACCEPTANCE)
        computed = money(order.paid_amount / 2)
        amount = computed if amount is None else amount
    elif reason == RefundReason.LOSER_BEARS and amount is None:
        amount = order.paid_amount - order.refunded_amount
    if amount is None or Decimal(amount) <= 0:
        raise FeeError(FeeErrorCode.BAD_AMOUNT)
    amount = money(amount)
    refundable = refundable_now(order)
    if amount > refundable:
        raise FeeError(
            FeeErrorCode.REFUND_TOO_LARGE, amount=amount, refundable=max(refundable, ZERO)
        )
    return refund_create(
        order, amount=amount, reason=reason, note=(note or "").strip(), actor=actor
    )


@transaction.atomic
def refund_decide(*, refund: Refund, officer: User, approve: bool, note: str = "") -> Refund:
    """The finance officer approves (the money goes back) or refuses a refund."""
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    order = order_lock(refund.order)
    ensure_finance(officer, order.court_id)
    if refund.status != DecisionStatus.PENDING:
        raise FeeError(FeeErrorCode.ALREADY_DECIDED)
    refund.status = DecisionStatus.APPROVED if approve else DecisionStatus.REFUSED
    refund.decided_by = officer
    refund.decided_at = timezone.now()
    if note:
        refund.note = f"{refund.note}\n{note}".strip()
    if approve:
        refundable = order.paid_amount - order.refunded_amount
        if refund.amount > refundable:
            raise FeeError(
                FeeErrorCode.REFUND_TOO_LARGE, amount=refund.amount, refundable=refundable
            )
        order.refunded_amount += refund.amount
        target = (
            OrderStatus.REFUNDED
            if order.refunded_amount == order.paid_amount
            else OrderStatus.PARTIALLY_REFUNDED
        )
        order_transition(order, target, actor=officer, reason="refund")
        order.save()
    refund.save()
    record_event(events.refund_decided(order=order, actor=officer, refund=refund, approved=approve))
    return refund
