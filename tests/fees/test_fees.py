"""Fee orders end to end through the services and pages: assessment on acceptance, online
payment callbacks (forged, replayed, mismatched, unknown, racing), counter transfers,
receipts, relief, refunds, re-assessment, the overdue queue, reconciliation and scoping."""

from __future__ import annotations

import datetime as dt
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.http import Http404
from django.utils import timezone

from tests.fees.conftest import CALLBACK, accept, signed
from tests.filing.factories import cached_pdf
from yunting.accounts.models import User
from yunting.cases.models import Party
from yunting.documents.verification import verify_pdf
from yunting.fees import selectors, services
from yunting.fees.events import FeeEvent
from yunting.fees.models import (
    DecisionStatus,
    FeeKind,
    FeeOrder,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundReason,
)
from yunting.filing.services import PartyInput
from yunting.ledger.models import Entry
from yunting.rules.deadlines import period_end

pytestmark = pytest.mark.django_db


def other_litigant() -> User:
    return User.objects.get(phone="13900000002")  # 李四: no part in these cases


def fee_events(order: FeeOrder, event: str | None = None) -> list[Entry]:
    entries = Entry.objects.filter(case_id=order.case_id, event_type__startswith="fees.")
    if event:
        entries = entries.filter(event_type=event)
    return [e for e in entries.order_by("seq") if e.payload.get("order") == str(order.id)]


def pay_online(client, order, user, **overrides):
    payment = services.payment_start(order=order, user=user, provider_code="test")
    params = signed(payment, **overrides)
    return payment, params, client.post(CALLBACK, params)


# --- assessment ---------------------------------------------------------------------------


def test_acceptance_creates_one_order_with_basis_breakdown_due_date_and_notice(demo, case):
    order = case.fee_orders.get()
    assert order.kind == FeeKind.ACCEPTANCE and order.status == OrderStatus.UNPAID
    assert order.amount == order.assessed_amount == Decimal("3300.00") == case.acceptance_fee
    assert "第十三条" in order.basis
    assert sum(Decimal(p["part_fee"]) for p in order.breakdown["breakdown"]) == Decimal("3300")
    assert order.due_date == period_end(timezone.localdate(), days=7).date
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
    with pytest.raises(ValidationError):
        services.fee_order_assess_application(
            case=case,
            payer=payer,
            kind=FeeKind.PRESERVATION,
            amount=Decimal("1"),
            actor=demo["lawyer"],
        )


# --- online payment -------------------------------------------------------------------------


def test_signed_callback_pays_once_issues_a_verifiable_receipt(demo, client, order):
    payment, _params, response = pay_online(client, order, demo["lawyer"])
    assert response.status_code == 200 and response.content == b"success"
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.paid_amount == Decimal("3300.00")
    assert payment.status == PaymentStatus.SUCCEEDED and payment.provider_txn_id == "TXN-0001"
    receipt = payment.receipt
    assert receipt.template_code == "fee_receipt" and receipt.recipient_id == order.payer_id
    assert receipt.extra["amount"] == "3,300.00" and receipt.extra["receipt_number"]
    from django.core.files.storage import default_storage

    with default_storage.open(receipt.storage_path, "rb") as fh:
        report = verify_pdf(fh.read())
    assert report.valid
    confirmed = fee_events(order, FeeEvent.PAYMENT_CONFIRMED)
    assert len(confirmed) == 1 and confirmed[0].payload["amount"] == "3300.00"
    assert fee_events(order, FeeEvent.RECEIPT_ISSUED)[0].document_hashes == [receipt.sha256]


def test_forged_signature_is_rejected_and_logged(demo, client, order):
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    params = signed(payment)
    params["sign"] = "0" * 64
    response = client.post(CALLBACK, params)
    assert response.status_code == 400 and b"bad_signature" in response.content
    # Tampering with a signed field breaks the signature too.
    params = signed(payment)
    params["amount"] = "0.01"
    assert client.post(CALLBACK, params).status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID
    rejected = Entry.objects.filter(event_type=FeeEvent.CALLBACK_REJECTED)
    assert [e.payload["reason"] for e in rejected] == ["bad_signature", "bad_signature"]


