"""A clerk who must use two-factor authentication enrols an authenticator, then logs in with
a code from it."""

from __future__ import annotations

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect


def _code(device: TOTPDevice, drift: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def _next_code(device: TOTPDevice) -> str:
    """The code of the first step after the one last used that the device still accepts, a
    step inside its window even if a 30-second boundary passes before the server checks it
    (the enrolment may have been accepted one step late, which moves the device's drift)."""
    import time

    now = int((time.time() - device.t0) // device.step)
    low = now + device.drift - device.tolerance
    high = now + device.drift + device.tolerance
    step = max(low + 1, device.last_t + 1)
    assert step <= high, (step, high)
    return _code(device, drift=step - now)


def test_clerk_enrols_then_logs_in_with_a_code(page, demo, demo_password, settings):
    settings.YUNTING_STAFF_2FA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    clerk = demo["clerk"]
    page.goto("/accounts/login/")
    page.fill("input[name=username]", clerk.phone)
    page.fill("input[name=password]", demo_password)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile("/accounts/2fa/setup/"))
    expect(page.get_by_test_id("totp-secret")).not_to_be_empty()
    page.fill("input[name=token]", "123")
    page.get_by_role("button", name="确认").click()
    expect(page.locator("[data-field=token] .field-error")).to_contain_text("6位")
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    page.fill("input[name=token]", _code(device))
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_test_id("page-title")).to_have_text("我的工作台")

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", clerk.phone)
    page.fill("input[name=password]", demo_password)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("page-title")).to_have_text("输入动态码")
    device.refresh_from_db()
    # A code is good once: the enrolment used this step's, so use the next step's (within the
    # device's allowed drift), as a person would after the app shows a fresh code.
    page.fill("input[name=token]", _next_code(device))
    page.get_by_role("button", name="继续").click()
    expect(page.get_by_test_id("page-title")).to_have_text("我的工作台")
