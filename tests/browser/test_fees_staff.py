"""The staff side of fees, as people do it: a payer asks for a reduction and the judge grants
it; the finance office confirms a bank transfer and reads the day's reconciliation."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.fees.conftest import accept
from tests.filing.factories import cached_pdf


def test_payer_asks_for_a_reduction_and_the_judge_grants_it(page, demo, court, login, another_page):
    case = accept(demo, court)
    order = case.fee_orders.get()

    login(page, demo["lawyer"])
    page.goto(order.get_absolute_url())
    expect(page.get_by_test_id("order-amount")).to_have_text("¥3,300.00")
    form = page.get_by_test_id("relief-form")
    form.locator("select[name=kind]").select_option("reduction")
    form.locator("textarea[name=reasons]").fill("原告下岗失业，无力全额交纳。")
    form.locator("input[name=percent]").fill("20")  # below the legal minimum of 30 %
    form.locator("input[name=proof]").set_input_files(
        files=[
            {
                "name": "困难证明.pdf",
                "mimeType": "application/pdf",
                "buffer": cached_pdf("困难证明"),
            }
        ]
    )
    form.get_by_role("button", name="提交法官").click()
    expect(page.locator("body")).to_contain_text("不得低于30%")
    form = page.get_by_test_id("relief-form")
    form.locator("select[name=kind]").select_option("reduction")
    form.locator("textarea[name=reasons]").fill("原告下岗失业，无力全额交纳。")
    form.locator("input[name=percent]").fill("50")
    form.locator("input[name=proof]").set_input_files(
        files=[
            {
                "name": "困难证明.pdf",
                "mimeType": "application/pdf",
                "buffer": cached_pdf("困难证明"),
            }
        ]
    )
    form.get_by_role("button", name="提交法官").click()
    expect(page.get_by_test_id("reliefs")).to_contain_text("待审批")

    judge_page = another_page()
    login(judge_page, case.judge)
    judge_page.goto("/fees/workbench/relief/")
    queue = judge_page.get_by_test_id("relief-queue")
    expect(queue).to_contain_text(case.case_number)
    queue.locator("input[name=note]").fill("经审查属实，准予减半交纳")
    queue.get_by_role("button", name="批准", exact=True).click()
    expect(judge_page.get_by_test_id("relief-queue")).to_contain_text("暂无待办")

    page.reload()
    expect(page.get_by_test_id("order-amount")).to_have_text("¥1,650.00")
    expect(page.get_by_test_id("reliefs")).to_contain_text("已批准")


def test_finance_confirms_a_transfer_and_reads_the_reconciliation(page, demo, court, login):
    case = accept(demo, court)
    order = case.fee_orders.get()

    login(page, demo["finance_officer"])
    page.get_by_role("link", name=re.compile("诉讼费：到账与退费")).first.click()
    form = page.get_by_test_id("transfer-form")
    form.locator("input[name=reference]").fill(order.reference)
    form.locator("input[name=amount]").fill("3000")  # not the amount due
    form.locator("input[name=bank_txn_id]").fill("ICBC-20261123-0001")
    form.get_by_role("button", name="确认到账").click()
    expect(page.locator(".messages")).to_contain_text("不符")
    form = page.get_by_test_id("transfer-form")
    form.locator("input[name=reference]").fill(order.reference)
    form.locator("input[name=amount]").fill("3300.00")
    form.locator("input[name=bank_txn_id]").fill("ICBC-20261123-0001")
    form.get_by_role("button", name="确认到账").click()
    expect(page.locator(".messages")).to_contain_text("已确认到账")

    page.get_by_role("link", name="每日对账").click()
    expect(page.get_by_test_id("recon-paid")).to_have_text("¥3,300.00")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    csv_text = info.value.path().read_text(encoding="utf-8-sig")
    assert "3300.00" in csv_text
