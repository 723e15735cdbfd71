"""Assessing fees (services/assessment.py): acceptance fees on acceptance, split between
plaintiffs, application fees, re-assessment of unpaid and paid orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.calendar_oracle import last_day_after
from tests.fees.conftest import accept
from tests.fees.helpers import fee_events, pay_online
from yunting.fees import services
from yunting.fees.events import FeeEvent
from yunting.fees.models import (
    DecisionStatus,
    FeeKind,
    FeeOrder,
    OrderStatus,
    Refund,
    RefundReason,
)
from yunting.filing.services import PartyInput

pytestmark = pytest.mark.django_db


# --- assessment ---------------------------------------------------------------------------


def test_acceptance_creates_one_order_with_basis_breakdown_due_date_and_notice(demo, case):
    order = case.fee_orders.get()
    assert order.kind == FeeKind.ACCEPTANCE and order.status == OrderStatus.UNPAID
    assert order.amount == order.assessed_amount == Decimal("3300.00") == case.acceptance_fee
    assert "第十三条" in order.basis
    assert sum(Decimal(p["part_fee"]) for p in order.breakdown["breakdown"]) == Decimal("3300")
    assert order.due_date == last_day_after(order.notice_date, days=7)
    assert order.payer.role == "plaintiff" and order.payer.name == "张三"
    assert order.notice.template_code == "payment_notice"
    assert order.notice.extra["reference"] == order.reference
    assert order.notice.extra["fee"] == "3,300.00"
    created = fee_events(order, FeeEvent.ORDER_CREATED)
    assert len(created) == 1 and created[0].payload["amount"] == "3300.00"
    assert fee_events(order, FeeEvent.NOTICE_LINKED)[0].document_hashes == [order.notice.sha256]


def test_two_plaintiffs_split_the_fee_to_the_fen(demo, court):
    second = PartyInput(
        role="plaintiff",
        kind="person",
        name="王二",
        id_number="31010419900720102X",
        address="上海市静安区武定路1号",
    )
    case = accept(demo, court, amount="100000.50", extra_plaintiffs=[second])
    amounts = sorted(o.amount for o in case.fee_orders.all())
    assert case.acceptance_fee == Decimal("2300.01")
    assert amounts == [Decimal("1150.00"), Decimal("1150.01")]
    assert sum(amounts) == case.acceptance_fee
    assert case.documents.filter(template_code="payment_notice").count() == 2


def test_application_fees_are_assessed_by_staff(demo, case):
    payer = case.parties.get(role="plaintiff")
    judge = case.judge
    order = services.fee_order_assess_application(
        case=case, payer=payer, kind=FeeKind.PRESERVATION, amount=Decimal("100000"), actor=judge
    )
    assert order.amount == Decimal("1020.00") and order.due_date is not None
    execution = services.fee_order_assess_application(
        case=case, payer=payer, kind=FeeKind.EXECUTION, amount=Decimal("100000"), actor=judge
    )
    assert execution.amount == Decimal("1400.00")
    assert execution.due_date is None  # paid after execution (Art. 20)
    with pytest.raises(ValidationError) as not_staff:
        services.fee_order_assess_application(
            case=case,
            payer=payer,
            kind=FeeKind.PRESERVATION,
            amount=Decimal("1"),
            actor=demo["lawyer"],
        )
    assert not_staff.value.code == "not_staff"


# --- re-assessment ---------------------------------------------------------------------------


def test_reassessment_of_an_unpaid_order_changes_the_amount(demo, case):
    order = case.fee_orders.get()
    with pytest.raises(ValidationError) as not_judge:
        services.fee_reassess(case=case, judge=demo["lawyer"], reason="x")
    assert not_judge.value.code == "not_judge"
    with pytest.raises(ValidationError) as no_reason:
        services.fee_reassess(case=case, judge=case.judge, reason=" ")
    assert no_reason.value.code == "reason_required"
    services.fee_reassess(
        case=case,
        judge=case.judge,
        reason="claim_changed: 增加诉请",
        claim_amount=Decimal("1000000"),
    )
    order.refresh_from_db()
    case.refresh_from_db()
    assert order.amount == Decimal("13800.00") and case.acceptance_fee == Decimal("13800.00")
    services.fee_reassess(case=case, judge=case.judge, reason="简易程序", procedure="summary")
    order.refresh_from_db()
    assert order.amount == Decimal("1650.00")  # 150,000 claimed, halved
    changes = fee_events(order, FeeEvent.ORDER_REASSESSED)
    assert [c.payload["amount"]["new"] for c in changes] == ["13800.00", "1650.00"]
    assert changes[0].payload["amount"]["old"] == "3300.00"


def test_reassessment_of_a_paid_order_adds_a_supplement_or_a_refund(demo, client, case):
    order = case.fee_orders.get()
    pay_online(client, order, demo["lawyer"])
    services.fee_reassess(
        case=case, judge=case.judge, reason="增加诉请", claim_amount=Decimal("200000")
    )
    supplement = FeeOrder.objects.get(case=case, kind=FeeKind.SUPPLEMENT)
    assert supplement.amount == Decimal("1000.00") and supplement.supplement_of == order
    assert supplement.due_date is not None
    services.fee_reassess(
        case=case, judge=case.judge, reason="减少诉请", claim_amount=Decimal("100000")
    )
    # 2,300 is due now: the unpaid 1,000 difference is cancelled and 1,000 goes back.
    supplement.refresh_from_db()
    assert supplement.status == OrderStatus.CANCELLED and supplement.amount == Decimal("0.00")
    refund = Refund.objects.get(order=order)
    assert refund.reason == RefundReason.REASSESSMENT and refund.amount == Decimal("1000.00")
    assert refund.status == DecisionStatus.PENDING


def test_the_prepayment_deadline_is_hand_computed_across_national_day(demo, court):
    """Notice on Monday 28 September 2026: seven days end on 5 October, inside the National
    Day holiday (1–7 October), so the deadline is Thursday 8 October 2026."""
    from tests.cases.factories import make_case

    case = make_case(court=court, actor=demo["filing_officer"])
    orders = services.fee_orders_assess_acceptance(
        case=case, actor=demo["filing_officer"], notice_date=dt.date(2026, 9, 28)
    )
    assert [o.due_date for o in orders] == [dt.date(2026, 10, 8)]
    plain = make_case(court=court, actor=demo["filing_officer"])
    orders = services.fee_orders_assess_acceptance(
        case=plain, actor=demo["filing_officer"], notice_date=dt.date(2026, 3, 2)
    )
    assert [o.due_date for o in orders] == [dt.date(2026, 3, 9)]  # a Monday: no shift


@pytest.mark.parametrize(
    ("procedure", "fee"),
    [
        # 50,000 yuan: 50 for the first 10,000 + 2.5 % of 40,000 = 1,050 (Art. 13) ...
        ("ordinary", Decimal("1050.00")),
        # ... halved in summary and in small-claims procedure (Art. 16).
        ("summary", Decimal("525.00")),
        ("small_claims", Decimal("525.00")),
    ],
)
def test_acceptance_in_small_claims_procedure_halves_the_fee(demo, court, procedure, fee):
    case = accept(demo, court, amount="50000", procedure=procedure)
    order = case.fee_orders.get()
    assert case.procedure == procedure
    assert case.acceptance_fee == fee and order.amount == order.assessed_amount == fee
    assert order.notice.extra["fee"] == f"{fee:,.2f}"


def test_reassessment_after_a_relief_reduction_keeps_the_reduction(demo, order):
    """Reduced by 40 %: 3,300 → 1,980. The claim then rises to 1,000,000 (fee 13,800): the
    payer owes 60 % of the new fee, 8,280.00, not the full 13,800."""
    from tests.filing.factories import cached_pdf

    application = services.relief_apply(
        order=order,
        user=demo["lawyer"],
        kind="reduction",
        reasons="家庭经济困难",
        proof_name="证明.pdf",
        proof_data=cached_pdf("困难证明"),
        percent=Decimal("40"),
    )
    services.relief_decide(application=application, judge=order.case.judge, approve=True)
    order.refresh_from_db()
    assert (order.status, order.amount) == (OrderStatus.REDUCED, Decimal("1980.00"))
    services.fee_reassess(
        case=order.case,
        judge=order.case.judge,
        reason="增加诉请",
        claim_amount=Decimal("1000000"),
    )
    order.refresh_from_db()
    assert order.assessed_amount == Decimal("13800.00")
    assert order.relief_percent == Decimal("40.00")
    assert order.amount == Decimal("8280.00")
    change = fee_events(order, FeeEvent.ORDER_REASSESSED)[-1].payload
    assert (change["amount"]["old"], change["amount"]["new"]) == ("1980.00", "8280.00")
