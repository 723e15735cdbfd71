from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.http import Http404

from tests.cases.factories import make_case
from yunting.cases.errors import CaseError
from yunting.cases.events import CaseEvent
from yunting.cases.models import Case, CaseNumberCounter
from yunting.cases.selectors import case_get_for_user, case_list_for_user
from yunting.cases.services import case_change_status
from yunting.ledger.models import Entry


def test_numbers_follow_the_official_format_and_restart_each_year(demo, court):
    first = make_case(court=court, actor=demo["filing_officer"], accepted_on=date(2025, 12, 31))
    second = make_case(court=court, actor=demo["filing_officer"], accepted_on=date(2025, 12, 31))
    new_year = make_case(court=court, actor=demo["filing_officer"], accepted_on=date(2026, 1, 2))
    assert first.case_number == "（2025）沪0105民初1号"
    assert second.case_number == "（2025）沪0105民初2号"
    assert new_year.case_number == "（2026）沪0105民初1号"
    other_type = make_case(court=court, type_code="民特", accepted_on=date(2026, 1, 2))
    assert other_type.case_number == "（2026）沪0105民特1号"


def test_creation_is_recorded_in_the_ledger(demo, court):
    case = make_case(court=court, actor=demo["filing_officer"])
    entry = Entry.objects.get(case_id=case.id, event_type=CaseEvent.CREATED)
    assert entry.payload["case_number"] == case.case_number
    assert entry.actor_id == demo["filing_officer"].id
    assert case.claim_amount == 150000


def test_a_rolled_back_acceptance_gives_its_number_back(demo, court):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        make_case(court=court, accepted_on=date(2026, 3, 1))
        raise RuntimeError("filing refused half-way")
    case = make_case(court=court, accepted_on=date(2026, 3, 1))
    assert case.serial == 1


def test_parties_and_agents_see_the_case_others_get_404(demo, court):
    case = make_case(court=court, plaintiff_user=demo["litigant"], lawyer=demo["lawyer"])
    for who in ("litigant", "lawyer", "judge", "clerk"):
        assert case_get_for_user(user=demo[who], case_id=case.id) == case
    from yunting.accounts.models import User

    stranger = User.objects.get(phone="13900000002")  # 李四, the other demo litigant
    with pytest.raises(Http404):
        case_get_for_user(user=stranger, case_id=case.id)
    other_court_judge = User.objects.get(phone="13900000022")
    with pytest.raises(Http404):
        case_get_for_user(user=other_court_judge, case_id=case.id)
    with pytest.raises(Http404):
        case_get_for_user(user=demo["litigant"], case_id="not-a-uuid")
    assert list(case_list_for_user(user=stranger)) == []


def test_illegal_transitions_are_refused_and_change_nothing(demo, court):
    case = make_case(court=court)
    case_change_status(case=case, status="closed", actor=demo["judge"], reason="撤诉")
    with pytest.raises(CaseError) as exc:
        case_change_status(case=case, status="in_trial", actor=demo["judge"])
    assert exc.value.code == "illegal_transition"
    case.refresh_from_db()
    assert case.status == "closed"
    assert Entry.objects.filter(case_id=case.id, event_type=CaseEvent.STATUS_CHANGED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_get_distinct_consecutive_numbers(demo, court):
    """50 acceptances at once, each in its own thread and database connection."""
    # SQLite serialises writers anyway; the point here is PostgreSQL's row locking.
    n = 10 if connection.vendor == "sqlite" else 50
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def accept() -> None:
        try:
            barrier.wait(timeout=30)
            make_case(court=court, accepted_on=date(2026, 5, 6))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "an acceptance hung"
    assert errors == []
    serials = sorted(
        Case.objects.filter(year=2026, type_code="民初").values_list("serial", flat=True)
    )
    assert serials == list(range(1, n + 1))
    assert CaseNumberCounter.objects.get(court=court, year=2026, type_code="民初").last_serial == n
