"""Refunds (services/refunds.py), requested by staff and approved by the finance office."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.fees.helpers import pay_online
from yunting.fees import services
from yunting.fees.errors import FeeError
from yunting.fees.models import (
    DecisionStatus,
    OrderStatus,
    Refund,
    RefundReason,
)
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


# --- refunds ---------------------------------------------------------------------------------


def test_refund_larger_than_paid_is_refused(demo, client, order):
    judge = order.case.judge
    with pytest.raises(ValidationError) as unpaid:
        services.refund_request(order=order, actor=judge, reason="other", amount=Decimal("1"))
    assert unpaid.value.code == "refund_not_paid"
    pay_online(client, order, demo["lawyer"])
    order.refresh_from_db()
    with pytest.raises(ValidationError) as too_large:
        services.refund_request(order=order, actor=judge, reason="other", amount=Decimal("3300.01"))
    assert too_large.value.code == "refund_too_large"
    half = services.refund_request(order=order, actor=judge, reason=RefundReason.WITHDRAWAL)
    assert half.amount == Decimal("1650.00")
    # Pending refunds count: asking for the whole fee again is too much.
    with pytest.raises(ValidationError) as pending:
        services.refund_request(order=order, actor=judge, reason="loser_bears")
    assert pending.value.code == "refund_too_large"
    with pytest.raises(ValidationError) as not_finance:  # the finance officer approves
        services.refund_decide(refund=half, officer=judge, approve=True)
    assert not_finance.value.code == "not_finance"
    services.refund_decide(refund=half, officer=demo["finance_officer"], approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert order.refunded_amount == Decimal("1650.00")
    rest = services.refund_request(order=order, actor=judge, reason=RefundReason.LOSER_BEARS)
    assert rest.amount == Decimal("1650.00")
    services.refund_decide(refund=rest, officer=demo["finance_officer"], approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    with pytest.raises(ValidationError) as nothing_left:
        services.refund_request(order=order, actor=judge, reason="other", amount=Decimal("0.01"))
    assert nothing_left.value.code == "refund_too_large"


# --- money integrity -------------------------------------------------------------------------


def test_a_refund_approved_twice_is_paid_back_once(demo, client, order):
    pay_online(client, order, demo["lawyer"])
    order.refresh_from_db()
    half = services.refund_request(order=order, actor=order.case.judge, reason="mediation")
    finance = demo["finance_officer"]
    services.refund_decide(refund=half, officer=finance, approve=True)
    entries = Entry.objects.count()
    for approve in (True, False):
        with pytest.raises(FeeError) as again:
            services.refund_decide(refund=half, officer=finance, approve=approve)
        assert again.value.code == "already_decided"
    order.refresh_from_db()
    half.refresh_from_db()
    assert order.refunded_amount == Decimal("1650.00")
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert half.status == DecisionStatus.APPROVED
    assert Entry.objects.count() == entries


def test_a_refund_is_requested_by_court_staff_only(demo, client, order):
    pay_online(client, order, demo["lawyer"])
    order.refresh_from_db()
    payer_side = [demo["lawyer"], order.payer.user or demo["litigant"], demo["litigant"]]
    for person in payer_side:
        with pytest.raises(FeeError) as refused:
            services.refund_request(order=order, actor=person, reason="mediation")
        assert refused.value.code == "not_staff"
    assert not Refund.objects.filter(order=order).exists()
    # Judge, assistant, filing officer and finance officer of the court may.
    refund = services.refund_request(
        order=order, actor=demo["judge_assistant"], reason="other", amount=Decimal("1")
    )
    assert refund.requested_by == demo["judge_assistant"]