def test_a_flood_of_bad_callbacks_is_cut_off_without_growing_the_ledger(demo, client, order):
    from django.core.cache import cache

    from yunting.fees.views_pay import CALLBACK_REJECTIONS_PER_MINUTE

    cache.clear()
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    forged = signed(payment) | {"sign": "0" * 64}
    for _ in range(CALLBACK_REJECTIONS_PER_MINUTE):
        assert client.post(CALLBACK, forged).status_code == 400
    logged = Entry.objects.filter(event_type=FeeEvent.CALLBACK_REJECTED).count()
    assert logged == CALLBACK_REJECTIONS_PER_MINUTE
    response = client.post(CALLBACK, forged)
    assert response.status_code == 429
    assert Entry.objects.filter(event_type=FeeEvent.CALLBACK_REJECTED).count() == logged
    cache.clear()


def test_replayed_callback_changes_nothing_and_answers_success(demo, client, order):
    _payment, params, first = pay_online(client, order, demo["lawyer"])
    assert first.status_code == 200
    entries = Entry.objects.count()
    for _ in range(3):
        again = client.post(CALLBACK, params)
        assert again.status_code == 200 and again.content == b"success"
    assert Entry.objects.count() == entries
    assert Payment.objects.filter(order=order, status=PaymentStatus.SUCCEEDED).count() == 1
    order.refresh_from_db()
    assert order.paid_amount == Decimal("3300.00")


def test_amount_or_currency_mismatch_is_rejected_and_logged(demo, client, order):
    payment, _params, response = pay_online(client, order, demo["lawyer"], amount="3299.99")
    assert response.status_code == 400 and b"amount_mismatch" in response.content
    params = signed(payment, currency="USD")
    assert b"currency_mismatch" in client.post(CALLBACK, params).content
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID
    reasons = [e.payload["reason"] for e in fee_events(order, FeeEvent.CALLBACK_REJECTED)]
    assert reasons == ["amount_mismatch", "currency_mismatch"]


def test_callback_for_an_unknown_order_is_rejected(demo, client, order):
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    params = signed(payment)
    from yunting.fees.providers import notification_for, provider_key

    params = notification_for(
        out_trade_no="YT20990101000000" + "12345678",
        transaction_id="TXN-X",
        amount="3300.00",
        paid_at="2026-11-22T00:00:00Z",
        key=provider_key("test"),
    )
    response = client.post(CALLBACK, params)
    assert response.status_code == 400 and b"unknown_order" in response.content
    assert client.post("/fees/callback/nosuch/", params).status_code == 400
    entries = Entry.objects.filter(event_type=FeeEvent.CALLBACK_REJECTED)
    assert {e.payload["reason"] for e in entries} == {"unknown_order", "unknown_provider"}


def test_a_second_transaction_for_a_paid_payment_is_refused(demo, client, order):
    payment, _params, _ = pay_online(client, order, demo["lawyer"])
    other = signed(payment, transaction_id="TXN-0002")
    response = client.post(CALLBACK, other)
    assert response.status_code == 400 and b"different_transaction" in response.content
    order.refresh_from_db()
    assert order.paid_amount == Decimal("3300.00")


def test_failed_payment_is_recorded_and_the_order_stays_payable(demo, client, order):
    payment, _params, response = pay_online(client, order, demo["lawyer"], status="FAILED")
    assert response.status_code == 200
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED and order.status == OrderStatus.UNPAID
    assert fee_events(order, FeeEvent.PAYMENT_FAILED)


def test_money_for_an_order_already_paid_is_kept_as_duplicate(demo, client, order):
    first = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    second = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    assert client.post(CALLBACK, signed(first, transaction_id="A")).status_code == 200
    assert client.post(CALLBACK, signed(second, transaction_id="B")).status_code == 200
    second.refresh_from_db()
    order.refresh_from_db()
    assert second.status == PaymentStatus.DUPLICATE and order.paid_amount == Decimal("3300.00")
    assert fee_events(order, FeeEvent.PAYMENT_DUPLICATE)


def test_only_the_payer_side_can_start_a_payment(demo, order):
    with pytest.raises(ValidationError):
        services.payment_start(order=order, user=other_litigant(), provider_code="test")
    with pytest.raises(ValidationError):
        services.payment_start(order=order, user=demo["lawyer"], provider_code="counter")


