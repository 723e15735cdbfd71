"""Acceptance fees unpaid past the deadline: the judge records a decision (按撤诉处理)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import errors
from ..errors import FeeError
from ..events import FeeEvent
from ..models import (
    ACCEPTANCE_KINDS,
    FeeOrder,
    OrderStatus,
    OverdueDecision,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User

from ._common import _ensure_judge, _lock, _record


def overdue_q(today: dt.date) -> Q:
    """Acceptance fees unpaid after the deadline with no approved deferral still running."""
    return Q(kind__in=ACCEPTANCE_KINDS, overdue_decision="") & (
        Q(status__in=[OrderStatus.UNPAID, OrderStatus.REDUCED], due_date__lt=today)
        | Q(status=OrderStatus.DEFERRED, deferred_until__lt=today)
    )


@transaction.atomic
def overdue_decide(*, order: FeeOrder, judge: User, decision: str, note: str) -> FeeOrder:
    """The judge's decision on an unpaid fee (按撤诉处理, Art. 22). For now the decision is
    recorded (order and ledger); closing the case is left to the cases app's own ruling."""
    order = _lock(order)
    _ensure_judge(judge, order.case)
    if not FeeOrder.objects.filter(overdue_q(timezone.localdate()), pk=order.pk).exists():
        raise FeeError("not_overdue", errors.NOT_OVERDUE)
    if decision not in OverdueDecision.values:
        raise FeeError("reason_required", errors.REASON_REQUIRED)
    note = (note or "").strip()
    if not note:
        raise FeeError("reason_required", errors.REASON_REQUIRED)
    order.overdue_decision = decision
    order.overdue_note = note
    order.overdue_decided_at = timezone.now()
    order.save()
    _record(order, FeeEvent.OVERDUE_DECIDED, judge, decision=decision, note=note)
    return order
