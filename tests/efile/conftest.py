from __future__ import annotations

from decimal import Decimal

import pytest

from yunting.accounts.models import User


def _accept(lawyer: bool = True, defendant: str = "李某"):
    from yunting.courts.models import Court
    from yunting.documents.requests import document_requests_run_pending
    from yunting.efile.services import efile_ingest_run_pending
    from yunting.filing import services
    from yunting.filing.demo import build_filing, demo_pdf
    from yunting.filing.services import PartyInput

    court = Court.objects.get(code="沪0105")
    user = User.objects.get(phone="13900000003" if lawyer else "13900000001")
    officer = User.objects.get(phone="13900000011")
    filing = build_filing(
        user=user,
        court=court,
        defendant=PartyInput(role="defendant", kind="person", name=defendant, address="上海市"),
        amount=Decimal("50000"),
        lawyer=lawyer,
        facts="被告借款未还。",
        pdf=demo_pdf,
    )
    services.filing_submit(filing=filing, user=user)
    case = services.filing_accept(filing=filing, officer=officer)
    document_requests_run_pending(case=case)  # the notices, made after commit by the worker
    efile_ingest_run_pending(case=case)  # and the filing's papers filed in the e-file
    return case


@pytest.fixture
def accepted_case(demo):
    return _accept()


@pytest.fixture
def other_case(demo):
    return _accept(lawyer=False, defendant="王某")


@pytest.fixture
def clerk(demo):
    return demo["clerk"]
