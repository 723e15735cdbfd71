"""忘记密码 by SMS or e-mail code, and registration that proves the phone first: the same words
whether or not an account exists, limited, and every reset in the ledger."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from yunting.accounts.events import AccountEvent
from yunting.accounts.models import User
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)

RESET = "/accounts/password/reset/"
RESET_CONFIRM = "/accounts/password/reset/confirm/"
NEW = "n3w-Passphrase!2026"


def _code(text: str) -> str:
    return re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)


def _ask(client, identifier):
    return client.post(RESET, {"identifier": identifier}, follow=True)


def _confirm(client, code, password=NEW):
    return client.post(
        RESET_CONFIRM, {"code": code, "new_password1": password, "new_password2": password}
    )


def test_reset_by_sms_code_sets_the_password_and_is_recorded(
    client, demo, sms_provider, run_worker
):
    user = demo["litigant"]
    page = _ask(client, user.phone).content.decode()
    run_worker()
    (text,) = sms_provider.to(user.phone)
    assert "验证码" in text
    assert "139****0001" in page
    response = _confirm(client, _code(text))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW)
    (entry,) = Entry.objects.filter(event_type=AccountEvent.PASSWORD_RESET)
    assert entry.payload["channel"] == "sms" and entry.actor_id == user.id
    run_worker()
    assert len(sms_provider.to(user.phone)) == 2  # the owner is told it happened
    assert _confirm(client, _code(text)).status_code == 302  # the code is spent: back to ask


def test_reset_by_email_code(client, demo, smtp_inbox, run_worker):
    user = demo["lawyer"]
    _ask(client, user.email.upper())
    run_worker()
    (message,) = smtp_inbox.messages
    assert message["To"] == user.email
    assert str(make_header(decode_header(message["Subject"]))) == "云庭密码重置验证码"
    code = _code(message.get_payload(decode=True).decode())
    assert _confirm(client, code).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert Entry.objects.get(event_type=AccountEvent.PASSWORD_RESET).payload["channel"] == "email"


def test_an_unknown_account_gets_the_same_answer_and_nothing_is_sent(
    client, demo, sms_provider, run_worker
):
    known = _ask(client, demo["litigant"].phone)
    client.cookies.clear()
    unknown = _ask(client, "13711112222")
    run_worker()
    assert sms_provider.to("13711112222") == []

    def strip(html: str) -> str:  # the masked number and the CSRF tokens differ, nothing else
        return re.sub(r"1\d{2}\*{4}\d{4}|[A-Za-z0-9]{32,}", "", html)

    assert strip(known.content.decode()) == strip(unknown.content.decode())
    assert _confirm(client, "123456").status_code == 400
    assert "验证码错误或已过期" in _confirm(client, "000000").content.decode()


def test_wrong_codes_are_limited_then_a_new_code_is_needed(client, demo, sms_provider, run_worker):
    user = demo["litigant"]
    _ask(client, user.phone)
    run_worker()
    right = _code(sms_provider.to(user.phone)[0])
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        assert _confirm(client, wrong).status_code == 400
    assert "请重新获取验证码" in _confirm(client, right).content.decode()
    user.refresh_from_db()
    assert not user.check_password(NEW)


def test_requests_are_rate_limited_per_name_whether_or_not_it_exists(client, demo):
    for identifier in (demo["litigant"].phone, "13711112222"):
        for _ in range(3):
            assert _ask(client, identifier).redirect_chain
        response = _ask(client, identifier)
        assert not response.redirect_chain and "请一小时后再试" in response.content.decode()


def test_registration_does_not_reveal_a_registered_phone(client, demo, sms_provider, run_worker):
    def register(phone, id_number):
        return client.post(
            "/accounts/register/",
            {
                "name": "赵六",
                "phone": phone,
                "email": "",
                "id_type": "citizen",
                "id_number": id_number,
                "password1": "a-Long-passphrase-42",
                "password2": "a-Long-passphrase-42",
            },
            follow=True,
        )

    taken = register(demo["litigant"].phone, "310105198503122015")
    client.cookies.clear()
    fresh = register("13712345678", "110101199003070011")
    for page in (taken, fresh):
        assert page.redirect_chain[-1][0] == reverse("accounts:register_confirm")
        assert "验证码已通过短信发送至" in page.content.decode()
        assert "已存在" not in page.content.decode()
    run_worker()
    (warning,) = sms_provider.to(demo["litigant"].phone)
    assert "忘记密码" in warning and not re.search(r"\d{6}", warning)
    (text,) = sms_provider.to("13712345678")
    response = client.post(reverse("accounts:register_confirm"), {"code": _code(text)})
    assert response.status_code == 302
    assert User.objects.get(phone="13712345678").check_password("a-Long-passphrase-42")


def test_the_code_checks_refuse_with_their_error_codes(demo):
    """The service's own refusals, by code: a wrong code, a spent allowance, too many asks."""
    from yunting.accounts import recovery
    from yunting.accounts.errors import AccountError, AccountErrorCode

    pending = recovery.password_reset_request(identifier=demo["litigant"].phone, client="10.0.0.9")
    for _ in range(recovery.MAX_TRIES):
        with pytest.raises(AccountError) as info:
            recovery.password_reset_confirm(pending=pending, code="not-it", new_password=NEW)
        assert info.value.code == AccountErrorCode.WRONG_CODE
    with pytest.raises(AccountError) as info:
        recovery.password_reset_confirm(pending=pending, code="not-it", new_password=NEW)
    assert info.value.code == AccountErrorCode.TOO_MANY_TRIES
    for _ in range(recovery.REQUESTS_PER_NAME_PER_HOUR):
        recovery.password_reset_request(identifier="13711112222", client="10.0.0.9")
    with pytest.raises(AccountError) as info:
        recovery.password_reset_request(identifier="13711112222", client="10.0.0.9")
    assert info.value.code == AccountErrorCode.RATE_LIMITED
