"""Reads (selectors.py) and the fee pages: reconciliation, the payer's orders, scoping."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from tests.fees.conftest import accept
from tests.fees.helpers import other_litigant, pay_online
from tests.filing.factories import cached_pdf
from yunting.fees import selectors, services
from yunting.fees.events import FeeEvent
from yunting.fees.models import (
    DecisionStatus,
    OrderStatus,
    RefundReason,
)
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


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
    assert response.status_code == 302, response.content.decode()
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
    # The page names the mismatch (the order itself is listed with its amount anyway, so the
    # amount alone would prove nothing); nothing is paid.
    assert f"金额1.00与缴费单{order.reference}的应缴金额3300.00不符" in bad.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID and not order.payments.exists()
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
