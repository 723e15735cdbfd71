"""Acceptance fees unpaid past the deadline: the judge records a decision (按撤诉处理)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from yunting.ledger.services import record_event

from .. import events
from ..errors import FeeError, FeeErrorCode
from ..models import (
    FeeOrder,
    OverdueDecision,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User

from ..selectors import overdue_q
from .common import ensure_judge, order_lock


@transaction.atomic
def overdue_decide(*, order: FeeOrder, judge: User, decision: str, note: str) -> FeeOrder:
    """The judge's decision on an unpaid fee (按撤诉处理, Art. 22). For now the decision is
    recorded (order and ledger); closing the case is left to the cases app's own ruling."""
    order = order_lock(order)
    ensure_judge(judge, order.case)
    if not FeeOrder.objects.filter(overdue_q(timezone.localdate()), pk=order.pk).exists():
        raise FeeError(FeeErrorCode.NOT_OVERDUE)
    if decision not in OverdueDecision.values:
        raise FeeError(FeeErrorCode.REASON_REQUIRED)
    note = (note or "").strip()
    if not note:
        raise FeeError(FeeErrorCode.REASON_REQUIRED)
    order.overdue_decision = decision
    order.overdue_note = note
    order.overdue_decided_at = timezone.now()
    order.save()
    record_event(events.overdue_decided(order=order, actor=judge))
    return order
