"""Filing officers of another court (沪0106) neither see nor decide 沪0105's filings
(filing/selectors.py, and the court check of filing/services.py's ``_ensure_officer``)."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.filing.factories import complete_filing
from yunting.courts.models import Court
from yunting.filing import services
from yunting.filing.errors import FilingError
from yunting.filing.models import FilingStatus
from yunting.filing.selectors import (
    filing_get_for_user,
    filing_review_queue,
    filings_received_at_counter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(demo, court):
    filing = complete_filing(user=demo["litigant"], court=court)
    return services.filing_submit(filing=filing, user=demo["litigant"])


def test_filings_of_another_court_are_404_and_off_its_queue(demo, jingan, submitted):
    for role in ("filing_officer", "court_admin", "judge"):
        outsider = jingan[role]
        with pytest.raises(Http404):
            filing_get_for_user(user=outsider, filing_id=submitted.id)
        assert not filing_review_queue(user=outsider).exists()
    officer = demo["filing_officer"]
    assert filing_get_for_user(user=officer, filing_id=submitted.id) == submitted
    assert list(filing_review_queue(user=officer)) == [submitted]


def test_a_counter_sees_only_the_filings_it_received(demo, jingan, court):
    """沪0105's counter files for the intermediate court 沪01: 沪0106's counter does not see it,
    neither in its list of filings received nor by id."""
    intermediate = Court.objects.get(code="沪01")
    officer = demo["filing_officer"]
    filing = services.filing_create(user=officer, court=intermediate)  # origin: his counter
    outsider = jingan["filing_officer"]
    assert not filings_received_at_counter(user=outsider).exists()
    with pytest.raises(Http404):
        filing_get_for_user(user=outsider, filing_id=filing.id)
    assert list(filings_received_at_counter(user=officer)) == [filing]


def test_a_filing_officer_of_another_court_cannot_decide(demo, jingan, submitted):
    outsider = jingan["filing_officer"]
    attempts = {
        "accept": lambda: services.filing_accept(filing=submitted, officer=outsider),
        "refuse": lambda: services.filing_refuse(
            filing=submitted, officer=outsider, reason="不属于本院管辖"
        ),
        "correction": lambda: services.filing_request_correction(
            filing=submitted, officer=outsider, items=["补正"]
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(FilingError) as refused:
            attempt()
        assert refused.value.code == "not_officer", name
    submitted.refresh_from_db()
    assert submitted.status == FilingStatus.SUBMITTED and submitted.case_id is None
