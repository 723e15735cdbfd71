"""Writes for court fees: assessment, re-assessment, payment (counter and online callback),
e-receipts, deferral/reduction/waiver, refunds and the decision on unpaid fees.

Every function runs in ``transaction.atomic()``, locks the order row it changes
(``select_for_update``) and appends to the ledger in the same transaction, so two callbacks,
a callback racing a counter confirmation, or two finance officers approving the same refund
are applied once."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import court_staff, user_courts_with_role, user_staff_assignments
from yunting.cases.models import Case, Party, PartyKind, PartyRole
from yunting.core.files import check_upload, store_content_addressed
from yunting.core.tasks import enqueue_on_commit
from yunting.ledger.services import record
from yunting.rules.amounts import to_uppercase_rmb
from yunting.rules.deadlines import period_end
from yunting.rules.fees import FeeResult, compute_fee

from . import errors
from .errors import FeeError
from .events import FeeEvent
from .models import (
    ACCEPTANCE_KINDS,
    OPEN_STATUSES,
    ORDER_TRANSITIONS,
    PAID_STATUSES,
    ZERO,
    DecisionStatus,
    FeeKind,
    FeeOrder,
    OrderStatus,
    OverdueDecision,
    Payment,
    PaymentStatus,
    Provider,
    Refund,
    RefundReason,
    ReliefApplication,
    ReliefKind,
)
from .providers import CURRENCY, provider_get, provider_key, signature_valid

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.documents.models import IssuedDocument

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
PREPAY_DAYS = 7  # 《诉讼费用交纳办法》第二十条: within 7 days from the day after the notice
MIN_REDUCTION = Decimal("30")  # 第四十六条: a reduction is at least 30 %
MAX_REDUCTION = Decimal("99")
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: nothing to misread
JUDGE_ROLES = frozenset({Role.JUDGE})
ASSESSOR_ROLES = frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.FILING_OFFICER})
FINANCE_ROLES = frozenset({Role.FINANCE_OFFICER})
# What the receipt says about how the money came (the PDF is in Chinese whatever the UI).
PAYMENT_METHOD_CN = {
    Provider.COUNTER: "银行转账",
    Provider.TEST: "网上支付（测试通道，非真实资金）",
}


# --- helpers --------------------------------------------------------------------------------


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def split_evenly(total: Decimal, n: int) -> list[Decimal]:
    """``total`` in ``n`` shares to the fen that add up exactly; the first payers take the
    odd fen (as a counter would: nobody pays a fraction of a fen)."""
    if n <= 0:
        return []
    cents = int(money(total) / CENT)
    base, rest = divmod(cents, n)
    return [(base + (1 if i < rest else 0)) * CENT for i in range(n)]


def _after_relief(assessed: Decimal, percent: Decimal) -> Decimal:
    return money(assessed * (Decimal("100") - percent) / Decimal("100"))


def _new_reference() -> str:
    while True:
        raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
        reference = f"JF{raw}"
        if not FeeOrder.objects.filter(reference=reference).exists():
            return reference


def _new_trade_no() -> str:
    while True:
        number = f"YT{timezone.now():%Y%m%d%H%M%S}{secrets.randbelow(10**8):08d}"
        if not Payment.objects.filter(out_trade_no=number).exists():
            return number


def _payload(order: FeeOrder, **extra: Any) -> dict[str, Any]:
    return {
        "order": str(order.id),
        "reference": order.reference,
        "kind": order.kind,
        "payer": str(order.payer_id),
        "case_number": order.case.case_number,
        **extra,
    }


def _record(
    order: FeeOrder, event: str, actor: Any, documents: tuple[str, ...] = (), **extra: Any
) -> None:
    record(
        event,
        actor=actor,
        court=order.court,
        case=order.case,
        payload=_payload(order, **extra),
        documents=documents,
    )


def _transition(order: FeeOrder, target: str, *, actor: Any, reason: str) -> None:
    """Move ``order`` to ``target`` or refuse; every move is a ledger entry of its own."""
    if target not in ORDER_TRANSITIONS[order.status]:
        raise FeeError(
            "illegal_transition",
            errors.ILLEGAL_TRANSITION
            % {"current": order.get_status_display(), "target": OrderStatus(target).label},
        )
    previous = order.status
    order.status = target
    _record(
        order, FeeEvent.ORDER_STATUS_CHANGED, actor, **{"from": previous, "to": target}, why=reason
    )


def _lock(order: FeeOrder) -> FeeOrder:
    return (
        FeeOrder.objects.select_for_update()
        .select_related("case", "court", "payer")
        .get(pk=order.pk)
    )


def _staff_at(user: User, court_id: Any, roles: frozenset[str] | None = None) -> bool:
    return any(
        a.court_id == court_id and (roles is None or a.role in roles)
        for a in user_staff_assignments(user=user)
    )


def _ensure_judge(user: User, case: Case) -> None:
    """The judge handling the case (any judge of the court while none is assigned)."""
    if not _staff_at(user, case.court_id, JUDGE_ROLES):
        raise FeeError("not_judge", errors.NOT_JUDGE)
    if case.judge_id is not None and case.judge_id != user.id:
        raise FeeError("not_judge", errors.NOT_JUDGE)


def _ensure_finance(user: User, court_id: Any) -> None:
    if not _staff_at(user, court_id, FINANCE_ROLES):
        raise FeeError("not_finance", errors.NOT_FINANCE)


def user_pays_for(user: User, party: Party) -> bool:
    """The payer themself, or one of their agents (a lawyer pays for the principal)."""
    return party.user_id == user.id or party.agents.filter(user=user).exists()


def acceptance_result(*, claim_total: Decimal, procedure: str) -> FeeResult:
    """The acceptance fee with its basis and breakdown, as ``filing.services.acceptance_fee``
    computes the figure: property case by the amount claimed, else non-property (Art. 13),
    halved in summary and small-claims procedure (Art. 16)."""
    summary = procedure in {"summary", "small_claims"}
    if claim_total > 0:
        return compute_fee("property", amount=claim_total, summary=summary)
    return compute_fee("non-property", summary=summary)


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


# --- assessment -----------------------------------------------------------------------------


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


# --- payments -------------------------------------------------------------------------------


@transaction.atomic
def payment_start(*, order: FeeOrder, user: User, provider_code: str) -> Payment:
    """The payer starts an online payment: a new payment number for the amount due now."""
    order = _lock(order)
    if not user_pays_for(user, order.payer):
        raise FeeError("not_payer", errors.NOT_PAYER)
    provider = provider_get(provider_code)
    if provider is None or not provider.online:
        raise FeeError("provider_disabled", errors.PROVIDER_DISABLED)
    if not order.is_open:
        raise FeeError("not_payable", errors.NOT_PAYABLE % {"status": order.get_status_display()})
    if order.amount <= 0:
        raise FeeError("nothing_due", errors.NOTHING_DUE)
    payment = Payment.objects.create(
        order=order,
        provider=provider.code,
        out_trade_no=_new_trade_no(),
        amount=order.amount,
        currency=CURRENCY,
        created_by=user,
    )
    _record(
        order,
        FeeEvent.PAYMENT_CREATED,
        user,
        payment=str(payment.id),
        out_trade_no=payment.out_trade_no,
        provider=provider.code,
        amount=payment.amount,
    )
    return payment


@dataclass(frozen=True)
class CallbackOutcome:
    """What to answer the provider: ``ok`` → 200 ``success``; else 400 ``fail: <code>``."""

    ok: bool
    code: str
    payment: Payment | None = None


def _parse_amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        return None
    return amount


def _reject(
    code: str, provider_code: str, params: Mapping[str, Any], order: FeeOrder | None
) -> CallbackOutcome:
    """Log a refused notification in the ledger (in its own committed transaction: the 400
    answer must not roll the evidence back) and say why."""
    payload = {
        "provider": provider_code,
        "reason": code,
        "out_trade_no": str(params.get("out_trade_no", ""))[:64],
        "transaction_id": str(params.get("transaction_id", ""))[:64],
        "amount": str(params.get("amount", ""))[:32],
        "currency": str(params.get("currency", ""))[:8],
    }
    with transaction.atomic():
        if order is not None:
            _record(order, FeeEvent.CALLBACK_REJECTED, None, **payload)
        else:
            record(FeeEvent.CALLBACK_REJECTED, payload=payload)
    logger.warning("Payment notification rejected: %s %s", code, payload)
    return CallbackOutcome(False, code)


def payment_callback(*, provider_code: str, params: Mapping[str, Any]) -> CallbackOutcome:
    """Verify and apply an online provider's notification. Idempotent: the same notification
    again answers success and changes nothing; a forged, mismatched or unknown one is refused
    and logged; two racing notifications queue on the order's row lock and pay once."""
    params = {str(k): str(v) for k, v in params.items()}
    provider = provider_get(provider_code)
    if provider is None or not provider.online:
        return _reject("unknown_provider", provider_code, params, None)
    if not signature_valid(params, key=provider_key(provider.code)):
        return _reject("bad_signature", provider_code, params, None)
    found = (
        Payment.objects.filter(out_trade_no=params.get("out_trade_no", ""), provider=provider.code)
        .only("id", "order_id")
        .first()
    )
    if found is None:
        return _reject("unknown_order", provider_code, params, None)
    with transaction.atomic():
        order = _lock(FeeOrder(pk=found.order_id))
        payment = Payment.objects.select_for_update().get(pk=found.pk)
        txn = params.get("transaction_id", "").strip()
        if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE):
            if payment.provider_txn_id == txn:
                return CallbackOutcome(True, "already_applied", payment)
            return _reject("different_transaction", provider_code, params, order)
        amount = _parse_amount(params.get("amount"))
        if amount is None or amount != payment.amount:
            return _reject("amount_mismatch", provider_code, params, order)
        if params.get("currency") != payment.currency:
            return _reject("currency_mismatch", provider_code, params, order)
        if not txn or len(txn) > 64:
            return _reject("bad_transaction_id", provider_code, params, order)
        if Payment.objects.filter(provider=provider.code, provider_txn_id=txn).exists():
            return _reject("transaction_reused", provider_code, params, order)
        if params.get("status") != "SUCCESS":
            payment.status = PaymentStatus.FAILED
            payment.save(update_fields=["status"])
            _record(
                order,
                FeeEvent.PAYMENT_FAILED,
                None,
                payment=str(payment.id),
                out_trade_no=payment.out_trade_no,
                provider=provider.code,
            )
            return CallbackOutcome(True, "failure_recorded", payment)
        payment.provider_txn_id = txn
        payment.paid_at = _paid_at(params.get("paid_at"))
        if not order.is_open or order.amount != payment.amount:
            # Money arrived for an order already settled (e.g. paid at the counter meanwhile):
            # keep it on record for the finance office to return; never apply it twice.
            payment.status = PaymentStatus.DUPLICATE
            payment.save(update_fields=["status", "provider_txn_id", "paid_at"])
            _record(
                order,
                FeeEvent.PAYMENT_DUPLICATE,
                None,
                payment=str(payment.id),
                out_trade_no=payment.out_trade_no,
                provider=provider.code,
                amount=payment.amount,
                transaction_id=txn,
            )
            return CallbackOutcome(True, "duplicate_recorded", payment)
        _apply_payment(order, payment, actor=None)
        return CallbackOutcome(True, "applied", payment)


