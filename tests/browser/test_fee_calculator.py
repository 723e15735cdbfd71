"""A visitor, not logged in, works out a fee from the portal home."""

from __future__ import annotations

from playwright.sync_api import expect


def test_visitor_calculates_a_fee_from_the_home_page(page, db):
    page.goto("/")
    page.get_by_test_id("tiles").get_by_role("link", name="诉讼费计算").click()
    expect(page.get_by_test_id("page-title")).to_have_text("诉讼费计算器")
    page.select_option("select[name=kind]", "property")
    page.fill("input[name=amount]", "150000")
    page.get_by_role("button", name="计算").click()
    expect(page.get_by_test_id("fee")).to_have_text("¥3,300.00")
    expect(page.get_by_test_id("fee-words")).to_have_text("叁仟叁佰元整")
    expect(page.get_by_test_id("breakdown")).to_contain_text("2.5%")
    page.check("input[name=summary]")
    page.get_by_role("button", name="计算").click()
    expect(page.get_by_test_id("fee")).to_have_text("¥1,650.00")


def test_bad_amount_is_explained_on_the_field(page, db):
    page.goto("/fees/calculator/")
    page.select_option("select[name=kind]", "property")
    page.fill("input[name=amount]", "-100")
    page.get_by_role("button", name="计算").click()
    expect(page.locator("[data-field=amount] .field-error")).to_contain_text("不能为负数")
