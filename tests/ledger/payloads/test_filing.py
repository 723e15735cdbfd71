"""Payload of the filing officer's look at a full ID number (the other filing events:
tests/ledger/test_event_payloads.py and mediation/)."""

from __future__ import annotations

import pytest

from tests.filing.factories import complete_filing
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.filing import services as filing
from yunting.filing.events import FilingEvent

pytestmark = pytest.mark.django_db


@covers(FilingEvent.ID_REVEALED)
def test_id_revealed_event(demo, court):
    user, officer = demo["lawyer"], demo["filing_officer"]
    draft = complete_filing(user=user, court=court, as_lawyer=True)
    filing.filing_submit(filing=draft, user=user)
    party = draft.parties.get(role="defendant")
    with recorded() as entries:
        number = filing.filing_party_id_reveal(filing=draft, party=party, officer=officer)
    assert number == party.id_number
    assert_event(
        entries,
        FilingEvent.ID_REVEALED,
        {"filing": str(draft.id), "party": str(party.id), "role": "defendant"},
        court_id=court.id,
        actor_id=officer.id,
        case_id=None,
    )
