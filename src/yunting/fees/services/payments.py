"""Payments: online payments with signed provider callbacks, and counter/bank transfers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from yunting.ledger.services import record

from .. import errors
from ..errors import FeeError
from ..events import FeeEvent
from ..models import (
    FeeOrder,
    OrderStatus,
    Payment,
    PaymentStatus,
    Provider,
)
from ..providers import CURRENCY, provider_get, provider_key, signature_valid

if TYPE_CHECKING:
    from yunting.accounts.models import User

from ._common import (
    _ensure_finance,
    _lock,
    _new_trade_no,
    _record,
    _transition,
    money,
    user_pays_for,
)
from .receipts import _issue_receipt_safely

logger = logging.getLogger(__name__)


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
