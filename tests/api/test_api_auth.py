"""Tokens: phone or email and password in, token out; django-axes lock-out; rate limit; 401."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

TOKEN_URL = "/api/v1/auth/token"


def test_token_by_phone_then_by_email_is_the_same_and_opens_the_api(anon, demo, demo_password):
    user = demo["lawyer"]
    response = anon.post(TOKEN_URL, {"username": user.phone, "password": demo_password})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["user_id"] == str(user.id) and body["name"] == user.name
    token = body["token"]
    if user.email:
        again = anon.post(TOKEN_URL, {"username": user.email, "password": demo_password})
        assert again.json()["token"] == token
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = anon.get(reverse("accounts_api:me"))
    assert me.status_code == 200 and me.json()["name"] == user.name
    assert anon.get("/api/v1/filings").status_code == 200


def test_wrong_password_is_a_clear_400_without_a_token(anon, demo):
    response = anon.post(
        TOKEN_URL, {"username": demo["litigant"].phone, "password": "not-it"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials" and "token" not in body
    assert "密码错误" in body["errors"]["non_field_errors"][0]


def test_missing_fields_are_named(anon, db):
    body = anon.post(TOKEN_URL, {"username": "13900000001"}, format="json").json()
    assert body["code"] == "required" and list(body["errors"]) == ["password"]


def test_five_failures_lock_the_account_even_for_the_right_password(anon, demo, demo_password):
    phone = demo["litigant"].phone
    for _attempt in range(4):
        response = anon.post(TOKEN_URL, {"username": phone, "password": "wrong"})
        assert response.json()["code"] == "invalid_credentials"
    response = anon.post(TOKEN_URL, {"username": phone, "password": "wrong"})  # 5th: locked
    assert response.status_code == 403 and response.json()["code"] == "locked_out"
    response = anon.post(TOKEN_URL, {"username": phone, "password": demo_password})
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "locked_out" and "锁定" in body["detail"] and "token" not in body
    assert response["Content-Type"].startswith("application/json")
    # Another account from the same address is not affected.
    other = anon.post(TOKEN_URL, {"username": demo["lawyer"].phone, "password": demo_password})
    assert other.status_code == 200


def test_a_success_clears_earlier_failures(anon, demo, demo_password):
    phone = demo["litigant"].phone
    for _attempt in range(4):
        anon.post(TOKEN_URL, {"username": phone, "password": "wrong"})
    assert anon.post(TOKEN_URL, {"username": phone, "password": demo_password}).status_code == 200
    for _attempt in range(4):
        anon.post(TOKEN_URL, {"username": phone, "password": "wrong"})
    assert anon.post(TOKEN_URL, {"username": phone, "password": demo_password}).status_code == 200


@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.TokenAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "1200/min", "auth_token": "3/min"},
    }
)
def test_the_token_endpoint_is_rate_limited_per_address(anon, db):
    for n in range(3):
        response = anon.post(TOKEN_URL, {"username": f"1390000009{n}", "password": "x"})
        assert response.status_code == 400
    response = anon.post(TOKEN_URL, {"username": "13900000099", "password": "x"})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled" and int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/filings",
        "/api/v1/filings/00000000-0000-0000-0000-000000000000",
        "/api/v1/cases",
        "/api/v1/cases/00000000-0000-0000-0000-000000000000",
    ],
)
def test_no_token_is_401_in_the_error_format(anon, db, url):
    response = anon.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_a_bad_token_is_401(anon, db):
    anon.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = anon.get("/api/v1/filings")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    response = anon.post("/api/v1/filings", {"court": "沪0105"}, format="json")
    assert response.status_code == 401


# --- court staff and the second factor ------------------------------------------------------


def _totp_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _code(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_staff_with_two_factor_need_the_code_for_a_token(anon, demo, demo_password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp otherwise delays retries after a miss
    judge = demo["judge"]
    device = _totp_device(judge)
    login = {"username": judge.phone, "password": demo_password}
    response = anon.post(TOKEN_URL, login)
    assert response.status_code == 400 and response.json()["code"] == "otp_required"
    assert list(response.json()["errors"]) == ["otp"]
    wrong = "000000" if _code(device) != "000000" else "111111"
    response = anon.post(TOKEN_URL, login | {"otp": wrong})
    assert response.status_code == 400 and response.json()["code"] == "otp_invalid"
    response = anon.post(TOKEN_URL, login | {"otp": _code(device)})
    assert response.status_code == 200 and response.json()["token"]


def test_staff_must_set_up_two_factor_first_where_required(anon, demo, demo_password, settings):
    settings.YUNTING_STAFF_2FA_REQUIRED = True
    response = anon.post(TOKEN_URL, {"username": demo["judge"].phone, "password": demo_password})
    assert response.status_code == 403 and response.json()["code"] == "otp_setup_required"
    # Litigants and lawyers have no second factor to pass.
    response = anon.post(TOKEN_URL, {"username": demo["lawyer"].phone, "password": demo_password})
    assert response.status_code == 200


def test_a_staff_browser_session_must_have_passed_two_factor(client, demo):
    _totp_device(demo["judge"])
    client.force_login(demo["judge"])
    response = client.get("/api/v1/cases")
    assert response.status_code == 403 and response.json()["code"] == "otp_required"
    client.force_login(demo["litigant"])
    assert client.get("/api/v1/cases").status_code == 200
