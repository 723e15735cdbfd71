"""Lock-out by the real client address (trusted proxies only) and a cap per account that no
rotation of addresses escapes; the log-in field takes a whole e-mail address."""

from __future__ import annotations

import pytest
from django.conf import settings

LOGIN = "/accounts/login/"


def test_the_login_field_accepts_a_whole_email_address(client, db):
    html = client.get(LOGIN).content.decode()
    assert 'maxlength="254"' in html and 'maxlength="11"' not in html


@pytest.mark.django_db
def test_a_rotating_forwarded_for_does_not_escape_the_lock_out(client, demo, demo_password):
    lawyer = demo["lawyer"]
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": lawyer.phone, "password": f"wrong-{i}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        )
    response = client.post(
        LOGIN,
        {"username": lawyer.phone, "password": demo_password},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 429 or "locked-message" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_account_is_held_after_failures_from_many_addresses(client, demo, demo_password):
    lawyer = demo["lawyer"]
    cap = settings.YUNTING_ACCOUNT_FAILURE_CAP
    for i in range(cap):
        client.post(
            LOGIN,
            {"username": lawyer.phone, "password": f"wrong-{i}"},
            REMOTE_ADDR=f"10.{i // 250}.{i % 250}.1",  # a new address each time
        )
    response = client.post(
        LOGIN, {"username": lawyer.phone, "password": demo_password}, REMOTE_ADDR="10.9.9.9"
    )
    assert "_auth_user_id" not in client.session
    assert "账户" in response.content.decode() and "忘记密码" in response.content.decode()
    # the same words for a name that has no account: nothing is revealed
    for i in range(cap):
        client.post(
            LOGIN,
            {"username": "13811112222", "password": "x"},
            REMOTE_ADDR=f"10.{i // 250}.{i % 250}.2",
        )
    other = client.post(LOGIN, {"username": "13811112222", "password": "x"})
    assert "忘记密码" in other.content.decode()
