"""An oracle for expected deadlines that does not use the code under test.

CPL Art. 85: when the last day of a period is a statutory rest day, the period ends on the
first day after it. Which days are rest days comes straight from ``chinese_calendar``, not
from ``yunting.rules.deadlines``, so a test comparing the two can fail."""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def last_day_after(start: dt.date, *, days: int) -> dt.date:
    """A period of ``days`` counted from the day after ``start``, moved off rest days."""
    end = start + dt.timedelta(days=days)
    while not chinese_calendar.is_workday(end):
        end += dt.timedelta(days=1)
    return end
