"""Assessing fees: acceptance fees on acceptance, application fees, re-assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yunting.cases.models import Case, Party, PartyRole
from yunting.rules.deadlines import period_end
from yunting.rules.fees import FeeResult, compute_fee

from .. import errors
from ..errors import FeeError
from ..events import FeeEvent
from ..models import (
    OPEN_STATUSES,
    PAID_STATUSES,
    ZERO,
    DecisionStatus,
    FeeKind,
    FeeOrder,
    OrderStatus,
    RefundReason,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.documents.models import IssuedDocument

from ._common import (
    ASSESSOR_ROLES,
    PREPAY_DAYS,
    _after_relief,
    _ensure_judge,
    _lock,
    _new_reference,
    _record,
    _staff_at,
    _transition,
    acceptance_result,
    money,
    split_evenly,
)
from .refunds import _refund_create, _refundable_now


def _create_order(
    *,
    case: Case,
    payer: Party,
    kind: str,
    assessed: Decimal,
    result: FeeResult | None,
    actor: User,
    notice_date: dt.date | None,
    supplement_of: FeeOrder | None = None,
    basis: str = "",
    share_of: Decimal | None = None,
) -> FeeOrder:
    breakdown = result.to_dict() if result is not None else {}
    if share_of is not None:
        breakdown["share_of"] = str(share_of)
    due = None
    if notice_date is not None and (result is None or result.timing == "prepay"):
        due = period_end(notice_date, days=PREPAY_DAYS).date
    order = FeeOrder(
        reference=_new_reference(),
        case=case,
        court=case.court,
        payer=payer,
        kind=kind,
        supplement_of=supplement_of,
        assessed_amount=money(assessed),
        amount=money(assessed),
        basis=(basis or (result.basis if result is not None else ""))[:300],
        breakdown=breakdown,
        notice_date=notice_date,
        due_date=due,
        created_by=actor,
    )
    order.full_clean(exclude=["case", "court", "payer", "created_by", "supplement_of", "notice"])
    order.save()
    _record(
        order,
        FeeEvent.ORDER_CREATED,
        actor,
        amount=order.amount,
        basis=order.basis,
        due_date=due,
        breakdown=breakdown,
        supplement_of=str(supplement_of.id) if supplement_of else None,
    )
    return order


@transaction.atomic
def fee_orders_assess_acceptance(
    *, case: Case, actor: User, notice_date: dt.date | None = None
) -> list[FeeOrder]:
    """On acceptance: one order per plaintiff, the fee split evenly between them (the
    plaintiff side prepays, 《诉讼费用交纳办法》第二十条). Nothing when no fee is due."""
    notice_date = notice_date or timezone.localdate()
    result = acceptance_result(claim_total=case.claim_amount, procedure=case.procedure)
    plaintiffs = list(case.parties.filter(role=PartyRole.PLAINTIFF).order_by("position"))
    if result.fee <= 0 or not plaintiffs:
        return []
    shares = split_evenly(result.fee, len(plaintiffs))
    return [
        _create_order(
            case=case,
            payer=payer,
            kind=FeeKind.ACCEPTANCE,
            assessed=share,
            result=result,
            actor=actor,
            notice_date=notice_date,
            share_of=result.fee if len(plaintiffs) > 1 else None,
        )
        for payer, share in zip(plaintiffs, shares, strict=True)
    ]


@transaction.atomic
def fee_order_link_notice(*, order: FeeOrder, document: IssuedDocument, actor: User) -> FeeOrder:
    """Remember which 交费通知书 told the payer about this order (its hash goes in the ledger)."""
    order = _lock(order)
    order.notice = document
    order.save(update_fields=["notice", "updated_at"])
    _record(
        order,
        FeeEvent.NOTICE_LINKED,
        actor,
        documents=(document.sha256,),
        notice=str(document.id),
    )
    return order


def payment_notice_extra(order: FeeOrder) -> dict[str, Any]:
    """What the payment notice states for this payer: their share, the day to pay by, and the
    reference to quote on a transfer."""
    return {
        "fee": f"{order.amount:,.2f}",
        "due_date": order.due_date,
        "payment_account": f"{order.court.name}诉讼费专户（转账附言请填交款识别码 "
        f"{order.reference}）",
        "reference": order.reference,
    }


@transaction.atomic
def fee_order_assess_application(
    *, case: Case, payer: Party, kind: str, amount: Decimal | None, actor: User
) -> FeeOrder:
    """A later application fee (Art. 14): preservation by the amount preserved, execution by
    the amount executed. Execution fees are paid after execution (Art. 20): no due date."""
    if not _staff_at(actor, case.court_id, ASSESSOR_ROLES):
        raise FeeError("not_staff", errors.NOT_STAFF)
    if kind not in {FeeKind.PRESERVATION, FeeKind.EXECUTION}:
        raise FeeError("not_application", errors.FEE_KIND_NOT_APPLICATION)
    if payer.case_id != case.id:
        raise FeeError("not_staff", errors.NOT_STAFF)
    result = compute_fee(kind, amount=amount)
    return _create_order(
        case=case,
        payer=payer,
        kind=kind,
        assessed=result.fee,
        result=result,
        actor=actor,
        notice_date=timezone.localdate(),
    )


class ReassessReason:
    CLAIM_CHANGED = "claim_changed"
    SUMMARY_PROCEDURE = "summary_procedure"
    OTHER = "other"


@transaction.atomic
def fee_reassess(
    *,
    case: Case,
    judge: User,
    reason: str,
    claim_amount: Decimal | None = None,
    procedure: str | None = None,
) -> list[FeeOrder]:
    """The judge re-assesses the acceptance fee (claim changed before the end of the court
    investigation, Art. 21; summary procedure applies, Art. 16). Open orders change amount;
    a paid order gets a supplementary order for more, or a refund record for less."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_judge(judge, case)
    reason = (reason or "").strip()
    if not reason:
        raise FeeError("reason_required", errors.REASON_REQUIRED)
    amount = case.claim_amount if claim_amount is None else money(claim_amount)
    procedure = procedure or case.procedure
    result = acceptance_result(claim_total=amount, procedure=procedure)
    orders = [
        _lock(o)
        for o in FeeOrder.objects.filter(case=case, kind=FeeKind.ACCEPTANCE).order_by(
            "created_at", "reference"
        )
    ]
    if not orders:
        orders = fee_orders_assess_acceptance(case=case, actor=judge)
        Case.objects.filter(pk=case.pk).update(acceptance_fee=result.fee)
        return orders
    shares = split_evenly(result.fee, len(orders))
    changed = []
    for order, share in zip(orders, shares, strict=True):
        old_assessed, old_amount = order.assessed_amount, order.amount
        target = _after_relief(share, order.relief_percent)
        order.assessed_amount = share
        order.basis = result.basis[:300]
        order.breakdown = {**result.to_dict(), "share_of": str(result.fee)}
        follow_up: dict[str, Any] = {}
        if order.status in OPEN_STATUSES:
            order.amount = target
            if target == 0:
                _transition(order, OrderStatus.CANCELLED, actor=judge, reason="reassessed_to_zero")
        elif order.status in PAID_STATUSES:
            follow_up = _settle_difference(order, target, judge)
        order.save()
        _record(
            order,
            FeeEvent.ORDER_REASSESSED,
            judge,
            reason=reason,
            claim_amount=amount,
            procedure=procedure,
            old_assessed=old_assessed,
            new_assessed=share,
            old_amount=old_amount,
            new_amount=order.amount,
            basis=order.basis,
            **follow_up,
        )
        changed.append(order)
    Case.objects.filter(pk=case.pk).update(acceptance_fee=result.fee)
    return changed


