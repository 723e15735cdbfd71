"""Staff of another court (沪0106) see none of 沪0105's fee orders, payments, reliefs and
refunds (selectors.py), and the fee services refuse them (the court condition of
``services/common.py``'s staff check). Each negative check has its positive twin for the
case's own court, so an empty answer cannot come from a broken fixture."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from tests.fees.helpers import pay_online
from yunting.cases.models import Case
from yunting.fees import selectors, services
from yunting.fees.errors import FeeError
from yunting.fees.models import FeeKind, FeeOrder, RefundReason
from yunting.fees.services import common

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(demo, client, order):
    """The case's order, paid online (a payment with a receipt)."""
    payment, _params, response = pay_online(client, order, demo["lawyer"])
    assert response.status_code == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    return order, payment


def test_order_and_payment_reads_are_404_for_staff_of_another_court(demo, jingan, paid):
    order, payment = paid
    for role in ("judge", "filing_officer", "finance_officer", "court_admin", "clerk"):
        outsider = jingan[role]
        with pytest.raises(Http404):
            selectors.order_get_for_user(user=outsider, order_id=order.id)
        with pytest.raises(Http404):
            selectors.payment_get_for_user(user=outsider, payment_id=payment.id)
        assert not selectors.case_orders(user=outsider, case=order.case).exists()
        assert not selectors.orders_for_payer(user=outsider).exists()
        with pytest.raises(Http404):
            selectors.payment_by_trade_no_for_payer(
                user=outsider, out_trade_no=payment.out_trade_no
            )
    # The case's own court sees them.
    judge = order.case.judge
    assert selectors.order_get_for_user(user=judge, order_id=order.id) == order
    assert selectors.payment_get_for_user(user=judge, payment_id=payment.id) == payment
    assert list(selectors.case_orders(user=judge, case=order.case)) == [order]


def test_finance_queues_and_reconciliation_of_another_court_are_empty(demo, jingan, paid):
    order, _payment = paid
    unpaid = services.fee_order_assess_application(
        case=order.case,
        payer=order.payer,
        kind=FeeKind.PRESERVATION,
        amount=Decimal("100000"),
        actor=order.case.judge,
    )
    refund = services.refund_request(
        order=order, actor=order.case.judge, reason=RefundReason.MEDIATION
    )
    outsider = jingan["finance_officer"]
    assert not selectors.refunds_pending_for_finance(user=outsider).exists()
    assert not selectors.orders_awaiting_transfer(user=outsider).exists()
    report = selectors.reconciliation(courts=[jingan["court"]], day=timezone.localdate())
    assert report.rows == [] and report.total_paid == 0 and report.total_outstanding == 0
    finance = demo["finance_officer"]
    assert list(selectors.refunds_pending_for_finance(user=finance)) == [refund]
    assert list(selectors.orders_awaiting_transfer(user=finance)) == [unpaid]


def test_judge_queues_of_another_court_are_empty_even_for_unassigned_cases(
    demo, jingan, order, lawyer_relief
):
    """Unassigned cases are shown to every judge of *their* court: not to another court's."""
    Case.objects.filter(pk=order.case_id).update(judge=None)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    FeeOrder.objects.filter(pk=order.pk).update(due_date=yesterday)
    outsider = jingan["judge"]
    assert not selectors.orders_overdue_for_judge(user=outsider).exists()
    assert not selectors.reliefs_pending_for_judge(user=outsider).exists()
    own = demo["judge"]
    assert list(selectors.orders_overdue_for_judge(user=own)) == [order]
    assert list(selectors.reliefs_pending_for_judge(user=own)) == [lawyer_relief]


@pytest.fixture
def lawyer_relief(demo, order):
    from tests.filing.factories import cached_pdf

    return services.relief_apply(
        order=order,
        user=demo["lawyer"],
        kind="reduction",
        reasons="家庭困难",
        proof_name="证明.pdf",
        proof_data=cached_pdf("困难证明"),
        percent=Decimal("50"),
    )


def test_the_staff_check_holds_the_court(demo, jingan, order):
    """``_staff_at``: a role at another court is not a role at this one."""
    assert common.staff_at(demo["finance_officer"], order.court_id, common.FINANCE_ROLES)
    assert not common.staff_at(jingan["finance_officer"], order.court_id, common.FINANCE_ROLES)
    assert not common.staff_at(jingan["judge"], order.court_id)


def test_fee_services_refuse_staff_of_another_court(demo, jingan, client, order):
    case = order.case
    with pytest.raises(FeeError) as exc:
        services.fee_order_assess_application(
            case=case,
            payer=order.payer,
            kind=FeeKind.PRESERVATION,
            amount=Decimal("100000"),
            actor=jingan["judge"],
        )
    assert exc.value.code == "not_staff"
    with pytest.raises(FeeError) as exc:
        services.payment_confirm_transfer(
            officer=jingan["finance_officer"],
            reference=order.reference,
            amount=order.amount,
            bank_txn_id="JA-1",
        )
    assert exc.value.code == "not_finance"
    pay_online(client, order, demo["lawyer"])
    order.refresh_from_db()
    for outsider in (jingan["judge"], jingan["finance_officer"], jingan["judge_assistant"]):
        with pytest.raises(FeeError) as exc:
            services.refund_request(order=order, actor=outsider, reason=RefundReason.MEDIATION)
        assert exc.value.code == "not_staff"
    refund = services.refund_request(order=order, actor=case.judge, reason=RefundReason.MEDIATION)
    with pytest.raises(FeeError) as exc:
        services.refund_decide(refund=refund, officer=jingan["finance_officer"], approve=True)
    assert exc.value.code == "not_finance"
    # With no judge assigned any judge *of the court* may act: not one of another court.
    Case.objects.filter(pk=case.pk).update(judge=None)
    case.refresh_from_db()
    with pytest.raises(FeeError) as exc:
        services.fee_reassess(case=case, judge=jingan["judge"], reason="变更诉请")
    assert exc.value.code == "not_judge"
    refund.refresh_from_db()
    assert refund.status == "pending"