# --- counter / bank transfer ---------------------------------------------------------------


def test_finance_confirms_a_transfer_by_reference_and_exact_amount(demo, order):
    finance = demo["finance_officer"]
    with pytest.raises(ValidationError) as wrong:
        services.payment_confirm_transfer(
            officer=finance, reference=order.reference, amount=Decimal("3000"), bank_txn_id="B1"
        )
    assert wrong.value.code == "amount_mismatch"
    with pytest.raises(ValidationError):
        services.payment_confirm_transfer(
            officer=demo["judge"],
            reference=order.reference,
            amount=Decimal("3300"),
            bank_txn_id="B1",
        )
    payment = services.payment_confirm_transfer(
        officer=finance,
        reference=order.reference.lower(),
        amount=Decimal("3300.00"),
        bank_txn_id="B1",
    )
    assert payment.receipt.issued_by == finance
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    with pytest.raises(ValidationError) as again:
        services.payment_confirm_transfer(
            officer=finance, reference=order.reference, amount=Decimal("3300"), bank_txn_id="B2"
        )
    assert again.value.code == "not_payable"


# --- concurrency (PostgreSQL) ----------------------------------------------------------------


def _race(n: int, work) -> list:
    results: list = []
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # collected and asserted on
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_callbacks_pay_once_on_postgresql(demo, court):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    case = accept(demo, court)
    order = case.fee_orders.get()
    payment = services.payment_start(order=order, user=demo["lawyer"], provider_code="test")
    same = signed(payment, transaction_id="SAME")
    outcomes = _race(4, lambda i: services.payment_callback(provider_code="test", params=same))
    assert all(o.ok for o in outcomes), outcomes
    assert sorted(o.code for o in outcomes) == ["already_applied"] * 3 + ["applied"]
    # Different transactions racing for the same payment: one wins, the others are refused.
    order2 = accept(demo, court).fee_orders.get()
    payment2 = services.payment_start(order=order2, user=demo["lawyer"], provider_code="test")
    notes = [signed(payment2, transaction_id=f"T{i}") for i in range(3)]
    outcomes = _race(3, lambda i: services.payment_callback(provider_code="test", params=notes[i]))
    assert sum(1 for o in outcomes if o.ok) == 1
    for o in (order, order2):
        o.refresh_from_db()
        assert o.status == OrderStatus.PAID
        assert len(fee_events(o, FeeEvent.PAYMENT_CONFIRMED)) == 1
        assert Payment.objects.filter(order=o, status=PaymentStatus.SUCCEEDED).count() == 1


# --- relief ----------------------------------------------------------------------------------


def _apply(order, user, kind, **kw):
    return services.relief_apply(
        order=order,
        user=user,
        kind=kind,
        reasons="家庭经济困难，有低保证明。",
        proof_name="低保证明.pdf",
        proof_data=kw.pop("proof", cached_pdf("低保证明")),
        **kw,
    )