def _settle_difference(order: FeeOrder, target: Decimal, actor: User) -> dict[str, Any]:
    """For a paid order: what the payer has been charged so far against the new figure."""
    supplements = (
        order.supplements.exclude(status__in=[OrderStatus.CANCELLED, OrderStatus.WAIVED]).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )
    given_back = (
        order.refunds.filter(reason=RefundReason.REASSESSMENT)
        .exclude(status=DecisionStatus.REFUSED)
        .aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    charged = order.amount + supplements - given_back
    diff = target - charged
    if diff > 0:
        extra = _create_order(
            case=order.case,
            payer=order.payer,
            kind=FeeKind.SUPPLEMENT,
            assessed=diff,
            result=None,
            actor=actor,
            notice_date=timezone.localdate(),
            supplement_of=order,
            basis=order.basis,
        )
        return {"supplement": str(extra.id), "difference": diff}
    if diff < 0:
        # Less is due: first lower or cancel differences not yet paid, then give money back.
        excess = -diff
        for extra in order.supplements.filter(status__in=OPEN_STATUSES).order_by("-created_at"):
            if excess <= 0:
                break
            extra = _lock(extra)
            cut = min(excess, extra.amount)
            before = extra.amount
            extra.amount -= cut
            extra.assessed_amount = extra.amount
            if extra.amount == 0:
                _transition(extra, OrderStatus.CANCELLED, actor=actor, reason="reassessed_to_zero")
            extra.save()
            _record(
                extra,
                FeeEvent.ORDER_REASSESSED,
                actor,
                reason="difference_reduced",
                old_amount=before,
                new_amount=extra.amount,
            )
            excess -= cut
        amount = min(excess, _refundable_now(order))
        if amount > 0:
            refund = _refund_create(
                order, amount=amount, reason=RefundReason.REASSESSMENT, note="", actor=actor
            )
            return {"refund": str(refund.id), "difference": diff}
    return {}