def _paid_at(value: str | None) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return timezone.now()
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _apply_payment(order: FeeOrder, payment: Payment, *, actor: User | None) -> None:
    payment.status = PaymentStatus.SUCCEEDED
    payment.paid_at = payment.paid_at or timezone.now()
    payment.confirmed_by = actor
    payment.save()
    _transition(order, OrderStatus.PAID, actor=actor, reason="payment")
    order.paid_amount = payment.amount
    order.save()
    _record(
        order,
        FeeEvent.PAYMENT_CONFIRMED,
        actor,
        payment=str(payment.id),
        out_trade_no=payment.out_trade_no,
        provider=payment.provider,
        transaction_id=payment.provider_txn_id,
        amount=payment.amount,
        currency=payment.currency,
        paid_at=payment.paid_at,
    )
    _issue_receipt_safely(payment, actor)


@transaction.atomic
def payment_confirm_transfer(
    *, officer: User, reference: str, amount: Decimal, bank_txn_id: str
) -> Payment:
    """The finance officer confirms a bank transfer seen on the court's account: by the
    order's reference and the exact amount due, once per bank transaction."""
    reference = (reference or "").strip().upper()
    bank_txn_id = (bank_txn_id or "").strip()
    found = FeeOrder.objects.filter(reference=reference).only("id", "court_id").first()
    if found is None:
        raise FeeError("unknown_reference", errors.UNKNOWN_REFERENCE % {"reference": reference})
    _ensure_finance(officer, found.court_id)
    order = _lock(found)
    if not bank_txn_id:
        raise FeeError("reason_required", errors.REASON_REQUIRED)
    if Payment.objects.filter(provider=Provider.COUNTER, provider_txn_id=bank_txn_id).exists():
        raise FeeError("transaction_reused", errors.TXN_USED % {"txn": bank_txn_id})
    if not order.is_open:
        raise FeeError("not_payable", errors.NOT_PAYABLE % {"status": order.get_status_display()})
    if money(amount) != order.amount:
        raise FeeError(
            "amount_mismatch",
            errors.AMOUNT_MISMATCH
            % {"given": money(amount), "due": order.amount, "reference": order.reference},
        )
    payment = Payment.objects.create(
        order=order,
        provider=Provider.COUNTER,
        out_trade_no=_new_trade_no(),
        provider_txn_id=bank_txn_id,
        amount=order.amount,
        currency=CURRENCY,
        created_by=officer,
    )
    _apply_payment(order, payment, actor=officer)
    return payment


