"""Trial time limits (审限) per procedure, as the case page states them (cases/selectors.py
``case_deadlines``): ordinary 6 months (CPL Art. 152), summary 3 months (Art. 164), small
claims 2 months (Art. 168), counted from acceptance. Expected dates are worked out by hand.
(Extensions — 6, 1 and 1 month on approval — are not modelled by the cases app yet.)"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.factories import make_case
from yunting.cases.models import CaseStatus
from yunting.cases.selectors import case_deadlines

pytestmark = pytest.mark.django_db

ACCEPTED = dt.date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("procedure", "ends"),
    [
        ("ordinary", dt.date(2026, 9, 2)),  # 2 September 2026, a Wednesday
        ("summary", dt.date(2026, 6, 2)),  # 2 June 2026, a Tuesday
        # 2 May 2026 falls in the Labour Day holiday (1–5 May): the limit ends on 6 May.
        ("small_claims", dt.date(2026, 5, 6)),
    ],
)
def test_the_trial_time_limit_depends_on_the_procedure(demo, court, procedure, ends):
    case = make_case(
        court=court, actor=demo["filing_officer"], procedure=procedure, accepted_on=ACCEPTED
    )
    deadlines = case_deadlines(case=case)
    assert [d["date"] for d in deadlines] == [ends]
    assert "审限" in str(deadlines[0]["label"])


def test_a_closed_case_has_no_running_trial_limit(demo, court):
    case = make_case(court=court, actor=demo["filing_officer"], accepted_on=ACCEPTED)
    case.status = CaseStatus.CLOSED
    assert case_deadlines(case=case) == []
