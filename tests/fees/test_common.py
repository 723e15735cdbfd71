"""The shared order state machine and its ledger records (services/common.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.fees.helpers import fee_events, pay_online
from yunting.fees import services
from yunting.fees.events import FeeEvent
from yunting.fees.models import (
    OrderStatus,
    RefundReason,
)
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


# --- ledger ----------------------------------------------------------------------------------


def test_every_transition_is_in_the_ledger(demo, client, order):
    pay_online(client, order, demo["lawyer"])
    judge = order.case.judge
    finance = demo["finance_officer"]
    for reason in (RefundReason.MEDIATION, RefundReason.LOSER_BEARS):
        order.refresh_from_db()
        refund = services.refund_request(order=order, actor=judge, reason=reason)
        services.refund_decide(refund=refund, officer=finance, approve=True)
    order.refresh_from_db()
    moves = [
        (e.payload["status"]["old"], e.payload["status"]["new"])
        for e in fee_events(order, FeeEvent.ORDER_STATUS_CHANGED)
    ]
    assert moves == [
        ("unpaid", "paid"),
        ("paid", "partially_refunded"),
        ("partially_refunded", "refunded"),
    ]
    assert moves[-1][1] == order.status
    types = {e.event_type for e in fee_events(order)}
    assert {
        FeeEvent.ORDER_CREATED,
        FeeEvent.NOTICE_LINKED,
        FeeEvent.PAYMENT_CREATED,
        FeeEvent.PAYMENT_CONFIRMED,
        FeeEvent.RECEIPT_ISSUED,
        FeeEvent.REFUND_REQUESTED,
        FeeEvent.REFUND_APPROVED,
    } <= types


def test_illegal_transition_raises_and_changes_nothing(demo, order):
    from yunting.fees.services.common import order_transition

    order.status = OrderStatus.WAIVED
    before = Entry.objects.count()
    with pytest.raises(ValidationError) as exc:
        order_transition(order, OrderStatus.PAID, actor=None, reason="test")
    assert exc.value.code == "illegal_transition" and order.status == OrderStatus.WAIVED
    assert Entry.objects.count() == before
