"""Publishing a judgment: the judge reviews the anonymized text beside the original, corrects
it and publishes it; an anonymous visitor finds it on the public page by case number and
opens the court-sealed PDF. Both pages pass axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.publication.conftest import case, effective, people  # noqa: F401


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_STAFF_2FA_REQUIRED = False


def test_judge_publishes_and_a_visitor_finds_it(page, another_page, login, effective):  # noqa: F811
    kase = effective.case
    login(page, kase.judge)
    page.goto("/judgments-online/review/")
    expect(page.get_by_test_id("page-title")).to_have_text("待公开裁判文书")
    row = page.get_by_test_id("decision-row").filter(has_text=kase.case_number)
    expect(row).to_contain_text("民间借贷纠纷")
    row.get_by_role("button").click()
    page.wait_for_url(re.compile(r"/review/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("original")).to_contain_text("天山路100号")
    text = page.get_by_test_id("text")
    expect(text).not_to_have_value(re.compile("天山路100号"))
    expect(text).to_have_value(re.compile("住上海市长宁区。"))
    expect(page.get_by_test_id("replacements")).to_contain_text("上海市长宁区天山路100号")
    assert_accessible(page)
    # The judge also hides the company's legal representative, then publishes.
    text.fill(text.input_value().replace("法定代表人：王五", "法定代表人：王某"))
    page.get_by_test_id("publish").click()  # not confirmed yet: refused, nothing published
    expect(page.locator(".msg.error").first).to_contain_text("请勾选确认")
    expect(page.get_by_test_id("status")).not_to_have_text("已公布")
    page.get_by_test_id("confirm-publish").check()
    page.get_by_test_id("publish").click()
    expect(page.locator(".msg").first).to_contain_text("已在本院裁判文书公开页面公布")
    expect(page.get_by_test_id("status")).to_have_text("已公布")

    visitor = another_page()
    visitor.goto("/judgments-online/")
    expect(visitor.get_by_test_id("page-title")).to_have_text("裁判文书公开")
    visitor.get_by_test_id("number").fill(kase.case_number)
    visitor.get_by_test_id("search").click()
    results = visitor.get_by_test_id("result")
    expect(results).to_have_count(1)
    assert_accessible(visitor)
    results.first.get_by_role("link").click()
    expect(visitor.get_by_test_id("case-number")).to_have_text(kase.case_number)
    body = visitor.get_by_test_id("judgment-text")
    expect(body).to_contain_text("法定代表人：王某")
    expect(body).not_to_contain_text("天山路")
    assert_accessible(visitor)
    response = visitor.request.get(visitor.get_by_test_id("pdf").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    # Searching by another year finds nothing.
    visitor.goto(f"/judgments-online/?year={kase.year - 1}")
    expect(visitor.get_by_test_id("result")).to_have_count(0)
