"""A court administrator edits a document template, previews it, is told when the template is
broken, and saves a new version."""

from __future__ import annotations

from playwright.sync_api import expect


def test_admin_previews_and_saves_a_new_template_version(page, demo, login):
    login(page, demo["court_admin"])
    page.get_by_role("link", name="文书模板").click()
    page.locator("tr[data-code=acceptance_notice]").get_by_role("link", name="编辑和预览").click()
    body = page.locator("textarea[name=body]")
    original = body.input_value()

    body.fill(original + "\n{% if %}")  # a broken template is refused on the field
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.locator("[data-field=body] .field-error")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("v1")

    page.locator("textarea[name=body]").fill(original.replace("</body>", "<p>特别提示</p></body>"))
    page.get_by_test_id("preview").click()
    expect(page.get_by_test_id("preview-image")).to_be_visible()
    page.fill("input[name=note]", "增加特别提示")
    page.get_by_role("button", name="保存为新版本").click()
    # the court's own first version; the platform default is untouched
    expect(page.locator(".messages")).to_contain_text("第 1 版")
    expect(page.get_by_test_id("template-scope")).to_contain_text("自己的版本")
    expect(page.locator("h1 .badge")).to_have_text("v1")
    expect(page.locator("body")).to_contain_text("增加特别提示")
