"""Payload of the password reset (the other account events: tests/ledger/test_event_payloads.py)."""

from __future__ import annotations

import re

import pytest

from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.accounts.events import AccountEvent
from yunting.accounts.recovery import password_reset_confirm, password_reset_request

pytestmark = pytest.mark.django_db(transaction=True)  # the worker sends the code


@covers(AccountEvent.PASSWORD_RESET)
def test_password_reset_event(demo, sms_provider, run_worker):
    user = demo["litigant"]
    pending = password_reset_request(identifier=user.phone, client="192.0.2.1")
    run_worker()
    (text,) = sms_provider.to(user.phone)
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)
    with recorded() as entries:
        password_reset_confirm(pending=pending, code=code, new_password="n3w-Passphrase!2026")
    assert_event(
        entries,
        AccountEvent.PASSWORD_RESET,
        {"user": str(user.id), "channel": "sms"},
        actor_id=user.id,
        court_id=None,
        case_id=None,
    )
