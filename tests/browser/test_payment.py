"""The plaintiff's lawyer pays the acceptance fee through the test provider: the provider page
sends a real signed callback over HTTP, the order turns paid, and the downloaded e-receipt
verifies on the public verification page. Another litigant cannot open the order."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.filing.factories import complete_filing
from yunting.accounts.models import User
from yunting.documents.requests import document_requests_run_pending
from yunting.fees.models import OrderStatus
from yunting.filing import services as filing_services


def test_lawyer_pays_through_the_test_provider_and_the_receipt_verifies(
    page, demo, court, login, another_page
):
    lawyer = demo["lawyer"]
    filing = complete_filing(user=lawyer, court=court, as_lawyer=True)
    filing_services.filing_submit(filing=filing, user=lawyer)
    case = filing_services.filing_accept(filing=filing, officer=demo["filing_officer"])
    document_requests_run_pending(case=case)  # what the worker does after the acceptance
    order = case.fee_orders.get()

    login(page, lawyer)
    page.goto("/portal/")
    page.locator("a[href='/fees/orders/']").first.click()
    expect(page.get_by_test_id("order-list")).to_contain_text(case.case_number)
    expect(page.get_by_test_id("order-list")).to_contain_text("¥3,300.00")
    page.get_by_test_id("open-order").first.click()
    expect(page.get_by_test_id("order-reference")).to_have_text(order.reference)
    expect(page.get_by_test_id("payment-notice")).to_be_visible()
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "unpaid")

    page.get_by_test_id("pay-test").click()
    expect(page.get_by_test_id("test-banner")).to_contain_text("测试支付通道")
    expect(page.get_by_test_id("provider-amount")).to_have_text("¥3,300.00")
    page.get_by_test_id("provider-pay").click()

    page.wait_for_url(re.compile(rf"/fees/orders/{order.id}/"))
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "paid")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    with page.expect_download() as info:
        page.get_by_test_id("receipt-download").click()
    receipt = Path(info.value.path()).read_bytes()
    assert receipt.startswith(b"%PDF")

    page.goto("/documents/verify/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "receipt.pdf", "mimeType": "application/pdf", "buffer": receipt}],
    )
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verdict-valid")).to_be_visible()
    expect(page.get_by_test_id("verify-result")).to_contain_text("诉讼费电子票据")

    # The receipt's code checks on the public receipt page, without logging in.
    code = order.payments.get(status="succeeded").receipt.verification_code
    public = another_page()
    public.goto(f"/fees/receipts/check/?code={code}")
    expect(public.get_by_test_id("receipt-amount")).to_have_text("¥3,300.00")

    # Another litigant gets 404 on the order.
    login(public, User.objects.get(phone="13900000002"))
    response = public.goto(f"/fees/orders/{order.id}/")
    assert response is not None and response.status == 404
