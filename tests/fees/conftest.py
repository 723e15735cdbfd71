"""Accepted cases with their fee orders, built through the real filing services."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.filing.factories import complete_filing
from yunting.documents.requests import document_requests_run_pending
from yunting.fees.models import Payment
from yunting.fees.providers import notification_for, provider_key
from yunting.filing import services as filing_services
from yunting.ledger.services import format_time


def accept(
    demo,
    court,
    *,
    user=None,
    as_lawyer=True,
    amount="150000",
    extra_plaintiffs=(),
    procedure="ordinary",
):
    user = user or demo["lawyer"]
    filing = complete_filing(user=user, court=court, as_lawyer=as_lawyer, amount=amount)
    for data in extra_plaintiffs:
        filing_services.filing_add_party(filing=filing, user=user, data=data)
    filing_services.filing_submit(filing=filing, user=user)
    case = filing_services.filing_accept(
        filing=filing, officer=demo["filing_officer"], procedure=procedure
    )
    document_requests_run_pending(case=case)  # the notices, made after commit by the worker
    return case


@pytest.fixture
def case(demo, court):
    """A 150,000-yuan loan case filed by the demo lawyer for 张三: fee 3,300.00."""
    return accept(demo, court)


@pytest.fixture
def order(case):
    return case.fee_orders.get()


def signed(payment: Payment, **overrides) -> dict[str, str]:
    params = notification_for(
        out_trade_no=payment.out_trade_no,
        transaction_id=overrides.pop("transaction_id", "TXN-0001"),
        amount=overrides.pop("amount", f"{payment.amount:.2f}"),
        paid_at=format_time(timezone.now()),
        key=provider_key("test"),
        **overrides,
    )
    return params


CALLBACK = "/fees/callback/test/"
