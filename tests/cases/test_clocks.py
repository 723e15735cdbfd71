"""Legal periods per party (cases.Clock): computed by rules.deadlines from a service date,
started once per source, stopped by the act they wait for, listed with the case's dates."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.factories import make_case
from yunting.cases.errors import CaseError
from yunting.cases.events import CaseEvent
from yunting.cases.models import Clock, ClockKind
from yunting.cases.selectors import case_clocks, case_deadlines, party_clock
from yunting.cases.services import clock_start, clock_stop
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(demo, court):
    return make_case(court=court, actor=demo["filing_officer"], plaintiff_user=demo["litigant"])


def defendant(case):
    return case.parties.get(role="defendant")


def test_defence_runs_fifteen_days_from_service_and_thirty_abroad(demo, case):
    # Served Monday 2 March 2026: 15 days counted from the next day end Tuesday 17 March.
    clock = clock_start(
        case=case,
        party=defendant(case),
        kind=ClockKind.DEFENCE,
        starts_on=dt.date(2026, 3, 2),
        actor=demo["clerk"],
        source="service:a",
    )
    assert clock.due_on == dt.date(2026, 3, 17)
    assert "第一百二十八条" in clock.basis
    abroad = defendant(case)
    abroad.abroad = True
    abroad.save(update_fields=["abroad"])
    later = clock_start(
        case=case,
        party=abroad,
        kind=ClockKind.DEFENCE,
        starts_on=dt.date(2026, 3, 2),
        actor=demo["clerk"],
        source="service:b",
    )
    assert later.due_on == dt.date(2026, 4, 1)  # 30 days, a Wednesday
    entry = Entry.objects.filter(event_type=CaseEvent.CLOCK_STARTED).latest("seq")
    assert entry.payload["due_on"] == "2026-04-01" and entry.payload["kind"] == "defence"


def test_a_period_ending_on_a_rest_day_ends_on_the_next_working_day(demo, case):
    # Saturday 7 March + 15 days = Sunday 22 March → Monday 23 March (CPL Art. 85).
    clock = clock_start(
        case=case,
        party=defendant(case),
        kind=ClockKind.DEFENCE,
        starts_on=dt.date(2026, 3, 7),
        actor=None,
    )
    assert clock.due_on == dt.date(2026, 3, 23)


def test_the_same_source_starts_a_clock_once(demo, case):
    kwargs = dict(
        case=case,
        party=defendant(case),
        kind=ClockKind.APPEAL_JUDGMENT,
        starts_on=dt.date(2026, 6, 1),
        actor=None,
        source="service:x",
    )
    first = clock_start(**kwargs)
    assert clock_start(**kwargs) == first
    assert Clock.objects.filter(case=case).count() == 1
    assert Entry.objects.filter(event_type=CaseEvent.CLOCK_STARTED, case_id=case.id).count() == 1


def test_court_set_limits_need_their_last_day(demo, case):
    with pytest.raises(CaseError) as refused:
        clock_start(case=case, kind=ClockKind.EVIDENCE, starts_on=dt.date(2026, 6, 1), actor=None)
    assert refused.value.code == "clock_needs_due_date"
    with pytest.raises(CaseError) as refused:
        clock_start(
            case=case,
            kind=ClockKind.EVIDENCE,
            starts_on=dt.date(2026, 6, 1),
            due_on=dt.date(2026, 5, 1),
            actor=None,
        )
    assert refused.value.code == "clock_due_before_start"
    clock = clock_start(
        case=case,
        kind=ClockKind.EVIDENCE,
        starts_on=dt.date(2026, 6, 1),
        due_on=dt.date(2026, 7, 1),
        actor=None,
    )
    assert clock.due_on == dt.date(2026, 7, 1) and clock.party is None


def test_a_party_of_another_case_is_refused(demo, court, case):
    other = make_case(court=court, actor=demo["filing_officer"])
    with pytest.raises(CaseError) as refused:
        clock_start(
            case=case,
            party=defendant(other),
            kind=ClockKind.DEFENCE,
            starts_on=dt.date(2026, 6, 1),
            actor=None,
        )
    assert refused.value.code == "clock_party_not_in_case"
    assert not Clock.objects.exists()


def test_stopping_is_recorded_once_and_the_case_lists_running_periods(demo, case):
    party = defendant(case)
    clock = clock_start(
        case=case, party=party, kind=ClockKind.DEFENCE, starts_on=dt.date(2026, 3, 2), actor=None
    )
    assert party_clock(party=party, kind=ClockKind.DEFENCE) == clock
    assert party_clock(party=party, kind=ClockKind.APPEAL_JUDGMENT) is None
    labels = [str(item["label"]) for item in case_deadlines(case=case)]
    assert any(party.name in label for label in labels)
    clock_stop(clock=clock, actor=demo["judge"], reason="答辩状已提交")
    clock_stop(clock=clock, actor=demo["judge"], reason="again")
    clock.refresh_from_db()
    assert not clock.running and clock.stop_reason == "答辩状已提交"
    assert Entry.objects.filter(event_type=CaseEvent.CLOCK_STOPPED).count() == 1
    assert case_clocks(case=case, running_only=True) == []
    assert case_clocks(case=case) == [clock]
    assert not any(party.name in str(item["label"]) for item in case_deadlines(case=case))
