"""Assessing fees: acceptance fees on acceptance, application fees, re-assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yunting.cases.models import Case, Party, PartyRole
from yunting.cases.services import case_set_acceptance_fee
from yunting.ledger.services import record_event
from yunting.rules.deadlines import period_end
from yunting.rules.fee_kinds import FeeKindChoice
from yunting.rules.fees import FeeResult, compute_fee

from .. import events
from ..errors import FeeError, FeeErrorCode
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

from .common import (
    ASSESSOR_ROLES,
    PREPAY_DAYS,
    after_relief,
    case_acceptance_result,
    case_fee_kind,
    ensure_judge,
    money,
    new_reference,
    order_lock,
    order_transition,
    split_evenly,
    staff_at,
)
from .refunds import refund_create, refundable_now


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
    fee_kind: FeeKindChoice | None = None,
) -> FeeOrder:
    breakdown = result.to_dict() if result is not None else {}
    if fee_kind is not None:
        breakdown.update(_kind_record(fee_kind))
    if share_of is not None:
        breakdown["share_of"] = str(share_of)
    due = None
    if notice_date is not None and (result is None or result.timing == "prepay"):
        due = period_end(notice_date, days=PREPAY_DAYS).date
    order = FeeOrder(
        reference=new_reference(),
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
    record_event(
        events.order_created(order=order, actor=actor, due_date=due, supplement_of=supplement_of)
    )
    return order


@transaction.atomic
def fee_orders_assess_acceptance(
    *, case: Case, actor: User, notice_date: dt.date | None = None, fee_kind: str = ""
) -> list[FeeOrder]:
    """On acceptance: one order per plaintiff, the fee split evenly between them (the
    plaintiff side prepays, 《诉讼费用交纳办法》第二十条), of the kind the cause gives (or
    ``fee_kind``). A claim for unpaid wages gets no due date (第二十条: 追索劳动报酬的案件可以
    不预交案件受理费), so it is never 按撤诉处理 for non-payment. Nothing when no fee is due."""
    notice_date = notice_date or timezone.localdate()
    kind = case_fee_kind(case, fee_kind=fee_kind)
    result = case_acceptance_result(case, fee_kind=fee_kind)
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
            fee_kind=kind,
        )
        for payer, share in zip(plaintiffs, shares, strict=True)
    ]


@transaction.atomic
def fee_order_link_notice(*, order: FeeOrder, document: IssuedDocument, actor: User) -> FeeOrder:
    """Remember which 交费通知书 told the payer about this order (its hash goes in the ledger)."""
    order = order_lock(order)
    order.notice = document
    order.save(update_fields=["notice", "updated_at"])
    record_event(events.notice_linked(order=order, actor=actor, document=document))
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
        # 追索劳动报酬 (Art. 20): nothing to prepay, so no deadline and no 按撤诉处理 warning.
        "no_prepay": (order.breakdown or {}).get("timing") == "no-prepay",
    }


@transaction.atomic
def fee_order_assess_application(
    *, case: Case, payer: Party, kind: str, amount: Decimal | None, actor: User
) -> FeeOrder:
    """A later application fee (Art. 14): preservation by the amount preserved, execution by
    the amount executed. Execution fees are paid after execution (Art. 20): no due date."""
    if not staff_at(actor, case.court_id, ASSESSOR_ROLES):
        raise FeeError(FeeErrorCode.NOT_STAFF)
    if kind not in {FeeKind.PRESERVATION, FeeKind.EXECUTION}:
        raise FeeError(FeeErrorCode.NOT_APPLICATION)
    if payer.case_id != case.id:
        raise FeeError(FeeErrorCode.NOT_STAFF)
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


@transaction.atomic
def fee_order_assess_appeal(
    *, case: Case, payer: Party, amount: Decimal | None, actor: User
) -> FeeOrder:
    """The appeal fee an appellant prepays with the appeal (Art. 22): a property case's on the
    amount appealed (Art. 17), otherwise the fee of the case's kind. Assessed by the rules
    when the party lodges the appeal online (the judgments app calls this)."""
    if payer.case_id != case.id:
        raise FeeError(FeeErrorCode.NOT_STAFF)
    if amount:
        result = compute_fee("property", amount=amount, appeal=True)
    else:
        result = compute_fee("non-property", appeal=True)
    return _create_order(
        case=case,
        payer=payer,
        kind=FeeKind.APPEAL,
        assessed=result.fee,
        result=result,
        actor=actor,
        notice_date=timezone.localdate(),
    )


@transaction.atomic
def fee_order_assess_joined_claim(
    *, case: Case, payer: Party, amount: Decimal | None, joined_claim: str, actor: User
) -> FeeOrder | None:
    """A counterclaim or a third party's independent claim joined to the case pays its own
    acceptance fee, halved (Art. 18; halved once even in summary procedure). Assessed when
    the claim is filed, by the system on the court's behalf; None when no fee is due."""
    if payer.case_id != case.id:
        raise FeeError(FeeErrorCode.NOT_STAFF)
    amount = amount if amount is not None and amount > 0 else None
    rule = "property" if amount is not None else "non-property"
    summary = case.procedure in {"summary", "small_claims"}
    result = compute_fee(rule, amount=amount, summary=summary, joined_claim=joined_claim)
    if result.fee <= 0:
        return None
    return _create_order(
        case=case,
        payer=payer,
        kind=FeeKind.JOINED_CLAIM,
        assessed=result.fee,
        result=result,
        actor=actor,
        notice_date=timezone.localdate(),
    )


