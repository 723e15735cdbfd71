"""Helpers shared by the fee tests (the fixtures are in conftest.py)."""

from __future__ import annotations

from tests.fees.conftest import CALLBACK, signed
from yunting.accounts.models import User
from yunting.fees import services
from yunting.fees.models import FeeOrder
from yunting.ledger.models import Entry


def other_litigant() -> User:
    return User.objects.get(phone="13900000002")  # 李四: no part in these cases


def fee_events(order: FeeOrder, event: str | None = None) -> list[Entry]:
    entries = Entry.objects.filter(case_id=order.case_id, event_type__startswith="fees.")
    if event:
        entries = entries.filter(event_type=event)
    return [e for e in entries.order_by("seq") if e.payload.get("order") == str(order.id)]


def pay_online(client, order, user, **overrides):
    payment = services.payment_start(order=order, user=user, provider_code="test")
    params = signed(payment, **overrides)
    return payment, params, client.post(CALLBACK, params)
