"""Payments: online payments with signed provider callbacks, and counter/bank transfers."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from yunting.ledger.models import DocumentRef
from yunting.ledger.services import record_event

from .. import events
from ..errors import CallbackRejection, FeeError, FeeErrorCode
from ..models import (
    FeeOrder,
    OrderStatus,
    Payment,
    PaymentStatus,
    Provider,
)
from ..providers import (
    CURRENCY,
    canonical_string,
    provider_get,
    provider_key,
    signature_valid,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User

from ..selectors import user_pays_for
from .common import (
    ensure_finance,
    money,
    new_trade_no,
    order_lock,
    order_transition,
)
from .receipts import receipt_issue_safely

logger = logging.getLogger(__name__)


@transaction.atomic
def payment_start(*, order: FeeOrder, user: User, provider_code: str) -> Payment:
    """The payer starts an online payment: a new payment number for the amount due now."""
    order = order_lock(order)
    if not user_pays_for(user, order.payer):
        raise FeeError(FeeErrorCode.NOT_PAYER)
    provider = provider_get(provider_code)
    if provider is None or not provider.online:
        raise FeeError(FeeErrorCode.PROVIDER_DISABLED)
    if not order.is_open:
        raise FeeError(FeeErrorCode.NOT_PAYABLE, status=order.get_status_display())
    if order.amount <= 0:
        raise FeeError(FeeErrorCode.NOTHING_DUE)
    payment = Payment.objects.create(
        order=order,
        provider=provider.code,
        out_trade_no=new_trade_no(),
        amount=order.amount,
        currency=CURRENCY,
        created_by=user,
    )
    record_event(events.payment_created(order=order, actor=user, payment=payment))
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


# Rejections a sender without the provider's key can cause (no valid signature, or no such
# payment): counted in the cache, never one ledger entry each. The ledger gets at most one
# summary per window, written by the first such rejection of a window, with the previous
# window's counts (docs/fees.md, "Callbacks").
ANONYMOUS_REJECTIONS = ("unknown_provider", "bad_signature", "unknown_order")
SUMMARY_WINDOW_SECONDS = 3600


def notice_digest(params: Mapping[str, str]) -> str:
    """SHA-256 of a notification as signed (canonical string and signature): its identity."""
    text = f"{canonical_string(params)}&sign={str(params.get('sign', '')).lower()}"
    return hashlib.sha256(text.encode()).hexdigest()


def _already_recorded(digest: str) -> bool:
    return DocumentRef.objects.filter(sha256=digest).exists()


def _reject_anonymous(code: CallbackRejection, provider_code: str) -> CallbackOutcome:
    window = int(time.time() // SUMMARY_WINDOW_SECONDS)
    key = f"fees-callback-anon:{window}:{code.value}"
    if not cache.add(key, 1, timeout=SUMMARY_WINDOW_SECONDS * 2):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=SUMMARY_WINDOW_SECONDS * 2)
    if cache.add(f"fees-callback-anon-summary:{window}", 1, timeout=SUMMARY_WINDOW_SECONDS * 2):
        previous = {
            reason: int(cache.get(f"fees-callback-anon:{window - 1}:{reason}", 0))
            for reason in ANONYMOUS_REJECTIONS
        }
        start = dt.datetime.fromtimestamp(window * SUMMARY_WINDOW_SECONDS, tz=dt.UTC)
        with transaction.atomic():
            record_event(
                events.callback_rejections_counted(
                    window_start=start,
                    window_seconds=SUMMARY_WINDOW_SECONDS,
                    first_reason=code.value,
                    provider=provider_code,
                    previous=previous,
                )
            )
    logger.warning("Payment notification rejected: %s (provider %r)", code, provider_code[:32])
    return CallbackOutcome(False, code)


def _reject(
    code: CallbackRejection, provider_code: str, params: Mapping[str, Any], order: FeeOrder
) -> CallbackOutcome:
    """Log a refused notification that carries the provider's valid signature in the ledger,
    once per notification (its digest is the entry's document: a replay adds nothing), in its
    own committed transaction (the 400 answer must not roll the evidence back)."""
    digest = notice_digest(params)
    rejected = events.callback_rejected(
        order=order, provider=provider_code, reason=code, params=params, notice=digest
    )
    with transaction.atomic():  # inside the callback's durable block, or on its own
        if not _already_recorded(digest):
            record_event(rejected)
    logger.warning("Payment notification rejected: %s %s", code, rejected.payload)
    return CallbackOutcome(False, code)


def payment_callback(*, provider_code: str, params: Mapping[str, Any]) -> CallbackOutcome:
    """Verify and apply an online provider's notification. Idempotent: the same notification
    again answers as before and adds nothing to the ledger; a forged, mismatched or unknown one
    is refused (counted; signed ones logged once); two racing notifications queue on the
    order's row lock and pay once."""
    params = {str(k): str(v) for k, v in params.items()}
    provider = provider_get(provider_code)
    if provider is None or not provider.online:
        return _reject_anonymous(CallbackRejection.UNKNOWN_PROVIDER, provider_code)
    if not signature_valid(params, key=provider_key(provider.code)):
        return _reject_anonymous(CallbackRejection.BAD_SIGNATURE, provider_code)
    found = (
        Payment.objects.filter(out_trade_no=params.get("out_trade_no", ""), provider=provider.code)
        .only("id", "order_id")
        .first()
    )
    if found is None:
        return _reject_anonymous(CallbackRejection.UNKNOWN_ORDER, provider_code)
    # durable: the provider is told "success" only for what is committed
    with transaction.atomic(durable=True):
        order = order_lock(FeeOrder(pk=found.order_id))
        payment = Payment.objects.select_for_update().get(pk=found.pk)
        txn = params.get("transaction_id", "").strip()
        if payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.DUPLICATE):
            if payment.provider_txn_id == txn:
                return CallbackOutcome(True, "already_applied", payment)
            return _reject(CallbackRejection.DIFFERENT_TRANSACTION, provider_code, params, order)
        amount = _parse_amount(params.get("amount"))
        if amount is None or amount != payment.amount:
            return _reject(CallbackRejection.AMOUNT_MISMATCH, provider_code, params, order)
        if params.get("currency") != payment.currency:
            return _reject(CallbackRejection.CURRENCY_MISMATCH, provider_code, params, order)
        if not txn or len(txn) > 64:
            return _reject(CallbackRejection.BAD_TRANSACTION_ID, provider_code, params, order)
        if Payment.objects.filter(provider=provider.code, provider_txn_id=txn).exists():
            return _reject(CallbackRejection.TRANSACTION_REUSED, provider_code, params, order)
        if params.get("status") != "SUCCESS":
            if payment.status == PaymentStatus.FAILED:  # a replay or a repeat: nothing new
                return CallbackOutcome(True, "already_applied", payment)
            payment.status = PaymentStatus.FAILED
            payment.save(update_fields=["status"])
            record_event(
                events.payment_failed(order=order, payment=payment, notice=notice_digest(params))
            )
            return CallbackOutcome(True, "failure_recorded", payment)
        payment.provider_txn_id = txn
        payment.paid_at = _paid_at(params.get("paid_at"))
        if not order.is_open or order.amount != payment.amount:
            # Money arrived for an order already settled (e.g. paid at the counter meanwhile):
            # keep it on record for the finance office to return; never apply it twice.
            payment.status = PaymentStatus.DUPLICATE
            payment.save(update_fields=["status", "provider_txn_id", "paid_at"])
            record_event(events.payment_duplicate(order=order, payment=payment, transaction_id=txn))
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
    order_transition(order, OrderStatus.PAID, actor=actor, reason="payment")
    order.paid_amount = payment.amount
    order.save()
    record_event(events.payment_confirmed(order=order, actor=actor, payment=payment))
    receipt_issue_safely(payment, actor)


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
        raise FeeError(FeeErrorCode.UNKNOWN_REFERENCE, reference=reference)
    ensure_finance(officer, found.court_id)
    order = order_lock(found)
    if not bank_txn_id:
        raise FeeError(FeeErrorCode.REASON_REQUIRED)
    if Payment.objects.filter(provider=Provider.COUNTER, provider_txn_id=bank_txn_id).exists():
        raise FeeError(FeeErrorCode.TRANSACTION_REUSED, txn=bank_txn_id)
    if not order.is_open:
        raise FeeError(FeeErrorCode.NOT_PAYABLE, status=order.get_status_display())
    if money(amount) != order.amount:
        raise FeeError(
            FeeErrorCode.AMOUNT_MISMATCH,
            given=money(amount),
            due=order.amount,
            reference=order.reference,
        )
    payment = Payment.objects.create(
        order=order,
        provider=Provider.COUNTER,
        out_trade_no=new_trade_no(),
        provider_txn_id=bank_txn_id,
        amount=order.amount,
        currency=CURRENCY,
        created_by=officer,
    )
    _apply_payment(order, payment, actor=officer)
    return payment
