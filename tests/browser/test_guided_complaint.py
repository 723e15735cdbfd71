"""A litigant who cannot write a complaint answers the 民间借贷 questionnaire screen by screen
(a wrong answer is pointed out on its field), leaves and comes back, checks the computed claims
and generates the complaint: it is listed on the documents step and the claims are filled in."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def _save(page) -> None:
    page.get_by_role("button", name="保存并继续").click()


def test_litigant_answers_private_lending_questionnaire(page, demo, login):
    login(page, demo["litigant"])
    page.get_by_role("link", name="我要立案").click()
    page.get_by_test_id("guided-link").get_by_role("link").click()
    expect(page.get_by_test_id("guided-kinds")).to_contain_text("民间借贷纠纷")
    page.select_option(
        "select[name='private_lending-court']", label="上海市长宁区人民法院（沪0105）"
    )
    page.get_by_test_id("start-private_lending").click()

    # Parties, with the wizard's own party form
    expect(page.get_by_test_id("stepbar")).to_be_visible()
    page.select_option("select[name=role]", "plaintiff")
    page.select_option("select[name=kind]", "person")
    page.fill("input[name=name]", "张三")
    page.fill("input[name=id_number]", "310105198503122015")
    page.fill("input[name=address]", "上海市长宁区天山路100号")
    page.check("input[name=is_self]")
    page.get_by_test_id("add-party").click()
    expect(page.get_by_test_id("party-list")).to_contain_text("张三")
    page.select_option("select[name=role]", "defendant")
    page.select_option("select[name=kind]", "person")
    page.fill("input[name=name]", "李四")
    page.fill("input[name=address]", "上海市长宁区延安西路1号")
    page.get_by_test_id("add-party").click()
    expect(page.get_by_test_id("party-list")).to_contain_text("李四")
    page.get_by_test_id("parties-continue").click()

    # The loan: more handed over than written is refused on that field
    page.select_option("select[name=document]", "iou")
    page.fill("input[name=signed_on]", "2024-01-01")
    page.fill("input[name=amount]", "100000")
    page.select_option("select[name=delivery]", "transfer")
    page.fill("input[name=delivered_on]", "2024-01-01")
    page.fill("input[name=delivered_amount]", "120000")
    page.fill("input[name=due_on]", "2024-12-31")
    _save(page)
    expect(page.locator("[data-field=delivered_amount] .field-error")).to_be_visible()
    page.fill("input[name=delivered_amount]", "100000")
    _save(page)
    filing_url = re.sub(r"guided/.*$", "", page.url)

    # Leave and come back: the start page offers to continue at the next screen
    page.goto("/filing/guided/")
    page.get_by_test_id("guided-drafts").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/guided/interest/$"))

    page.fill("input[name=rate]", "2")
    page.select_option("select[name=rate_unit]", "month")  # 月息2分
    page.select_option("select[name=repayment]", "lump_sum")
    _save(page)
    page.select_option("select[name=kind]", "none")
    _save(page)
    page.fill("input[name=until]", "2025-06-30")
    page.fill("input[name=lawyer_fee]", "5000")
    page.fill("textarea[name=evidence]", "借条\n银行转账凭证")
    _save(page)

    # Check: the agreed 24 % is cut to 4 × LPR (3.45 % when the loan was made) = 13.80 %
    expect(page.get_by_test_id("guided-computation")).to_contain_text("13.80%")
    expect(page.get_by_test_id("guided-total")).to_have_text("¥125,643.29")
    page.get_by_test_id("guided-generate").click()

    # The complaint is on the documents step, the claims are filled in
    expect(page).to_have_url(re.compile(r"/attachments/$"))
    expect(page.get_by_test_id("attachment-list")).to_contain_text("（民间借贷纠纷）.pdf")
    page.goto(filing_url + "claims/")
    claims = page.get_by_test_id("claim-list")
    expect(claims).to_contain_text("¥100,000.00")
    expect(claims).to_contain_text("¥20,643.29")
    expect(claims).to_contain_text("¥5,000.00")
    expect(page.get_by_test_id("claim-total")).to_have_text("¥125,643.29")
    # Nothing is missing any more: the filing can be submitted as it is
    page.goto(filing_url + "review/")
    expect(page.get_by_test_id("missing")).to_have_count(0)
    expect(page.locator("input[name=confirm]")).to_be_visible()