# --- receipts -------------------------------------------------------------------------------


def _receipt_issuer(order: FeeOrder, preferred: User | None) -> User | None:
    """Who the receipt is issued by: the confirming officer, else a finance officer of the
    court, else the case's judge (documents are issued by court staff only)."""
    if preferred is not None and _staff_at(preferred, order.court_id):
        return preferred
    finance = court_staff(court=order.court).filter(role=Role.FINANCE_OFFICER).first()
    if finance is not None:
        return finance.user
    return order.case.judge


# How each kind of fee reads on the receipt (票据项目、依据、备注).
RECEIPT_ITEMS: dict[str, dict[str, str]] = {
    FeeKind.ACCEPTANCE: {
        "item_name": "案件受理费",
        "item_basis": "按标的额分段累计",
        "item_note": "预交",
    },
    FeeKind.SUPPLEMENT: {
        "item_name": "案件受理费",
        "item_basis": "重新核定差额",
        "item_note": "补交",
    },
    FeeKind.PRESERVATION: {
        "item_name": "申请保全费",
        "item_basis": "按保全金额分段累计",
        "item_note": "预交",
    },
    FeeKind.EXECUTION: {
        "item_name": "申请执行费",
        "item_basis": "按执行金额分段累计",
        "item_note": "执行后交纳",
    },
}


