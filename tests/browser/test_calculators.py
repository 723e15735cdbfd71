"""A visitor, not logged in, works out interest and traffic compensation from the portal
home, reads each line with its basis, and prints (a print stylesheet hides the form)."""

from __future__ import annotations

from playwright.sync_api import expect


def test_visitor_computes_private_lending_interest_with_a_repayment(page, db):
    """100,000 handed over 2024-08-01 on an IOU of 2024-07-01 at 15 %: cap 13.40 % (LPR on
    delivery); 20,000 repaid 2025-01-01 → 6,632.15 still owed on 2025-07-31 (by hand in
    tests/rules/test_lending.py)."""
    page.goto("/")
    page.get_by_test_id("tiles").get_by_role("link", name="利息计算器").click()
    expect(page.get_by_test_id("page-title")).to_have_text("利息计算器")
    page.select_option("select[name=loan]", "private")
    page.fill("input[name=principal]", "100,000")
    page.fill("input[name=rate]", "15")
    page.fill("input[name=start]", "2024-08-01")
    page.fill("input[name=end]", "2025-07-31")
    page.fill("input[name=signed_on]", "2024-07-01")
    page.fill("textarea[name=repayments]", "2025-01-01 20000")
    page.get_by_role("button", name="计算").click()
    expect(page.get_by_test_id("interest")).to_have_text("¥6,632.15")
    expect(page.get_by_test_id("cap")).to_contain_text("13.40%")
    expect(page.get_by_test_id("cap")).to_contain_text("第二十五条")
    lines = page.get_by_test_id("lines")
    expect(lines).to_contain_text("第六百七十九条")
    expect(lines).to_contain_text("¥14,383.01")
    expect(page.get_by_test_id("periods")).to_contain_text("¥85,616.99")
    expect(page.get_by_test_id("lpr-source")).to_contain_text("全国银行间同业拆借中心")
    page.emulate_media(media="print")
    expect(page.locator("main form")).to_be_hidden()
    expect(page.get_by_test_id("interest")).to_be_visible()


def test_bad_interest_input_is_explained_on_the_field(page, db):
    page.goto("/filing/calculators/interest/")
    page.fill("input[name=principal]", "100000")
    page.fill("input[name=rate]", "15")
    page.fill("input[name=start]", "2024-08-01")
    page.fill("input[name=end]", "2024-07-01")
    page.fill("textarea[name=repayments]", "yesterday 5000")
    page.get_by_role("button", name="计算").click()
    expect(page.locator("[data-field=end] .field-error")).to_be_visible()
    expect(page.locator("[data-field=repayments] .field-error")).to_contain_text("第1行")


def test_visitor_computes_traffic_compensation(page, db):
    """Accident 2020-09-18 (old limits), pedestrian, main responsibility, 65 years old, 十级,
    90 days off work, 25,000 medical: lost income 30,602.47, disability 81,282.00 (by hand in
    tests/rules/test_traffic.py); medical 10,000 + injury 110,000 within the insurance; the
    rest (25,000 + 30,602.47 + 81,282 − 120,000 = 16,884.47) × 70 % = 11,819.13."""
    page.goto("/")
    page.get_by_test_id("tiles").get_by_role("link", name="交通事故赔偿计算").click()
    expect(page.get_by_test_id("page-title")).to_have_text("交通事故赔偿计算器")
    page.fill("input[name=occurred]", "2020-09-18")
    page.select_option("select[name=victim]", "pedestrian")
    page.select_option("select[name=liability]", "main")
    page.fill("input[name=age]", "65")
    page.fill("input[name=disability_grade]", "十级")
    page.fill("input[name=lost_days]", "90")
    page.fill("input[name=medical]", "25000")
    page.get_by_role("button", name="计算").click()
    expect(page.get_by_test_id("compulsory")).to_have_text("¥120,000.00")
    expect(page.get_by_test_id("excess")).to_have_text("¥11,819.13")
    expect(page.get_by_test_id("compensation")).to_have_text("¥131,819.13")
    expect(page.get_by_test_id("items")).to_contain_text("¥81,282.00")
    lines = page.get_by_test_id("lines")
    expect(lines).to_contain_text("第十二条")
    expect(lines).to_contain_text("2008年2月1日")
    page.emulate_media(media="print")
    expect(page.locator("main form")).to_be_hidden()
