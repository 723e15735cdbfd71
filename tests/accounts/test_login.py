"""Log-in by phone or email, lock-out, registration and staff two-factor authentication."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yunting.accounts.models import User

LOGIN = "/accounts/login/"


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_by_phone_lands_a_litigant_on_the_portal(client, demo, demo_password):
    response = post_login(client, "13900000001", demo_password)
    assert response.status_code == 302
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "张三" in response.content.decode()


def test_login_by_email_and_with_country_code(client, demo, demo_password):
    assert post_login(client, "13900000012@demo.yunting.invalid", demo_password).status_code == 302
    client.logout()
    assert post_login(client, "+86 139 0000 0012", demo_password).status_code == 302


def test_staff_land_on_the_workbench(client, demo, demo_password):
    post_login(client, demo["judge"].phone, demo_password)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("workbench:home")
    body = response.content.decode()
    assert "承办法官" in body and "上海市长宁区人民法院" in body


def test_wrong_password_shows_an_error_and_does_not_log_in(client, demo):
    response = post_login(client, demo["litigant"].phone, "not-the-password")
    assert response.status_code == 200
    assert "密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, demo, demo_password):
    phone = demo["litigant"].phone
    for _attempt in range(4):
        response = post_login(client, phone, "wrong-password")
        assert "密码错误" in response.content.decode()
    response = post_login(client, phone, "wrong-password")  # 5th failure: locked from now on
    assert response.status_code == 429
    response = post_login(client, phone, demo_password)  # 6th attempt, right password
    assert response.status_code == 429
    assert "账户已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_non_staff_cannot_see_the_workbench(client, demo, demo_password):
    post_login(client, demo["lawyer"].phone, demo_password)
    assert client.get(reverse("workbench:home")).status_code == 404


def test_anonymous_workbench_visit_goes_to_login(client, db):
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_registration_validates_the_id_and_creates_a_litigant(client, db):
    data = {
        "name": "赵六",
        "phone": "13712345678",
        "email": "",
        "id_type": "citizen",
        "id_number": "310105198503122016",  # wrong check digit
        "password1": "a-Long-passphrase-42",
        "password2": "a-Long-passphrase-42",
    }
    response = client.post(reverse("accounts:register"), data)
    assert "校验位" in response.content.decode()
    assert not User.objects.filter(phone="13712345678").exists()
    data["id_number"] = "310105198503122015"
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 302  # on to the phone's code (tests/accounts/test_recovery)
    assert response["Location"] == reverse("accounts:register_confirm")
    assert not User.objects.filter(phone="13712345678").exists()  # not before the code


def test_registration_with_a_registered_phone_looks_the_same(client, demo):
    data = {
        "name": "冒名",
        "phone": demo["litigant"].phone,
        "id_type": "passport",
        "id_number": "E99999999",
        "password1": "a-Long-passphrase-42",
        "password2": "a-Long-passphrase-42",
    }
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 302  # the same as for a new number: no enumeration
    assert response["Location"] == reverse("accounts:register_confirm")
    assert User.objects.filter(phone=demo["litigant"].phone).count() == 1


def test_password_change_requires_the_old_password(client, demo, demo_password):
    client.force_login(demo["litigant"])
    url = reverse("accounts:password_change")
    response = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "n3w-Passphrase!",
            "new_password2": "n3w-Passphrase!",
        },
    )
    assert response.status_code == 200
    response = client.post(
        url,
        {
            "old_password": demo_password,
            "new_password1": "n3w-Passphrase!",
            "new_password2": "n3w-Passphrase!",
        },
    )
    assert response.status_code == 302
    demo["litigant"].refresh_from_db()
    assert demo["litigant"].check_password("n3w-Passphrase!")


def _current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # no back-off between the two tries below
def test_staff_with_an_authenticator_must_enter_a_code(client, demo, demo_password):
    judge = demo["judge"]
    device = TOTPDevice.objects.create(user=judge, name="phone", confirmed=True)
    response = post_login(client, judge.phone, demo_password)
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get(reverse("workbench:home")).status_code == 302  # not past the 2nd factor
    response = client.post(
        reverse("accounts:otp_verify"), {"token": "000000", "next": "/workbench/"}
    )
    assert response.status_code == 200 and "动态码不正确" in response.content.decode()
    client.post(reverse("accounts:otp_verify"), {"token": _current_token(device), "next": "/"})
    assert client.get(reverse("workbench:home")).status_code == 200


@override_settings(YUNTING_STAFF_2FA_REQUIRED=True)
def test_when_2fa_is_required_staff_must_enrol_first(client, demo, demo_password):
    clerk = demo["clerk"]
    post_login(client, clerk.phone, demo_password)
    response = client.get(reverse("workbench:home"))
    assert response["Location"] == reverse("accounts:otp_setup")
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    client.post(reverse("accounts:otp_setup"), {"token": _current_token(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("workbench:home")).status_code == 200


@pytest.mark.parametrize("token", ["12345", "abcdef", ""])
def test_malformed_codes_get_a_clear_message(client, demo, token):
    client.force_login(demo["judge"])
    response = client.post(reverse("accounts:otp_verify"), {"token": token})
    assert response.status_code == 200
    assert response.status_code == 200
    field_errors = response.context["form"].errors["token"]
    assert field_errors and ("6位" in field_errors[0] or "必填" in field_errors[0])