def _issue_receipt_safely(payment: Payment, actor: User | None) -> None:
    """Issue the receipt now if we can; a failure must not undo the payment (the money has
    arrived), so it is logged and retried in the background."""
    try:
        with transaction.atomic():
            payment.receipt = receipt_issue(payment=payment, actor=actor)
    except Exception:
        logger.exception("Receipt for payment %s not issued; retrying later", payment.pk)
        from .tasks import receipt_issue_task

        enqueue_on_commit(receipt_issue_task, payment_id=str(payment.pk))


@transaction.atomic
def receipt_issue(*, payment: Payment, actor: User | None = None) -> IssuedDocument:
    """The 诉讼费电子票据: a sealed, signed PDF with a verification code, recorded in the
    ledger by the documents app and linked here."""
    from yunting.documents.dates import chinese_date
    from yunting.documents.services import document_issue

    payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
    if payment.receipt_id is not None:
        return payment.receipt
    order = payment.order
    issuer = _receipt_issuer(order, actor)
    if issuer is None:
        raise FeeError("no_issuer", errors.NO_RECEIPT_ISSUER)
    paid_on = timezone.localdate(payment.paid_at or timezone.now())
    document = document_issue(
        template_code="fee_receipt",
        case=order.case,
        actor=issuer,
        recipient=order.payer,
        extra={
            "receipt_number": payment.out_trade_no,
            "payer": order.payer.name,
            "paid_on": chinese_date(paid_on),
            "amount": f"{payment.amount:,.2f}",
            "amount_upper": to_uppercase_rmb(payment.amount),
            "payment_method": PAYMENT_METHOD_CN.get(payment.provider, payment.provider),
            "cashier": issuer.name,
            "order_reference": order.reference,
            **RECEIPT_ITEMS.get(order.kind, {}),
        },
    )
    payment.receipt = document
    payment.save(update_fields=["receipt"])
    _record(
        order,
        FeeEvent.RECEIPT_ISSUED,
        issuer,
        documents=(document.sha256,),
        payment=str(payment.id),
        receipt=str(document.id),
        verification_code=document.verification_code,
        amount=payment.amount,
    )
    return document


