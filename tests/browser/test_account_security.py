"""What a person sees: log-in by e-mail, 忘记密码 by SMS code, registration by code, the 429
page of a public page asked for too often."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def _code(text: str) -> str:
    return re.search(r"(\d{6})", text).group(1)


def test_log_in_with_the_email_address_typed_in_full(page, demo, demo_password):
    user = demo["litigant"]
    page.goto("/accounts/login/")
    page.locator("input[name=username]").press_sequentially(user.email)
    assert page.input_value("input[name=username]") == user.email  # not cut at 11 characters
    page.fill("input[name=password]", demo_password)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("page-title")).to_have_text(f"您好，{user.name}")


def test_forgot_password_by_sms_code(page, demo, sms_provider, run_worker):
    user = demo["litigant"]
    page.goto("/accounts/login/")
    page.get_by_test_id("forgot-password").click()
    expect(page.get_by_test_id("page-title")).to_have_text("忘记密码")
    page.fill("input[name=identifier]", user.phone)
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_test_id("code-sent")).to_contain_text("139****0001")
    run_worker()  # the worker hands the SMS to the (test) provider over HTTP
    (sms,) = sms_provider.to(user.phone)
    page.fill("input[name=code]", "000000" if _code(sms) != "000000" else "111111")
    page.fill("input[name=new_password1]", "n3w-Passphrase!2026")
    page.fill("input[name=new_password2]", "n3w-Passphrase!2026")
    page.get_by_role("button", name="设置新密码").click()
    expect(page.locator("[data-field=code] .field-error")).to_contain_text("验证码错误或已过期")
    page.fill("input[name=code]", _code(sms))
    page.fill("input[name=new_password1]", "n3w-Passphrase!2026")
    page.fill("input[name=new_password2]", "n3w-Passphrase!2026")
    page.get_by_role("button", name="设置新密码").click()
    expect(page.get_by_text("密码已重置，请用新密码登录。")).to_be_visible()
    page.fill("input[name=username]", user.phone)
    page.fill("input[name=password]", "n3w-Passphrase!2026")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("page-title")).to_have_text(f"您好，{user.name}")


def test_forgot_password_for_an_unknown_number_reads_the_same(page, db, sms_provider, run_worker):
    page.goto("/accounts/password/reset/")
    page.fill("input[name=identifier]", "13711112222")
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_test_id("code-sent")).to_contain_text("如137****2222有对应账户")
    run_worker()
    assert sms_provider.messages == []


def test_register_then_confirm_the_phone_by_code(page, db, sms_provider, run_worker):
    page.goto("/accounts/register/")
    page.fill("input[name=name]", "赵六")
    page.fill("input[name=phone]", "13712345678")
    page.fill("input[name=id_number]", "310105198503122015")
    page.fill("input[name=password1]", "a-Long-passphrase-42")
    page.fill("input[name=password2]", "a-Long-passphrase-42")
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_test_id("code-sent")).to_contain_text("137****5678")
    run_worker()
    (sms,) = sms_provider.to("13712345678")
    page.fill("input[name=code]", _code(sms))
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_test_id("page-title")).to_have_text("您好，赵六")


def test_a_public_page_asked_too_often_shows_a_friendly_429(page, demo, settings):
    settings.YUNTING_PUBLIC_PAGE_RATE = 2
    for _ in range(2):
        page.goto("/fees/calculator/")
        expect(page.get_by_test_id("court-name")).to_contain_text("人民法院")
    response = page.goto("/fees/calculator/")
    assert response.status == 429
    expect(page.get_by_test_id("page-title")).to_have_text("请求过于频繁")
    expect(page.get_by_test_id("rate-limited")).to_contain_text("秒后再试")
    expect(page.get_by_test_id("court-name")).to_contain_text("人民法院")
