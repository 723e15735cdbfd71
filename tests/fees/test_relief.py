"""Deferral, reduction and waiver (services/relief.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.fees.conftest import accept
from tests.fees.helpers import fee_events, other_litigant, pay_online
from tests.filing.factories import cached_pdf
from yunting.cases.models import Party
from yunting.fees import services
from yunting.fees.events import FeeEvent
from yunting.fees.models import (
    FeeOrder,
    OrderStatus,
)

pytestmark = pytest.mark.django_db


# --- relief ----------------------------------------------------------------------------------


def _apply(order, user, kind, **kw):
    return services.relief_apply(
        order=order,
        user=user,
        kind=kind,
        reasons="家庭经济困难，有低保证明。",
        proof_name="低保证明.pdf",
        proof_data=kw.pop("proof", cached_pdf("低保证明")),
        **kw,
    )


def test_reduction_below_30_percent_is_refused_and_30_is_approved(demo, order):
    lawyer = demo["lawyer"]
    with pytest.raises(ValidationError) as small:
        _apply(order, lawyer, "reduction", percent=Decimal("20"))
    assert small.value.code == "reduction_too_small"
    with pytest.raises(ValidationError) as bad_proof:
        _apply(order, lawyer, "reduction", percent=Decimal("30"), proof=b"MZ\0\0not a pdf")
    assert bad_proof.value.code == "bad_type"
    application = _apply(order, lawyer, "reduction", percent=Decimal("30"))
    with pytest.raises(ValidationError) as not_judge:  # only the judge of the case decides
        services.relief_decide(application=application, judge=demo["lawyer"], approve=True)
    assert not_judge.value.code == "not_judge"
    services.relief_decide(application=application, judge=order.case.judge, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.REDUCED and order.amount == Decimal("2310.00")
    assert fee_events(order, FeeEvent.RELIEF_APPROVED)


def test_an_organisation_cannot_be_fully_exempted_a_person_can(demo, court):
    case = accept(demo, court)
    order = case.fee_orders.get()
    Party.objects.filter(pk=order.payer_id).update(kind="organisation")
    order.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _apply(order, demo["lawyer"], "waiver")
    assert refused.value.code == "waiver_person_only"
    Party.objects.filter(pk=order.payer_id).update(kind="person")
    order = FeeOrder.objects.get(pk=order.pk)
    application = _apply(order, demo["lawyer"], "waiver")
    services.relief_decide(application=application, judge=case.judge, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.WAIVED and order.amount == Decimal("0.00")


def test_deferral_moves_the_deadline_and_a_refusal_changes_nothing(demo, order):
    lawyer = demo["lawyer"]
    with pytest.raises(ValidationError) as same_day:
        _apply(order, lawyer, "deferral", until=order.due_date)
    assert same_day.value.code == "deferral_date"
    refused = _apply(order, lawyer, "deferral", until=order.due_date + dt.timedelta(days=30))
    services.relief_decide(application=refused, judge=order.case.judge, approve=False)
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID and refused.order.deferred_until is None
    approved = _apply(order, lawyer, "deferral", until=order.due_date + dt.timedelta(days=30))
    services.relief_decide(application=approved, judge=order.case.judge, approve=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.DEFERRED
    assert order.pay_by == order.due_date + dt.timedelta(days=30)
    for approve in (True, False):
        with pytest.raises(ValidationError) as again:
            services.relief_decide(application=approved, judge=order.case.judge, approve=approve)
        assert again.value.code == "already_decided"
    order.refresh_from_db()
    assert order.status == OrderStatus.DEFERRED


def test_relief_is_applied_for_by_the_payer_side_only(demo, jingan, order):
    outsiders = [other_litigant(), order.case.judge, jingan["judge"], demo["finance_officer"]]
    for person in outsiders:
        with pytest.raises(ValidationError) as refused:
            _apply(order, person, "reduction", percent=Decimal("50"))
        assert refused.value.code == "not_payer"
    assert not order.reliefs.exists()
    # The payer's lawyer may (and the payer themself: see user_pays_for).
    assert (
        _apply(order, demo["lawyer"], "reduction", percent=Decimal("50")).applied_by
        == (demo["lawyer"])
    )


def test_relief_cannot_be_asked_once_the_order_is_paid(demo, client, order):
    pay_online(client, order, demo["lawyer"])
    order.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _apply(order, demo["lawyer"], "reduction", percent=Decimal("50"))
    assert refused.value.code == "relief_not_open"