# --- deferral, reduction, waiver (司法救助) ---------------------------------------------------


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
    order = _lock(order)
    if not user_pays_for(user, order.payer):
        raise FeeError("not_payer", errors.NOT_PAYER)
    if not order.is_open:
        raise FeeError("relief_not_open", errors.RELIEF_NOT_OPEN)
    today = timezone.localdate()
    if order.pay_by is not None and today > order.pay_by:
        raise FeeError("relief_too_late", errors.RELIEF_TOO_LATE % {"date": order.pay_by})
    if order.reliefs.filter(status=DecisionStatus.PENDING).exists():
        raise FeeError("relief_pending", errors.RELIEF_PENDING)
    reasons = (reasons or "").strip()
    if not reasons:
        raise FeeError("reason_required", errors.REASON_REQUIRED)
    if kind == ReliefKind.REDUCTION:
        percent = _check_percent(percent)
        until = None
    elif kind == ReliefKind.WAIVER:
        if order.payer.kind != PartyKind.PERSON:
            raise FeeError("waiver_person_only", errors.WAIVER_PERSON_ONLY)
        percent, until = Decimal("100"), None
    elif kind == ReliefKind.DEFERRAL:
        if until is None or (order.pay_by is not None and until <= order.pay_by):
            raise FeeError("deferral_date", errors.DEFERRAL_DATE)
        percent = None
    else:
        raise FeeError("bad_kind", errors.RELIEF_NOT_OPEN)
    if not proof_data:
        raise FeeError("proof_required", errors.PROOF_REQUIRED)
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
    _record(
        order,
        FeeEvent.RELIEF_APPLIED,
        user,
        documents=(checked.sha256,),
        application=str(application.id),
        relief=kind,
        percent=percent,
        until=until,
        reasons=reasons,
    )
    return application


def _check_percent(percent: Decimal | None) -> Decimal:
    if percent is None:
        raise FeeError("reduction_too_small", errors.REDUCTION_TOO_SMALL)
    percent = Decimal(percent)
    if percent < MIN_REDUCTION:
        raise FeeError("reduction_too_small", errors.REDUCTION_TOO_SMALL)
    if percent > MAX_REDUCTION:
        raise FeeError("reduction_range", errors.REDUCTION_RANGE)
    return percent.quantize(CENT)


@transaction.atomic
def relief_decide(
    *, application: ReliefApplication, judge: User, approve: bool, note: str = ""
) -> ReliefApplication:
    """The judge approves or refuses; on approval the order is deferred, reduced or waived.
    The rules are checked again here: an approval cannot break them either."""
    application = ReliefApplication.objects.select_for_update().get(pk=application.pk)
    order = _lock(application.order)
    _ensure_judge(judge, order.case)
    if application.status != DecisionStatus.PENDING:
        raise FeeError("already_decided", errors.ALREADY_DECIDED)
    application.status = DecisionStatus.APPROVED if approve else DecisionStatus.REFUSED
    application.decided_by = judge
    application.decided_at = timezone.now()
    application.decision_note = (note or "").strip()
    application.save()
    if approve:
        if not order.is_open:
            raise FeeError("relief_not_open", errors.RELIEF_NOT_OPEN)
        if application.kind == ReliefKind.DEFERRAL:
            order.deferred_until = application.until
            _transition(order, OrderStatus.DEFERRED, actor=judge, reason="deferral")
        elif application.kind == ReliefKind.REDUCTION:
            order.relief_percent = _check_percent(application.percent)
            order.amount = _after_relief(order.assessed_amount, order.relief_percent)
            _transition(order, OrderStatus.REDUCED, actor=judge, reason="reduction")
        else:
            if order.payer.kind != PartyKind.PERSON:
                raise FeeError("waiver_person_only", errors.WAIVER_PERSON_ONLY)
            order.relief_percent = Decimal("100")
            order.amount = ZERO
            _transition(order, OrderStatus.WAIVED, actor=judge, reason="waiver")
        order.save()
    _record(
        order,
        FeeEvent.RELIEF_APPROVED if approve else FeeEvent.RELIEF_REFUSED,
        judge,
        application=str(application.id),
        relief=application.kind,
        note=application.decision_note,
        amount=order.amount,
        deferred_until=order.deferred_until,
    )
    return application