def _kind_record(kind: FeeKindChoice) -> dict[str, Any]:
    """What the breakdown keeps of the kind of fee: which, why (cause, default, override)."""
    return {"fee_kind": kind.kind, "fee_kind_source": kind.source, "fee_kind_key": kind.key}


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
    fee_kind: str | None = None,
) -> list[FeeOrder]:
    """The judge re-assesses the acceptance fee (claim changed before the end of the court
    investigation, Art. 21; summary procedure applies, Art. 16; the kind of fee corrected,
    ``fee_kind``, which then sticks for later re-assessments). Open orders change amount;
    a paid order gets a supplementary order for more, or a refund record for less."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_judge(judge, case)
    reason = (reason or "").strip()
    if not reason:
        raise FeeError(FeeErrorCode.REASON_REQUIRED)
    amount = case.claim_amount if claim_amount is None else money(claim_amount)
    procedure = procedure or case.procedure
    orders = [
        order_lock(o)
        for o in FeeOrder.objects.filter(case=case, kind=FeeKind.ACCEPTANCE).order_by(
            "created_at", "reference"
        )
    ]
    if fee_kind is None:  # keep an earlier override
        earlier = next(
            (o.breakdown for o in orders if o.breakdown.get("fee_kind_source") == "override"), {}
        )
        fee_kind = earlier.get("fee_kind", "")
    kind = case_fee_kind(case, fee_kind=fee_kind)
    result = case_acceptance_result(
        case, fee_kind=fee_kind, claim_total=amount, procedure=procedure
    )
    if not orders:
        orders = fee_orders_assess_acceptance(case=case, actor=judge, fee_kind=fee_kind)
        case_set_acceptance_fee(case=case, fee=result.fee)
        return orders
    shares = split_evenly(result.fee, len(orders))
    changed = []
    for order, share in zip(orders, shares, strict=True):
        old_assessed, old_amount = order.assessed_amount, order.amount
        target = after_relief(share, order.relief_percent)
        order.assessed_amount = share
        order.basis = result.basis[:300]
        order.breakdown = {
            **result.to_dict(),
            **_kind_record(kind),
            "share_of": str(result.fee),
        }
        if order.status in OPEN_STATUSES and result.timing != "prepay":
            order.due_date = None  # e.g. now 追索劳动报酬 (Art. 20): nothing to prepay
        follow_up: dict[str, Any] = {}
        if order.status in OPEN_STATUSES:
            order.amount = target
            if target == 0:
                order_transition(
                    order, OrderStatus.CANCELLED, actor=judge, reason="reassessed_to_zero"
                )
        elif order.status in PAID_STATUSES:
            follow_up = _settle_difference(order, target, judge)
        order.save()
        record_event(
            events.order_reassessed(
                order=order,
                actor=judge,
                reason=reason,
                old_amount=old_amount,
                old_assessed=old_assessed,
                claim_amount=amount,
                procedure=procedure,
                fee_kind=kind.kind,
                **follow_up,
            )
        )
        changed.append(order)
    case_set_acceptance_fee(case=case, fee=result.fee)
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
            extra = order_lock(extra)
            cut = min(excess, extra.amount)
            before = extra.amount
            extra.amount -= cut
            extra.assessed_amount = extra.amount
            if extra.amount == 0:
                order_transition(
                    extra, OrderStatus.CANCELLED, actor=actor, reason="reassessed_to_zero"
                )
            extra.save()
            record_event(
                events.order_reassessed(
                    order=extra, actor=actor, reason="difference_reduced", old_amount=before
                )
            )
            excess -= cut
        amount = min(excess, refundable_now(order))
        if amount > 0:
            refund = refund_create(
                order, amount=amount, reason=RefundReason.REASSESSMENT, note="", actor=actor
            )
            return {"refund": str(refund.id), "difference": diff}
    return {}
