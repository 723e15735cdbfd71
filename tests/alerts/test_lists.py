"""The warning lists against the demo (alerts/demo.py and filing.demo.seed_demo_review_ages),
the expected sets worked out by hand from the table in alerts/demo.py's docstring."""

from __future__ import annotations

import pytest

from yunting.alerts import selectors
from yunting.alerts.demo import demo_case
from yunting.filing.demo import demo_review_filing

pytestmark = pytest.mark.django_db


def refs(items) -> set[str]:
    return {i.reference for i in items}


def cases(*keys: str) -> set[str]:
    return {demo_case(k).case_number for k in keys}


def states(items) -> dict[str, str]:
    return {i.reference: i.state for i in items}


def test_trial_limits_are_the_judges_own(warned):
    items = selectors.alert_items(user=warned["liu"], kind="limits")
    assert refs(items) == cases("L1", "L2")
    assert states(items) == {
        demo_case("L1").case_number: "past",
        demo_case("L2").case_number: "near",
    }
    assert refs(selectors.alert_items(user=warned["zhou"], kind="limits")) == cases("L4")
    l1 = next(i for i in items if i.reference == demo_case("L1").case_number)
    assert l1.alert.days_over > 0


def test_fees_overdue_for_the_judge_and_for_finance(warned):
    assert refs(selectors.alert_items(user=warned["liu"], kind="fees")) == cases("F1")
    assert refs(selectors.alert_items(user=warned["zhou"], kind="fees")) == cases("F3")
    assert refs(selectors.alert_items(user=warned["finance"], kind="fees")) == cases("F1", "F3")


def test_fees_reuse_the_fees_apps_overdue_queue(warned):
    from yunting.fees.selectors import orders_overdue_for_judge

    queue = {o.case.case_number for o in orders_overdue_for_judge(user=warned["liu"])}
    assert queue == refs(selectors.alert_items(user=warned["liu"], kind="fees"))


def test_service_overdue_for_the_clerk(warned):
    items = selectors.alert_items(user=warned["clerk"], kind="service")
    assert refs(items) == cases("S1")
    assert items[0].alert.days_over == 2
    # the judge keeps no service list
    assert selectors.alert_items(user=warned["liu"], kind="service") == []


def test_hearings_without_a_served_summons(warned):
    for user in (warned["liu"], warned["clerk"]):
        items = selectors.alert_items(user=user, kind="summons")
        assert refs(items) == cases("H1", "H2")
        assert states(items) == {
            demo_case("H1").case_number: "near",
            demo_case("H2").case_number: "past",
        }
    assert selectors.alert_items(user=warned["zhou"], kind="summons") == []


def test_filings_near_the_review_limit(warned):
    items = selectors.alert_items(user=warned["filing_officer"], kind="filings")
    assert refs(items) == {demo_review_filing("R1").number, demo_review_filing("R2").number}
    assert states(items) == {
        demo_review_filing("R1").number: "near",
        demo_review_filing("R2").number: "past",
    }


def test_staff_of_another_court_see_none_of_it(warned, jingan):
    for role in ("judge", "filing_officer", "finance_officer", "clerk"):
        for kind, items in selectors.alerts_for_user(user=jingan[role]):
            assert items == [], (role, kind.key)
