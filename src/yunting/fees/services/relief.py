"""Deferral, reduction and waiver of fees (缓交、减交、免交; 司法救助)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from yunting.cases.models import PartyKind
from yunting.core.files import check_upload, store_content_addressed
from yunting.ledger.services import record_event

from .. import events
from ..errors import FeeError, FeeErrorCode
from ..models import (
    ZERO,
    DecisionStatus,
    FeeOrder,
    OrderStatus,
    ReliefApplication,
    ReliefKind,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User

from ..selectors import user_pays_for
from .common import (
    CENT,
    MAX_REDUCTION,
    MIN_REDUCTION,
    after_relief,
    ensure_judge,
    order_lock,
    order_transition,
)


@transaction.atomic
def relief_apply(
    *,
    order: FeeOrder,
    user: User,
    kind: str,
    reasons: str,
    proof_name: str,
    proof_data: bytes | None,
    percent: Decimal | None = None,
    until: dt.date | None = None,
) -> ReliefApplication:
    """The payer asks, with reasons and proof, within the prepayment period (Art. 44–48):
    a reduction is at least 30 %; only a natural person can be fully exempted."""
    order = order_lock(order)
    if not user_pays_for(user, order.payer):
        raise FeeError(FeeErrorCode.NOT_PAYER)
    if not order.is_open:
        raise FeeError(FeeErrorCode.RELIEF_NOT_OPEN)
    today = timezone.localdate()
    if order.pay_by is not None and today > order.pay_by:
        raise FeeError(FeeErrorCode.RELIEF_TOO_LATE, date=order.pay_by)
    if order.reliefs.filter(status=DecisionStatus.PENDING).exists():
        raise FeeError(FeeErrorCode.RELIEF_PENDING)
    reasons = (reasons or "").strip()
    if not reasons:
        raise FeeError(FeeErrorCode.REASON_REQUIRED)
    if kind == ReliefKind.REDUCTION:
        percent = _check_percent(percent)
        until = None
    elif kind == ReliefKind.WAIVER:
        if order.payer.kind != PartyKind.PERSON:
            raise FeeError(FeeErrorCode.WAIVER_PERSON_ONLY)
        percent, until = Decimal("100"), None
    elif kind == ReliefKind.DEFERRAL:
        if until is None or (order.pay_by is not None and until <= order.pay_by):
            raise FeeError(FeeErrorCode.DEFERRAL_DATE)
        percent = None
    else:
        raise FeeError(FeeErrorCode.BAD_KIND)
    if not proof_data:
        raise FeeError(FeeErrorCode.PROOF_REQUIRED)
    checked = check_upload(proof_data)
    path = store_content_addressed(checked.data, folder="fees", extension=checked.extension)
    application = ReliefApplication.objects.create(
        order=order,
        kind=kind,
        reasons=reasons,
        percent=percent,
        until=until,
        proof_name=(proof_name or "proof")[:200],
        proof_path=path,
        proof_sha256=checked.sha256,
        proof_content_type=checked.content_type,
        applied_by=user,
    )
    record_event(events.relief_applied(order=order, actor=user, application=application))
    return application


def _check_percent(percent: Decimal | None) -> Decimal:
    if percent is None:
        raise FeeError(FeeErrorCode.REDUCTION_TOO_SMALL)
    percent = Decimal(percent)
    if percent < MIN_REDUCTION:
        raise FeeError(FeeErrorCode.REDUCTION_TOO_SMALL)
    if percent > MAX_REDUCTION:
        raise FeeError(FeeErrorCode.REDUCTION_RANGE)
    return percent.quantize(CENT)


@transaction.atomic
def relief_decide(
    *, application: ReliefApplication, judge: User, approve: bool, note: str = ""
) -> ReliefApplication:
    """The judge approves or refuses; on approval the order is deferred, reduced or waived.
    The rules are checked again here: an approval cannot break them either."""
    application = ReliefApplication.objects.select_for_update().get(pk=application.pk)
    order = order_lock(application.order)
    ensure_judge(judge, order.case)
    if application.status != DecisionStatus.PENDING:
        raise FeeError(FeeErrorCode.ALREADY_DECIDED)
    application.status = DecisionStatus.APPROVED if approve else DecisionStatus.REFUSED
    application.decided_by = judge
    application.decided_at = timezone.now()
    application.decision_note = (note or "").strip()
    application.save()
    if approve:
        if not order.is_open:
            raise FeeError(FeeErrorCode.RELIEF_NOT_OPEN)
        if application.kind == ReliefKind.DEFERRAL:
            order.deferred_until = application.until
            order_transition(order, OrderStatus.DEFERRED, actor=judge, reason="deferral")
        elif application.kind == ReliefKind.REDUCTION:
            order.relief_percent = _check_percent(application.percent)
            order.amount = after_relief(order.assessed_amount, order.relief_percent)
            order_transition(order, OrderStatus.REDUCED, actor=judge, reason="reduction")
        else:
            if order.payer.kind != PartyKind.PERSON:
                raise FeeError(FeeErrorCode.WAIVER_PERSON_ONLY)
            order.relief_percent = Decimal("100")
            order.amount = ZERO
            order_transition(order, OrderStatus.WAIVED, actor=judge, reason="waiver")
        order.save()
    record_event(
        events.relief_decided(order=order, actor=judge, application=application, approved=approve)
    )
    return application
