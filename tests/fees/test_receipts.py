"""E-receipts (services/receipts.py): what they say and the public check by code."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from tests.fees.helpers import pay_online
from yunting.fees import services

pytestmark = pytest.mark.django_db


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


def test_the_receipt_check_is_linked_from_the_portal_and_the_paid_order(demo, client, order):
    from django.urls import reverse

    check = reverse("fees:receipt_check")
    payment, _params, _ = pay_online(client, order, demo["lawyer"])
    payment.refresh_from_db()
    client.force_login(demo["lawyer"])
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{check}"' in home  # the portal's footer, on every portal page
    page = client.get(reverse("fees:order", args=[order.id])).content.decode()
    link = page.split('data-testid="receipt-check-link"')[0].rsplit("<a ", 1)[1]
    assert f"{check}?code={payment.receipt.verification_code}" in link


def test_a_preservation_fee_receipt_names_the_preservation_fee(demo, case):

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


@pytest.mark.django_db(transaction=True)
def test_a_receipt_that_cannot_be_issued_with_the_payment_is_issued_by_the_worker(
    demo, client, court, run_worker, caplog
):
    """The money has arrived: a receipt failure must not undo the payment. The failure is
    logged and ``fees.tasks.receipt_issue_task`` issues the receipt once it can."""
    from tests.fees.conftest import accept
    from yunting.accounts.models import RoleAssignment
    from yunting.accounts.roles import Role
    from yunting.accounts.services import role_grant
    from yunting.cases.models import Case
    from yunting.fees.events import FeeEvent
    from yunting.fees.models import OrderStatus, PaymentStatus
    from yunting.ledger.models import Entry

    case = accept(demo, court)
    order = case.fee_orders.get()
    # Nobody can issue it now: no finance officer at the court, no judge on the case.
    finance = demo["finance_officer"]
    RoleAssignment.objects.filter(court=court, role=Role.FINANCE_OFFICER).delete()
    Case.objects.filter(pk=case.pk).update(judge=None)
    with caplog.at_level("ERROR", logger="yunting.fees.services.receipts"):
        payment, _params, response = pay_online(client, order, demo["lawyer"])
    assert response.status_code == 200 and response.content == b"success"
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED and order.status == OrderStatus.PAID
    assert payment.receipt_id is None
    assert any("not issued" in r.getMessage() for r in caplog.records)
    assert not Entry.objects.filter(event_type=FeeEvent.RECEIPT_ISSUED).exists()
    # The court has a finance officer again: the queued retry issues the receipt.
    role_grant(user=finance, role=Role.FINANCE_OFFICER, court=court)
    run_worker()
    payment.refresh_from_db()
    assert payment.receipt is not None and payment.receipt.issued_by == finance
    assert payment.receipt.template_code == "fee_receipt"
    issued = Entry.objects.filter(event_type=FeeEvent.RECEIPT_ISSUED)
    assert [e.payload["payment"] for e in issued] == [str(payment.id)]