# --- refunds --------------------------------------------------------------------------------


def _refundable_now(order: FeeOrder) -> Decimal:
    """Paid, less refunded, less refunds already asked for and not yet decided."""
    pending = (
        order.refunds.filter(status=DecisionStatus.PENDING).aggregate(s=Sum("amount"))["s"] or ZERO
    )
    return order.paid_amount - order.refunded_amount - pending


def _refund_create(
    order: FeeOrder, *, amount: Decimal, reason: str, note: str, actor: User
) -> Refund:
    refund = Refund(order=order, amount=amount, reason=reason, note=note, requested_by=actor)
    refund.full_clean(exclude=["order", "requested_by"])
    refund.save()
    _record(
        order,
        FeeEvent.REFUND_REQUESTED,
        actor,
        refund=str(refund.id),
        amount=amount,
        refund_reason=reason,
        note=note,
    )
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
    order = _lock(order)
    if not _staff_at(actor, order.court_id, ASSESSOR_ROLES | FINANCE_ROLES):
        raise FeeError("not_staff", errors.NOT_STAFF)
    if order.status not in PAID_STATUSES or order.paid_amount <= 0:
        raise FeeError("refund_not_paid", errors.REFUND_NOT_PAID)
    if reason not in RefundReason.values:
        raise FeeError("reason_required", errors.REASON_REQUIRED)
    if reason in (RefundReason.WITHDRAWAL, RefundReason.MEDIATION):
        if order.kind not in ACCEPTANCE_KINDS:
            raise FeeError("refund_not_acceptance", errors.REFUND_NOT_ACCEPTANCE)
        computed = money(order.paid_amount / 2)
        amount = computed if amount is None else amount
    elif reason == RefundReason.LOSER_BEARS and amount is None:
        amount = order.paid_amount - order.refunded_amount
    if amount is None or Decimal(amount) <= 0:
        raise FeeError("bad_amount", errors.BAD_AMOUNT)
    amount = money(amount)
    refundable = _refundable_now(order)
    if amount > refundable:
        raise FeeError(
            "refund_too_large",
            errors.REFUND_TOO_LARGE % {"amount": amount, "refundable": max(refundable, ZERO)},
        )
    return _refund_create(
        order, amount=amount, reason=reason, note=(note or "").strip(), actor=actor
    )


@transaction.atomic
def refund_decide(*, refund: Refund, officer: User, approve: bool, note: str = "") -> Refund:
    """The finance officer approves (the money goes back) or refuses a refund."""
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    order = _lock(refund.order)
    _ensure_finance(officer, order.court_id)
    if refund.status != DecisionStatus.PENDING:
        raise FeeError("already_decided", errors.ALREADY_DECIDED)
    refund.status = DecisionStatus.APPROVED if approve else DecisionStatus.REFUSED
    refund.decided_by = officer
    refund.decided_at = timezone.now()
    if note:
        refund.note = f"{refund.note}\n{note}".strip()
    if approve:
        refundable = order.paid_amount - order.refunded_amount
        if refund.amount > refundable:
            raise FeeError(
                "refund_too_large",
                errors.REFUND_TOO_LARGE % {"amount": refund.amount, "refundable": refundable},
            )
        order.refunded_amount += refund.amount
        target = (
            OrderStatus.REFUNDED
            if order.refunded_amount == order.paid_amount
            else OrderStatus.PARTIALLY_REFUNDED
        )
        _transition(order, target, actor=officer, reason="refund")
        order.save()
    refund.save()
    _record(
        order,
        FeeEvent.REFUND_APPROVED if approve else FeeEvent.REFUND_REFUSED,
        officer,
        refund=str(refund.id),
        amount=refund.amount,
        refund_reason=refund.reason,
        refunded_total=order.refunded_amount,
    )
    return refund


# --- unpaid past the deadline ---------------------------------------------------------------


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


def courts_of(user: User, roles: frozenset[str]) -> list:
    return user_courts_with_role(user=user, roles=roles)
