"""A lawyer files online; the filing officer asks for a correction; the lawyer corrects and
resubmits; the officer accepts; the lawyer sees the case number, the judge and the payment
notice. Another litigant cannot open the case."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.filing.factories import cached_pdf


def upload(page, kind: str, name: str, data: bytes, agent: str | None = None) -> None:
    page.select_option("select[name=kind]", kind)
    if agent:
        page.select_option("select[name=agent]", label=agent)
    page.set_input_files(
        "input[name=file]", files=[{"name": name, "mimeType": "application/pdf", "buffer": data}]
    )
    page.get_by_role("button", name="上传", exact=True).click()


def test_lawyer_files_officer_corrects_then_accepts(page, demo, login, another_page):
    lawyer = demo["lawyer"]
    login(page, lawyer)
    page.get_by_role("link", name="我要立案").click()
    page.select_option("select[name=court]", label="上海市长宁区人民法院（沪0105）")
    page.get_by_role("button", name="开始").click()

    # Step 1: court, cause, facts
    expect(page.get_by_test_id("stepbar")).to_contain_text("法院与案由")
    page.fill("input[name=cause_name]", "民间借贷纠纷")
    page.fill("textarea[name=facts]", "被告于2025年3月1日向原告借款15万元，到期未还。")
    page.get_by_role("button", name="保存并继续").click()

    # Step 2: parties — a bad ID first, then the right one
    page.select_option("select[name=role]", "plaintiff")
    page.select_option("select[name=kind]", "person")
    page.fill("input[name=name]", "张三")
    page.fill("input[name=id_number]", "310105198503122016")
    page.fill("input[name=address]", "上海市长宁区天山路100号")
    page.check("input[name=agent_is_me]")
    page.fill("input[name=agent_law_firm]", "上海示范律师事务所")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.locator("[data-field=id_number] .field-error")).to_contain_text("校验位")
    page.fill("input[name=id_number]", "310105198503122015")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.get_by_test_id("party-list")).to_contain_text("张三")
    page.select_option("select[name=role]", "defendant")
    page.select_option("select[name=kind]", "organisation")
    page.fill("input[name=name]", "新加坡示范贸易私人有限公司")
    page.fill("input[name=address]", "新加坡乌节路391号")
    page.get_by_label("在中华人民共和国领域内没有住所").check()  # its periods run 30 days
    page.uncheck("input[name=agent_is_me]")
    page.get_by_role("button", name="添加", exact=True).click()
    parties = page.get_by_test_id("party-list")
    expect(parties).to_contain_text("新加坡示范贸易私人有限公司")
    expect(parties.get_by_test_id("party-abroad")).to_have_count(1)
    page.get_by_role("button", name="继续").click()

    # Step 3: claims — a negative amount is refused on the field
    page.fill("textarea[name=text]", "判令被告归还借款本金")
    page.fill("input[name=amount]", "-5")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.locator("[data-field=amount] .field-error")).to_contain_text("不能为负数")
    page.fill("input[name=amount]", "150000")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.get_by_test_id("claim-total")).to_have_text("¥150,000.00")
    page.get_by_role("link", name="继续").click()

    # Step 4: documents — a renamed executable is refused, then the real files
    page.select_option("select[name=kind]", "complaint")
    page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "起诉状.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 300}
        ],
    )
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("[data-field=file] .field-error")).to_contain_text("不是PDF")
    upload(page, "complaint", "起诉状.pdf", cached_pdf())
    expect(page.get_by_test_id("attachment-list")).to_contain_text("起诉状.pdf")
    page.get_by_role("link", name="继续").click()

    # Step 5: review lists what is missing (the power of attorney), all at once
    expect(page.get_by_test_id("missing")).to_contain_text("授权委托书")
    page.get_by_role("link", name="4. 材料").click()
    upload(page, "power_of_attorney", "授权委托书.pdf", cached_pdf("授权委托书"), agent=lawyer.name)
    page.get_by_role("link", name="继续").click()
    page.check("input[name=confirm]")
    page.get_by_role("button", name="提交立案申请").click()
    expect(page.get_by_test_id("filing-status")).to_have_text("待审查")
    filing_url = page.url

    # The filing officer asks for a correction
    officer = another_page()
    login(officer, demo["filing_officer"])
    officer.get_by_role("link", name=re.compile("待审查立案")).first.click()
    officer.get_by_test_id("review-queue").get_by_role("link").first.click()
    officer.check("input[value='被告送达地址缺失或不明确。']")
    officer.get_by_test_id("request-correction").click()
    expect(officer.get_by_test_id("review-queue")).to_contain_text("暂无待审查")

    # The lawyer sees the request, corrects and resubmits
    page.goto(filing_url)
    expect(page.get_by_test_id("correction-notice")).to_contain_text("被告送达地址")
    page.get_by_role("link", name="补正并重新提交").click()
    page.get_by_role("link", name="5. 核对并提交").click()
    page.check("input[name=confirm]")
    page.get_by_role("button", name="提交立案申请").click()
    expect(page.get_by_test_id("filing-status")).to_have_text("待审查")

    # The officer accepts
    officer.reload()
    officer.get_by_test_id("review-queue").get_by_role("link").first.click()
    officer.check("input[name=confirm]")
    officer.get_by_test_id("accept").click()
    expect(officer.locator(".messages")).to_contain_text("已受理")

    # The lawyer sees the case number, the judge and the payment notice
    page.reload()
    expect(page.get_by_test_id("filing-status")).to_have_text("已受理")
    page.get_by_test_id("case-link").click()
    expect(page.get_by_test_id("page-title")).to_have_text(re.compile(r"（\d{4}）沪0105民初\d+号"))
    expect(page.get_by_test_id("case-judge")).to_have_text(re.compile("刘法官|周法官"))
    expect(page.get_by_test_id("case-fee")).to_have_text("¥3,300.00")
    case_url = page.url
    page.get_by_role("link", name="当事人", exact=True).click()
    abroad = page.get_by_test_id("party-abroad")
    expect(abroad).to_have_count(1)
    expect(abroad.locator("..")).to_contain_text("新加坡示范贸易私人有限公司")
    page.goto(case_url)
    case_url = page.url
    page.get_by_role("link", name="文书", exact=True).click()
    expect(page.get_by_test_id("case-documents")).to_contain_text("交费通知书")

    # Another litigant cannot open the case
    stranger = another_page()
    from yunting.accounts.models import User

    login(stranger, User.objects.get(phone="13900000002"))
    response = stranger.goto(case_url)
    assert response.status == 404
