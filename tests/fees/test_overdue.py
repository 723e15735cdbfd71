"""Acceptance fees unpaid past the deadline (services/overdue.py) and the judge's queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.fees.helpers import fee_events
from yunting.accounts.models import User
from yunting.fees import selectors, services
from yunting.fees.events import FeeEvent
from yunting.fees.models import (
    FeeOrder,
    OrderStatus,
)

pytestmark = pytest.mark.django_db


# --- overdue queue ---------------------------------------------------------------------------


def test_overdue_order_shows_on_the_judges_queue_until_decided(demo, client, case):
    from yunting.workbench.navigation import queues_for

    order = case.fee_orders.get()
    judge = case.judge
    other_judge = User.objects.get(
        phone="13900000013" if judge.phone == "13900000012" else "13900000012"
    )
    assert not selectors.orders_overdue_for_judge(user=judge).exists()
    FeeOrder.objects.filter(pk=order.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    assert list(selectors.orders_overdue_for_judge(user=judge)) == [order]
    assert not selectors.orders_overdue_for_judge(user=other_judge).exists()
    counts = {str(q["title"]): q["count"] for q in queues_for(judge)}
    assert any("按撤诉处理" in title and n == 1 for title, n in counts.items())
    client.force_login(judge)
    page = client.get("/fees/workbench/overdue/")
    assert page.status_code == 200 and case.case_number in page.content.decode()
    with pytest.raises(ValidationError) as not_judge:
        services.overdue_decide(
            order=order, judge=other_judge, decision="treat_as_withdrawn", note="x"
        )
    assert not_judge.value.code == "not_judge"
    response = client.post(
        "/fees/workbench/overdue/",
        {"order": str(order.id), "decision": "treat_as_withdrawn", "note": "逾期未交，按撤诉处理"},
    )
    assert response.status_code == 302
    assert not selectors.orders_overdue_for_judge(user=judge).exists()
    decided = fee_events(order, FeeEvent.OVERDUE_DECIDED)
    assert decided[0].payload["decision"] == "treat_as_withdrawn"


def test_a_running_deferral_keeps_the_order_off_the_queue(demo, order):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    FeeOrder.objects.filter(pk=order.pk).update(
        status=OrderStatus.DEFERRED,
        due_date=yesterday,
        deferred_until=yesterday + dt.timedelta(days=10),
    )
    assert not selectors.orders_overdue_for_judge(user=order.case.judge).exists()
    FeeOrder.objects.filter(pk=order.pk).update(deferred_until=yesterday)
    assert selectors.orders_overdue_for_judge(user=order.case.judge).exists()
