"""Staff of another court (沪0106) see none of 沪0105's ledger entries: not on a case's
timeline, not in the court administrator's event search (ledger/selectors.py)."""

from __future__ import annotations

import pytest

from tests.cases.factories import make_case
from yunting.ledger.models import Entry
from yunting.ledger.selectors import case_timeline, event_search

pytestmark = pytest.mark.django_db


def test_a_case_timeline_is_empty_for_staff_of_another_court(demo, jingan, court):
    case = make_case(court=court, actor=demo["filing_officer"])
    recorded = Entry.objects.filter(case_id=case.id).count()
    assert recorded > 0
    for role in ("judge", "clerk", "court_admin", "filing_officer"):
        assert case_timeline(case_id=case.id, user=jingan[role]) == []
    own = case_timeline(case_id=case.id, user=demo["judge"])
    assert len(own) == recorded and {i.entry.court_id for i in own} == {court.id}


def test_event_search_of_another_courts_administrator_finds_nothing_of_this_court(
    demo, jingan, court
):
    case = make_case(court=court, actor=demo["filing_officer"])
    outsider = jingan["court_admin"]
    assert not event_search(user=outsider, case_id=case.id).exists()
    assert not event_search(user=outsider).filter(court=court).exists()
    own = event_search(user=demo["court_admin"], case_id=case.id)
    assert own.exists() and set(own.values_list("court_id", flat=True)) == {court.id}
