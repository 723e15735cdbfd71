"""The early-warning thresholds (rules/alerts.py), with dates worked out by hand."""

from __future__ import annotations

import datetime as dt

from yunting.rules import alerts

D = dt.date
TODAY = D(2026, 12, 2)


def test_trial_limit_near_within_fifteen_days_past_after():
    assert alerts.trial_limit_alert(D(2026, 12, 18), TODAY) is None  # 16 days left
    near = alerts.trial_limit_alert(D(2026, 12, 17), TODAY)  # 15 days left
    assert (near.state, near.days_left) == ("near", 15)
    assert alerts.trial_limit_alert(TODAY, TODAY).state == "near"  # the last day
    past = alerts.trial_limit_alert(D(2026, 11, 29), TODAY)
    assert (past.state, past.days_over) == ("past", 3)


def test_review_near_in_the_last_two_days():
    assert alerts.review_alert(D(2026, 12, 5), TODAY) is None  # 3 days left
    assert alerts.review_alert(D(2026, 12, 4), TODAY).state == "near"
    assert alerts.review_alert(D(2026, 12, 1), TODAY).state == "past"
    assert alerts.review_alert(None, TODAY) is None


def test_fees_and_service_warn_only_once_past():
    assert alerts.fee_alert(TODAY, TODAY) is None
    assert alerts.fee_alert(D(2026, 12, 1), TODAY).days_over == 1
    assert alerts.service_alert(D(2026, 12, 3), TODAY) is None
    assert alerts.service_alert(D(2026, 11, 30), TODAY).state == "past"


def test_summons_three_days_before_the_hearing():
    # hearing on 7 Dec: last day to serve 4 Dec (CPL Art. 139), warned from 2 Dec
    assert alerts.summons_last_day(D(2026, 12, 7)) == D(2026, 12, 4)
    near = alerts.summons_alert(D(2026, 12, 7), TODAY)
    assert (near.state, near.last_day, near.days_left) == ("near", D(2026, 12, 4), 2)
    assert alerts.summons_alert(D(2026, 12, 8), TODAY) is None  # last day 5 Dec: 3 days
    past = alerts.summons_alert(D(2026, 12, 4), TODAY)  # last day 1 Dec
    assert (past.state, past.days_over) == ("past", 1)
    assert alerts.summons_alert(D(2026, 12, 1), TODAY) is None  # the hearing is over
