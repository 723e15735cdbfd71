"""Payloads of the fee events not pinned in tests/ledger/test_event_payloads.py: a signed but
mismatched notification, a refused refund, an approved relief."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.fees.conftest import accept, signed
from tests.filing.factories import cached_pdf
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.fees import services as fees
from yunting.fees.events import FeeEvent
from yunting.fees.models import RefundReason
from yunting.fees.services.payments import notice_digest

pytestmark = pytest.mark.django_db


def _head(order) -> dict:
    return {
        "order": str(order.id),
        "reference": order.reference,
        "kind": order.kind,
        "payer": str(order.payer_id),
        "case_number": order.case.case_number,
    }


def _at(order, actor) -> dict:
    return {
        "case_id": order.case_id,
        "court_id": order.court_id,
        "actor_id": actor.id if actor else None,
    }


@covers(FeeEvent.CALLBACK_REJECTED)
def test_callback_rejected_event(demo, court):
    order = accept(demo, court).fee_orders.get()
    payment = fees.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    params = signed(payment, amount="3299.99")
    with recorded() as entries:
        outcome = fees.payment_callback(provider_code="test", params=params)
    assert not outcome.ok
    entry = assert_event(
        entries,
        FeeEvent.CALLBACK_REJECTED,
        _head(order)
        | {
            "provider": "test",
            "reason": "amount_mismatch",
            "out_trade_no": payment.out_trade_no,
            "transaction_id": "TXN-0001",
            "amount": "3299.99",
            "currency": params.get("currency", ""),
        },
        **_at(order, None),
    )
    assert entry.document_hashes == [notice_digest({k: str(v) for k, v in params.items()})]


@covers(FeeEvent.REFUND_REFUSED)
def test_refund_refused_event(demo, court):
    case = accept(demo, court)
    order = case.fee_orders.get()
    finance = demo["finance_officer"]
    fees.payment_confirm_transfer(
        officer=finance, reference=order.reference, amount=Decimal("3300"), bank_txn_id="B1"
    )
    refund = fees.refund_request(order=order, actor=case.judge, reason=RefundReason.MEDIATION)
    with recorded() as entries:
        fees.refund_decide(refund=refund, officer=finance, approve=False)
    assert_event(
        entries,
        FeeEvent.REFUND_REFUSED,
        _head(order)
        | {
            "refund": str(refund.id),
            "amount": "1650.00",
            "refund_reason": RefundReason.MEDIATION,
            "refunded_total": "0.00",
        },
        **_at(order, finance),
    )


@covers(FeeEvent.RELIEF_APPROVED)
def test_relief_approved_event(demo, court):
    case = accept(demo, court)
    order = case.fee_orders.get()
    until = order.due_date + dt.timedelta(days=30)
    application = fees.relief_apply(
        order=order,
        user=demo["lawyer"],
        kind="deferral",
        reasons="家庭经济困难。",
        proof_name="证明.pdf",
        proof_data=cached_pdf("证明"),
        until=until,
    )
    with recorded() as entries:
        fees.relief_decide(application=application, judge=case.judge, approve=True, note="准予缓交")
    order.refresh_from_db()
    assert order.deferred_until == until
    assert_event(
        entries,
        FeeEvent.RELIEF_APPROVED,
        _head(order)
        | {
            "application": str(application.id),
            "relief": "deferral",
            "note": "准予缓交",
            "amount": "3300.00",
            "deferred_until": until.isoformat(),
        },
        **_at(order, case.judge),
    )
