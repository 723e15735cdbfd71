"""A changed password is announced by email, sent by the real worker through real SMTP."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.urls import reverse

# The worker commits and closes connections as it would in production, so these tests run
# with real commits (transactional_db) rather than inside a rolled-back test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_password_change_emails_the_owner(client, demo, demo_password, smtp_inbox, run_worker):
    user = demo["litigant"]
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": demo_password,
            "new_password1": "n3w-Passphrase!",
            "new_password2": "n3w-Passphrase!",
        },
    )
    assert response.status_code == 302
    assert smtp_inbox.messages == []  # nothing is sent inside the request
    run_worker()
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == user.email
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "您的云庭账户密码已修改"
    body = message.get_payload(decode=True).decode()
    assert user.name in body


def test_a_rejected_change_sends_nothing(client, demo, smtp_inbox, run_worker):
    client.force_login(demo["litigant"])
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "x-Passphrase-1",
            "new_password2": "x-Passphrase-1",
        },
    )
    run_worker()
    assert smtp_inbox.messages == []
