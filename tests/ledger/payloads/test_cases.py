"""Payloads of the cases app's events on legal periods and account links (the others:
tests/ledger/test_event_payloads.py and judgments/)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.factories import make_case
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.cases.events import CaseEvent
from yunting.cases.models import ClockKind
from yunting.cases.services import clock_start, clock_stop, party_link_account
from yunting.rules.deadlines import named_period_end

pytestmark = pytest.mark.django_db


@covers(CaseEvent.CLOCK_STARTED, CaseEvent.CLOCK_STOPPED, CaseEvent.PARTY_LINKED)
def test_clock_and_party_link_events(demo, court):
    officer = demo["filing_officer"]
    case = make_case(court=court, actor=officer)
    at_case = {"case_id": case.id, "court_id": case.court_id}
    party = case.parties.get(role="defendant")
    served = dt.date(2026, 12, 1)
    with recorded() as entries:
        clock = clock_start(
            case=case,
            kind=ClockKind.DEFENCE,
            party=party,
            starts_on=served,
            actor=officer,
            source="test-service:1",
        )
    assert_event(
        entries,
        CaseEvent.CLOCK_STARTED,
        {
            "clock": str(clock.id),
            "kind": ClockKind.DEFENCE,
            "party": str(party.id),
            "starts_on": "2026-12-01",
            "due_on": named_period_end(ClockKind.DEFENCE, served).date.isoformat(),
            "basis": clock.basis,
            "source": "test-service:1",
        },
        actor_id=officer.id,
        **at_case,
    )
    assert clock.basis  # the statute the period comes from
    with recorded() as entries:
        clock_stop(clock=clock, actor=None, reason="defence filed")
    assert_event(
        entries,
        CaseEvent.CLOCK_STOPPED,
        {"clock": str(clock.id), "kind": ClockKind.DEFENCE, "reason": "defence filed"},
        actor_id=None,
        **at_case,
    )

    plaintiff = case.parties.get(role="plaintiff")
    person = demo["litigant"]  # 张三, whose ID number the plaintiff's record carries
    assert person.id_number == plaintiff.id_number and plaintiff.user_id is None
    with recorded() as entries:
        party_link_account(party=plaintiff, user=person, actor=person)
    assert_event(
        entries,
        CaseEvent.PARTY_LINKED,
        {"party": str(plaintiff.id), "user": str(person.id)},
        actor_id=person.id,
        **at_case,
    )
