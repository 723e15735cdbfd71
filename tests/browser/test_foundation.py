"""A person logs in as each role, lands on the right page, switches language, gets locked out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yunting.demo.people import PEOPLE

STAFF = {
    "filing_officer",
    "judge",
    "judge_assistant",
    "clerk",
    "service_officer",
    "mediator",
    "finance_officer",
    "court_admin",
}
ROLE_LABELS = {
    "litigant": "当事人",
    "lawyer": "律师 / 诉讼代理人",
    "institution": "机构用户",
    "filing_officer": "立案人员",
    "judge": "承办法官",
    "judge_assistant": "法官助理",
    "clerk": "书记员",
    "service_officer": "送达专员",
    "mediator": "调解员",
    "finance_officer": "财务人员",
    "court_admin": "法院管理员",
}


@pytest.mark.parametrize("role", sorted({str(p[0]) for p in PEOPLE}))
def test_each_role_lands_on_its_home_page(page, demo, login, role):
    user = demo[role]
    login(page, user)
    expect(page.get_by_test_id("user-name")).to_have_text(user.name)
    expect(page.get_by_test_id("court-name")).to_contain_text("人民法院")
    if role in STAFF:
        assert page.url.endswith("/workbench/")
        expect(page.get_by_test_id("page-title")).to_have_text("我的工作台")
        expect(page.get_by_test_id("my-roles")).to_contain_text(ROLE_LABELS[role])
        expect(page.get_by_test_id("court-name")).to_have_text("上海市长宁区人民法院")
    else:
        assert page.url.endswith("/portal/")
        expect(page.get_by_test_id("page-title")).to_have_text(f"您好，{user.name}")
        expect(page.get_by_test_id("account-card")).to_contain_text(ROLE_LABELS[role])
    if role == "court_admin":
        expect(page.get_by_test_id("staff-table")).to_contain_text("刘法官")


def test_wrong_password_then_lockout(page, demo, demo_password):
    page.goto("/accounts/login/")
    for attempt in range(1, 6):
        page.fill("input[name=username]", demo["lawyer"].phone)
        page.fill("input[name=password]", f"wrong-{attempt}")
        page.click("button[type=submit]")
        if attempt < 5:
            expect(page.get_by_test_id("form-errors")).to_contain_text("密码错误")
    expect(page.get_by_test_id("locked-message")).to_contain_text("锁定30分钟")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", demo["lawyer"].phone)
    page.fill("input[name=password]", demo_password)  # the 6th attempt, right password
    page.click("button[type=submit]")
    expect(page.get_by_test_id("page-title")).to_have_text("账户已锁定")


def test_language_switch_shows_english_and_back(page, demo, login):
    login(page, demo["judge"])
    page.get_by_role("button", name="English").click()
    expect(page.get_by_test_id("page-title")).to_have_text("My desk")
    expect(page.get_by_text("Case handling workbench")).to_be_visible()
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_test_id("page-title")).to_have_text("我的工作台")


def test_elder_mode_enlarges_text(page, demo, login):
    login(page, demo["litigant"])
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="长辈模式").click()
    expect(page.locator("html")).to_have_class(re.compile("elder"))
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before


def test_phone_width_has_no_horizontal_scrolling(phone_page, demo, login):
    login(phone_page, demo["litigant"])
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360


def test_register_with_a_bad_id_shows_the_reason_on_the_field(page, db):
    page.goto("/accounts/register/")
    page.fill("input[name=name]", "赵六")
    page.fill("input[name=phone]", "13712345678")
    page.fill("input[name=id_number]", "310105198503122016")
    page.fill("input[name=password1]", "a-Long-passphrase-42")
    page.fill("input[name=password2]", "a-Long-passphrase-42")
    page.get_by_role("button", name="注册").click()
    expect(page.locator("[data-field=id_number] .field-error")).to_contain_text("校验位")
    page.fill("input[name=id_number]", "310105198503122015")
    page.fill("input[name=password1]", "a-Long-passphrase-42")
    page.fill("input[name=password2]", "a-Long-passphrase-42")
    page.get_by_role("button", name="注册").click()
    # then the phone is proved by an SMS code (tests/browser/test_account_security.py)
    expect(page.get_by_test_id("code-sent")).to_contain_text("137****5678")