def test_reduction_below_30_percent_is_refused_and_30_is_approved(demo, order):
    lawyer = demo["lawyer"]
    with pytest.raises(ValidationError) as small:
        _apply(order, lawyer, "reduction", percent=Decimal("20"))
    assert small.value.code == "reduction_too_small"
    with pytest.raises(ValidationError) as bad_proof:
        _apply(order, lawyer, "reduction", percent=Decimal("30"), proof=b"MZ\0\0not a pdf")
    assert bad_proof.value.code == "bad_type"
    application = _apply(order, lawyer, "reduction", percent=Decimal("30"))
    with pytest.raises(ValidationError):  # only the judge of the case decides
        services.relief_decide(application=application, judge=demo["lawyer"], approve=True)
    services.relief_decide(application=application, judge=order.case.judge, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.REDUCED and order.amount == Decimal("2310.00")
    assert fee_events(order, FeeEvent.RELIEF_APPROVED)


def test_an_organisation_cannot_be_fully_exempted_a_person_can(demo, court):
    case = accept(demo, court)
    order = case.fee_orders.get()
    Party.objects.filter(pk=order.payer_id).update(kind="organisation")
    order.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _apply(order, demo["lawyer"], "waiver")
    assert refused.value.code == "waiver_person_only"
    Party.objects.filter(pk=order.payer_id).update(kind="person")
    order = FeeOrder.objects.get(pk=order.pk)
    application = _apply(order, demo["lawyer"], "waiver")
    services.relief_decide(application=application, judge=case.judge, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.WAIVED and order.amount == Decimal("0.00")


def test_deferral_moves_the_deadline_and_a_refusal_changes_nothing(demo, order):
    lawyer = demo["lawyer"]
    with pytest.raises(ValidationError):
        _apply(order, lawyer, "deferral", until=order.due_date)
    refused = _apply(order, lawyer, "deferral", until=order.due_date + dt.timedelta(days=30))
    services.relief_decide(application=refused, judge=order.case.judge, approve=False)
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID and refused.order.deferred_until is None
    approved = _apply(order, lawyer, "deferral", until=order.due_date + dt.timedelta(days=30))
    services.relief_decide(application=approved, judge=order.case.judge, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.DEFERRED
    assert order.pay_by == order.due_date + dt.timedelta(days=30)
    with pytest.raises(ValidationError):
        services.relief_decide(application=approved, judge=order.case.judge, approve=True)


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
    with pytest.raises(ValidationError):
        services.refund_request(order=order, actor=judge, reason="loser_bears")
    with pytest.raises(ValidationError):  # the finance officer approves, not the judge
        services.refund_decide(refund=half, officer=judge, approve=True)
    services.refund_decide(refund=half, officer=demo["finance_officer"], approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert order.refunded_amount == Decimal("1650.00")
    rest = services.refund_request(order=order, actor=judge, reason=RefundReason.LOSER_BEARS)
    assert rest.amount == Decimal("1650.00")
    services.refund_decide(refund=rest, officer=demo["finance_officer"], approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    with pytest.raises(ValidationError):
        services.refund_request(order=order, actor=judge, reason="other", amount=Decimal("0.01"))


# --- re-assessment ---------------------------------------------------------------------------


def test_reassessment_of_an_unpaid_order_changes_the_amount(demo, case):
    order = case.fee_orders.get()
    with pytest.raises(ValidationError):
        services.fee_reassess(case=case, judge=demo["lawyer"], reason="x")
    with pytest.raises(ValidationError):
        services.fee_reassess(case=case, judge=case.judge, reason=" ")
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
    assert [c.payload["new_amount"] for c in changes] == ["13800.00", "1650.00"]
    assert changes[0].payload["old_amount"] == "3300.00"


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


# --- overdue queue ---------------------------------------------------------------------------


def test_overdue_order_shows_on_the_judges_queue_until_decided(demo, client, case):
    from yunting.workbench.navigation import queues_for

    order = case.fee_orders.get()
    judge = case.judge
    other_judge = User.objects.get(
        phone="13900000013" if judge.phone == "13900000012" else "13900000012"
    )
    assert not selectors.orders_overdue_for_judge(user=judge).exists()
    FeeOrder.objects.filter(pk=order.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    assert list(selectors.orders_overdue_for_judge(user=judge)) == [order]
    assert not selectors.orders_overdue_for_judge(user=other_judge).exists()
    counts = {str(q["title"]): q["count"] for q in queues_for(judge)}
    assert any("按撤诉处理" in title and n == 1 for title, n in counts.items())
    client.force_login(judge)
    page = client.get("/fees/workbench/overdue/")
    assert page.status_code == 200 and case.case_number in page.content.decode()
    with pytest.raises(ValidationError):
        services.overdue_decide(
            order=order, judge=other_judge, decision="treat_as_withdrawn", note="x"
        )
    response = client.post(
        "/fees/workbench/overdue/",
        {"order": str(order.id), "decision": "treat_as_withdrawn", "note": "逾期未交，按撤诉处理"},
    )
    assert response.status_code == 302
    assert not selectors.orders_overdue_for_judge(user=judge).exists()
    decided = fee_events(order, FeeEvent.OVERDUE_DECIDED)
    assert decided[0].payload["decision"] == "treat_as_withdrawn"


def test_a_running_deferral_keeps_the_order_off_the_queue(demo, order):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    FeeOrder.objects.filter(pk=order.pk).update(
        status=OrderStatus.DEFERRED,
        due_date=yesterday,
        deferred_until=yesterday + dt.timedelta(days=10),
    )
    assert not selectors.orders_overdue_for_judge(user=order.case.judge).exists()
    FeeOrder.objects.filter(pk=order.pk).update(deferred_until=yesterday)
    assert selectors.orders_overdue_for_judge(user=order.case.judge).exists()


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
        (e.payload["from"], e.payload["to"])
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
    from yunting.fees.services._common import _transition

    order.status = OrderStatus.WAIVED
    before = Entry.objects.count()
    with pytest.raises(ValidationError) as exc:
        _transition(order, OrderStatus.PAID, actor=None, reason="test")
    assert exc.value.code == "illegal_transition" and order.status == OrderStatus.WAIVED
    assert Entry.objects.count() == before


# --- finance report --------------------------------------------------------------------------


def test_reconciliation_totals_equal_the_ledger_payments(demo, client, court):
    orders = [accept(demo, court, amount=a).fee_orders.get() for a in ("150000", "8000")]
    pay_online(client, orders[0], demo["lawyer"])
    services.payment_confirm_transfer(
        officer=demo["finance_officer"],
        reference=orders[1].reference,
        amount=orders[1].amount,
        bank_txn_id="BANK-1",
    )
    orders[0].refresh_from_db()
    refund = services.refund_request(
        order=orders[0], actor=orders[0].case.judge, reason=RefundReason.WITHDRAWAL
    )
    services.refund_decide(refund=refund, officer=demo["finance_officer"], approve=True)
    today = timezone.localdate()
    report = selectors.reconciliation(courts=[court], day=today)
    ledger_paid = sum(
        (
            Decimal(e.payload["amount"])
            for e in Entry.objects.filter(event_type=FeeEvent.PAYMENT_CONFIRMED)
        ),
        Decimal("0"),
    )
    ledger_refunded = sum(
        (
            Decimal(e.payload["amount"])
            for e in Entry.objects.filter(event_type=FeeEvent.REFUND_APPROVED)
        ),
        Decimal("0"),
    )
    assert isinstance(report.total_paid, Decimal)
    assert report.total_paid == ledger_paid == Decimal("3350.00")
    assert report.total_refunded == ledger_refunded == Decimal("1650.00")
    assert len(report.rows) == 2  # one court, two channels
    client.force_login(demo["finance_officer"])
    page = client.get("/fees/finance/report/", {"day": today.isoformat()})
    assert page.status_code == 200 and "¥3,350.00" in page.content.decode()
    csv_text = client.get(
        "/fees/finance/report/", {"day": today.isoformat(), "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "3350.00" in csv_text and "1650.00" in csv_text
    xlsx = client.get("/fees/finance/report/", {"day": today.isoformat(), "format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    total_row = values[1 + len(report.rows)]  # header, one row per channel, then the total
    assert Decimal(str(total_row[3])) == Decimal("3350.00")
    assert Decimal(str(total_row[5])) == Decimal("1650.00")
    # Only finance officers see the finance pages.
    client.force_login(demo["judge"])
    assert client.get("/fees/finance/report/").status_code == 404


# --- pages and scoping -----------------------------------------------------------------------


def test_my_orders_lists_the_principals_orders_for_the_lawyer(demo, client, order):
    client.force_login(demo["lawyer"])
    page = client.get("/fees/orders/")
    assert page.status_code == 200 and order.case.case_number in page.content.decode()
    detail = client.get(f"/fees/orders/{order.id}/")
    body = detail.content.decode()
    assert detail.status_code == 200 and order.reference in body and "¥3,300.00" in body


def test_another_litigant_gets_404_on_order_receipt_and_provider_page(demo, client, order):
    payment, _params, _ = pay_online(client, order, demo["lawyer"])
    payment.refresh_from_db()
    client.force_login(other_litigant())
    assert client.get("/fees/orders/").content.decode().count(order.reference) == 0
    assert client.get(f"/fees/orders/{order.id}/").status_code == 404
    assert client.get(f"/fees/payments/{payment.id}/receipt/").status_code == 404
    assert client.get(f"/documents/{payment.receipt_id}/download/").status_code == 404
    assert client.get(f"/fees/test-provider/{payment.out_trade_no}/").status_code == 404
    with pytest.raises(Http404):
        selectors.order_get_for_user(user=other_litigant(), order_id=order.id)
    client.force_login(demo["lawyer"])
    download = client.get(f"/fees/payments/{payment.id}/receipt/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_public_receipt_check_by_code(demo, client, order):
    payment, _params, _ = pay_online(client, order, demo["lawyer"])
    payment.refresh_from_db()
    client.logout()
    code = payment.receipt.verification_code
    page = client.get("/fees/receipts/check/", {"code": code.lower()})
    assert page.status_code == 200 and "¥3,300.00" in page.content.decode()
    assert client.get("/fees/receipts/check/", {"code": "ZZZZZ-ZZZZZ"}).status_code == 404
    # A payment notice's code is not a receipt.
    notice_code = order.notice.verification_code
    assert client.get("/fees/receipts/check/", {"code": notice_code}).status_code == 404


def test_relief_application_through_the_order_page(demo, client, order):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(demo["lawyer"])
    response = client.post(
        f"/fees/orders/{order.id}/",
        {
            "kind": "reduction",
            "reasons": "困难",
            "percent": "10",
            "proof": SimpleUploadedFile("p.pdf", cached_pdf("证明"), "application/pdf"),
        },
    )
    assert response.status_code == 400
    response = client.post(
        f"/fees/orders/{order.id}/",
        {
            "kind": "reduction",
            "reasons": "困难",
            "percent": "50",
            "proof": SimpleUploadedFile("p.pdf", cached_pdf("证明"), "application/pdf"),
        },
    )
    assert response.status_code == 302
    judge = order.case.judge
    client.force_login(judge)
    queue = client.get("/fees/workbench/relief/")
    assert order.case.case_number in queue.content.decode()
    application = order.reliefs.get()
    assert client.get(f"/fees/relief/{application.id}/proof/").status_code == 200
    client.post(
        "/fees/workbench/relief/", {"application": str(application.id), "decision": "approve"}
    )
    order.refresh_from_db()
    assert order.amount == Decimal("1650.00") and order.status == OrderStatus.REDUCED


def test_finance_confirms_a_transfer_and_approves_a_refund_on_the_page(demo, client, order):
    client.force_login(demo["finance_officer"])
    bad = client.post(
        "/fees/finance/",
        {"action": "transfer", "reference": order.reference, "amount": "1", "bank_txn_id": "X"},
        follow=True,
    )
    assert "3,300.00" in bad.content.decode() or "3300.00" in bad.content.decode()
    ok = client.post(
        "/fees/finance/",
        {"action": "transfer", "reference": order.reference, "amount": "3300", "bank_txn_id": "X"},
    )
    assert ok.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    refund = services.refund_request(
        order=order, actor=order.case.judge, reason=RefundReason.MEDIATION
    )
    client.post("/fees/finance/", {"action": "approve_refund", "refund": str(refund.id)})
    refund.refresh_from_db()
    assert refund.status == DecisionStatus.APPROVED


def test_case_fees_page_for_staff_and_not_for_others(demo, client, case):
    client.force_login(case.judge)
    page = client.get(f"/fees/case/{case.id}/")
    assert page.status_code == 200 and "¥3,300.00" in page.content.decode()
    response = client.post(
        f"/fees/case/{case.id}/",
        {
            "action": "reassess",
            "reason_code": "claim_changed",
            "reason": "变更",
            "claim_amount": "1000000",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.acceptance_fee == Decimal("13800.00")
    client.force_login(demo["lawyer"])
    assert client.get(f"/fees/case/{case.id}/").status_code == 404


def test_a_preservation_fee_receipt_names_the_preservation_fee(demo, case):
    import io

    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    plaintiff = case.parties.get(role="plaintiff")
    order = services.fee_order_assess_application(
        case=case,
        payer=plaintiff,
        kind="preservation",
        amount=Decimal("100000"),
        actor=demo["judge"],
    )
    payment = services.payment_confirm_transfer(
        officer=demo["finance_officer"],
        reference=order.reference,
        amount=order.amount,
        bank_txn_id="B-PRES-1",
    )
    with default_storage.open(payment.receipt.storage_path, "rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)  # cells wrap
    assert "申请保全费" in text and "案件受理费" not in text
