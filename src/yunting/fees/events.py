"""Fee event types: every change to an order, payment, relief or refund lands in the ledger
under one of these names, so the timeline, the reconciliation and the tests agree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, change, register


@register
class FeeEvent(EventType):
    ORDER_CREATED = "fees.order_created", _("Fee assessed")
    ORDER_REASSESSED = "fees.order_reassessed", _("Fee re-assessed")
    ORDER_STATUS_CHANGED = "fees.order_status_changed", _("Fee order status changed")
    NOTICE_LINKED = "fees.notice_linked", _("Payment notice linked to fee order")
    PAYMENT_CREATED = "fees.payment_created", _("Online payment started")
    PAYMENT_CONFIRMED = "fees.payment_confirmed", _("Fee paid")
    PAYMENT_FAILED = "fees.payment_failed", _("Online payment failed")
    PAYMENT_DUPLICATE = "fees.payment_duplicate", _("Fee received twice")
    CALLBACK_REJECTED = "fees.callback_rejected", _("Payment notification rejected")
    CALLBACK_REJECTIONS_COUNTED = (
        "fees.callback_rejections_counted",
        _("Unsigned payment notifications rejected (hourly count)"),
    )
    RECEIPT_ISSUED = "fees.receipt_issued", _("E-receipt issued")
    RELIEF_APPLIED = "fees.relief_applied", _("Deferral, reduction or waiver applied for")
    RELIEF_APPROVED = "fees.relief_approved", _("Deferral, reduction or waiver approved")
    RELIEF_REFUSED = "fees.relief_refused", _("Deferral, reduction or waiver refused")
    REFUND_REQUESTED = "fees.refund_requested", _("Refund requested")
    REFUND_APPROVED = "fees.refund_approved", _("Refund approved")
    REFUND_REFUSED = "fees.refund_refused", _("Refund refused")
    OVERDUE_DECIDED = "fees.overdue_decided", _("Decision on unpaid fee recorded")


# --- one constructor per event: the payload's shape is written here once -------------------
# Every order event starts with the order's identity (order, reference, kind, payer, case
# number); amounts are Decimal and dates ISO strings once the ledger has encoded them.


def _order_event(
    event: str, order: Any, actor: Any, documents: Sequence[str] = (), **payload: Any
) -> Record:
    head = {
        "order": str(order.id),
        "reference": order.reference,
        "kind": order.kind,
        "payer": str(order.payer_id),
        "case_number": order.case.case_number,
    }
    return Record(
        event,
        {**head, **payload},
        actor=actor,
        court=order.court,
        case=order.case,
        documents=tuple(documents),
    )


def order_created(*, order: Any, actor: Any, due_date: Any, supplement_of: Any = None) -> Record:
    return _order_event(
        FeeEvent.ORDER_CREATED,
        order,
        actor,
        amount=order.amount,
        basis=order.basis,
        due_date=due_date,
        breakdown=order.breakdown,
        supplement_of=str(supplement_of.id) if supplement_of else None,
    )


def order_reassessed(
    *,
    order: Any,
    actor: Any,
    reason: str,
    old_amount: Any,
    old_assessed: Any = None,
    claim_amount: Any = None,
    procedure: str | None = None,
    **follow_up: Any,
) -> Record:
    """A new figure for an order: ``amount`` (and ``assessed``, the share before relief) as
    old/new; for a re-assessment of the claim also its basis, and what follows for a paid
    order (a supplement or a refund)."""
    payload: dict[str, Any] = {"reason": reason}
    if claim_amount is not None:
        payload |= {
            "claim_amount": claim_amount,
            "procedure": procedure,
            "assessed": change(old_assessed, order.assessed_amount),
            "basis": order.basis,
        }
    payload["amount"] = change(old_amount, order.amount)
    return _order_event(FeeEvent.ORDER_REASSESSED, order, actor, **payload, **follow_up)


def order_status_changed(*, order: Any, actor: Any, old: str, reason: str) -> Record:
    return _order_event(
        FeeEvent.ORDER_STATUS_CHANGED, order, actor, status=change(old, order.status), why=reason
    )


def notice_linked(*, order: Any, actor: Any, document: Any) -> Record:
    return _order_event(
        FeeEvent.NOTICE_LINKED, order, actor, (document.sha256,), notice=str(document.id)
    )


def _payment(payment: Any) -> dict[str, Any]:
    return {"payment": str(payment.id), "out_trade_no": payment.out_trade_no}


def payment_created(*, order: Any, actor: Any, payment: Any) -> Record:
    return _order_event(
        FeeEvent.PAYMENT_CREATED,
        order,
        actor,
        **_payment(payment),
        provider=payment.provider,
        amount=payment.amount,
    )


def payment_failed(*, order: Any, payment: Any, notice: str) -> Record:
    """``notice`` is the notification's digest, the entry's document: a replay adds nothing."""
    return _order_event(
        FeeEvent.PAYMENT_FAILED,
        order,
        None,
        (notice,),
        **_payment(payment),
        provider=payment.provider,
    )


def payment_duplicate(*, order: Any, payment: Any, transaction_id: str) -> Record:
    return _order_event(
        FeeEvent.PAYMENT_DUPLICATE,
        order,
        None,
        **_payment(payment),
        provider=payment.provider,
        amount=payment.amount,
        transaction_id=transaction_id,
    )


def payment_confirmed(*, order: Any, actor: Any, payment: Any) -> Record:
    return _order_event(
        FeeEvent.PAYMENT_CONFIRMED,
        order,
        actor,
        **_payment(payment),
        provider=payment.provider,
        transaction_id=payment.provider_txn_id,
        amount=payment.amount,
        currency=payment.currency,
        paid_at=payment.paid_at,
    )


def callback_rejected(
    *, order: Any, provider: str, reason: str, params: Any, notice: str = ""
) -> Record:
    """A refused provider notification, with what it claimed (cut to size); on the order's
    record when it names one, else on its own. ``notice`` (the notification's digest) is the
    entry's document, so the same notification is recorded once."""
    payload = {
        "provider": provider,
        "reason": reason,
        "out_trade_no": str(params.get("out_trade_no", ""))[:64],
        "transaction_id": str(params.get("transaction_id", ""))[:64],
        "amount": str(params.get("amount", ""))[:32],
        "currency": str(params.get("currency", ""))[:8],
    }
    documents = (notice,) if notice else ()
    if order is None:
        return Record(FeeEvent.CALLBACK_REJECTED, payload, documents=documents)
    return _order_event(FeeEvent.CALLBACK_REJECTED, order, None, documents, **payload)


def callback_rejections_counted(
    *, window_start: Any, window_seconds: int, first_reason: str, provider: str, previous: dict
) -> Record:
    """The hourly summary of unsigned rejections (counted in the cache, not one entry each)."""
    return Record(
        FeeEvent.CALLBACK_REJECTIONS_COUNTED,
        {
            "window_start": window_start,
            "window_seconds": window_seconds,
            "first_reason": first_reason,
            "provider": provider[:32],
            "previous_window_counts": previous,
        },
    )


def receipt_issued(*, order: Any, actor: Any, payment: Any, document: Any) -> Record:
    return _order_event(
        FeeEvent.RECEIPT_ISSUED,
        order,
        actor,
        (document.sha256,),
        payment=str(payment.id),
        receipt=str(document.id),
        verification_code=document.verification_code,
        amount=payment.amount,
    )


def relief_applied(*, order: Any, actor: Any, application: Any) -> Record:
    return _order_event(
        FeeEvent.RELIEF_APPLIED,
        order,
        actor,
        (application.proof_sha256,),
        application=str(application.id),
        relief=application.kind,
        percent=application.percent,
        until=application.until,
        reasons=application.reasons,
    )


def relief_decided(*, order: Any, actor: Any, application: Any, approved: bool) -> Record:
    return _order_event(
        FeeEvent.RELIEF_APPROVED if approved else FeeEvent.RELIEF_REFUSED,
        order,
        actor,
        application=str(application.id),
        relief=application.kind,
        note=application.decision_note,
        amount=order.amount,
        deferred_until=order.deferred_until,
    )


def refund_requested(*, order: Any, actor: Any, refund: Any) -> Record:
    return _order_event(
        FeeEvent.REFUND_REQUESTED,
        order,
        actor,
        refund=str(refund.id),
        amount=refund.amount,
        refund_reason=refund.reason,
        note=refund.note,
    )


def refund_decided(*, order: Any, actor: Any, refund: Any, approved: bool) -> Record:
    return _order_event(
        FeeEvent.REFUND_APPROVED if approved else FeeEvent.REFUND_REFUSED,
        order,
        actor,
        refund=str(refund.id),
        amount=refund.amount,
        refund_reason=refund.reason,
        refunded_total=order.refunded_amount,
    )


def overdue_decided(*, order: Any, actor: Any) -> Record:
    return _order_event(
        FeeEvent.OVERDUE_DECIDED,
        order,
        actor,
        decision=order.overdue_decision,
        note=order.overdue_note,
    )
