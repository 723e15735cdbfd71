"""An effective judgment of the demo loan case, through the real judgments services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.judgments.conftest import case, issue_judgment, people, serve_all
from yunting.judgments import services as judgments


def make_effective(case, people):
    decision = issue_judgment(case, people)
    clocks = serve_all(case, decision)
    last = max(c.due_on for c in clocks)
    assert judgments.decision_effect_check(decision=decision, today=last + dt.timedelta(1))
    decision.refresh_from_db()
    return decision


@pytest.fixture
def effective(case, people):
    return make_effective(case, people)


__all__ = ["case", "effective", "make_effective", "people", "timezone"]
