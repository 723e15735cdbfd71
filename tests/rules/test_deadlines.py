"""Periods, 《民事诉讼法》 Art. 85, over the State Council holiday schedule."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yunting.rules.deadlines import (
    PERIODS,
    ChineseHolidayCalendar,
    Deadline,
    WeekendCalendar,
    add_months,
    add_working_days,
    named_period_end,
    period_end,
)
from yunting.rules.errors import RuleError

D = dt.date


def test_start_day_not_counted_and_weekend_extension() -> None:
    # 1 March 2024 + 15 days = 16 March 2024, a Saturday → Monday 18 March.
    assert period_end(D(2024, 3, 1), days=15) == Deadline(D(2024, 3, 18), True, D(2024, 3, 16))
    # 4 March 2024 + 15 days = Tuesday 19 March: no extension.
    assert period_end(D(2024, 3, 4), days=15) == Deadline(D(2024, 3, 19), False, D(2024, 3, 19))


def test_national_day_2025() -> None:
    # Official schedule: 1–8 October 2025 off; Sunday 28 September and Saturday 11 October worked.
    for day in range(1, 9):
        assert not chinese_calendar.is_workday(D(2025, 10, day))
    assert chinese_calendar.is_workday(D(2025, 9, 28))
    assert chinese_calendar.is_workday(D(2025, 10, 11))
    # Nominal end 1 October → first working day after the holiday, Thursday 9 October.
    result = period_end(D(2025, 9, 16), days=15)
    assert result == Deadline(D(2025, 10, 9), True, D(2025, 10, 1))
    # Nominal end on the last holiday day, 8 October → 9 October.
    assert period_end(D(2025, 9, 23), days=15).date == D(2025, 10, 9)
    # Nominal end on make-up Sunday 28 September: a working day, not extended.
    assert period_end(D(2025, 9, 13), days=15) == Deadline(D(2025, 9, 28), False, D(2025, 9, 28))
    # Nominal end on make-up Saturday 11 October: a working day, not extended.
    assert period_end(D(2025, 9, 26), days=15) == Deadline(D(2025, 10, 11), False, D(2025, 10, 11))


def test_spring_festival_2026_data() -> None:
    # chinese-calendar's schedule for the 2026 Spring Festival: 15–23 February off (9 days),
    # make-up working Saturdays 14 and 28 February.
    february = [D(2026, 2, d) for d in range(1, 29)]
    off = [d for d in february if d.weekday() < 5 and not chinese_calendar.is_workday(d)]
    holidays = [d for d in february if chinese_calendar.is_holiday(d)]
    assert [d for d in holidays if d >= D(2026, 2, 14)] == [D(2026, 2, d) for d in range(15, 24)]
    assert off == [D(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)]
    makeup = [d for d in february if d.weekday() >= 5 and chinese_calendar.is_workday(d)]
    assert makeup == [D(2026, 2, 14), D(2026, 2, 28)]


def test_spring_festival_2026_periods() -> None:
    # Nominal 16 February (holiday) → Tuesday 24 February, the first working day after it.
    assert period_end(D(2026, 2, 1), days=15) == Deadline(D(2026, 2, 24), True, D(2026, 2, 16))
    # Nominal on make-up Saturday 14 February: not extended.
    assert period_end(D(2026, 1, 30), days=15) == Deadline(D(2026, 2, 14), False, D(2026, 2, 14))
    # Nominal on make-up Saturday 28 February: not extended.
    assert period_end(D(2026, 2, 13), days=15) == Deadline(D(2026, 2, 28), False, D(2026, 2, 28))
    # Seven-day payment period from 13 February ends 20 February (holiday) → 24 February.
    assert named_period_end("payment", D(2026, 2, 13)).date == D(2026, 2, 24)


def test_month_periods_clamp_to_month_end() -> None:
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)  # leap year
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)
    assert add_months(D(2024, 12, 15), 1) == D(2025, 1, 15)
    # 31 January 2025 + 1 month → Friday 28 February 2025, a working day.
    assert period_end(D(2025, 1, 31), months=1) == Deadline(D(2025, 2, 28), False, D(2025, 2, 28))
    # 31 January 2024 + 1 month → Thursday 29 February 2024.
    assert period_end(D(2024, 1, 31), months=1).date == D(2024, 2, 29)
    # 30 November 2025 + 3 months → Saturday 28 February 2026, a make-up working day.
    assert period_end(D(2025, 11, 30), months=3) == Deadline(D(2026, 2, 28), False, D(2026, 2, 28))


def test_year_outside_the_known_schedule_falls_back_to_weekends() -> None:
    known_until = max(d.year for d in chinese_calendar.holidays)
    year = known_until + 4
    jan1 = D(year, 1, 1)
    result = period_end(jan1 - dt.timedelta(days=15), days=15)
    assert result.calendar_known is False
    assert result.nominal == jan1
    # Weekends only: a weekday stays, a weekend moves to Monday.
    expected = jan1 if jan1.weekday() < 5 else jan1 + dt.timedelta(days=7 - jan1.weekday())
    assert result.date == expected
    assert period_end(D(2025, 3, 3), days=1).calendar_known is True


def test_custom_calendar() -> None:
    cal = WeekendCalendar()
    # 1 October 2025 is a Wednesday: a working day for a weekends-only calendar.
    result = period_end(D(2025, 9, 16), days=15, holidays=cal)
    assert (result.date, result.extended, result.calendar_known) == (D(2025, 10, 1), False, False)
    assert ChineseHolidayCalendar().knows(D(2025, 10, 1))


def test_add_working_days() -> None:
    # 30 Sep 2025 + 3 working days: 1–8 Oct off → 9 Oct (1), 10 Oct (2), Sat 11 Oct make-up (3).
    assert add_working_days(D(2025, 9, 30), 3).date == D(2025, 10, 11)
    assert add_working_days(D(2024, 3, 1), 1).date == D(2024, 3, 4)  # Friday → Monday
    assert add_working_days(D(2026, 2, 13), 1).date == D(2026, 2, 14)  # make-up Saturday
    assert named_period_end("mediator_designation", D(2026, 2, 13)).date == D(2026, 2, 25)


def test_named_periods() -> None:
    assert named_period_end("defence", D(2024, 3, 4)).date == D(2024, 3, 19)
    assert named_period_end("defence", D(2024, 3, 4), abroad=True).nominal == D(2024, 4, 3)
    assert named_period_end("appeal_ruling", D(2024, 3, 4)).nominal == D(2024, 3, 14)
    assert named_period_end("ordinary_trial", D(2024, 1, 15)).nominal == D(2024, 7, 15)
    assert named_period_end("ordinary_trial", D(2024, 1, 15), extended=True).nominal == D(
        2025, 1, 15
    )
    assert named_period_end("summary_trial", D(2024, 1, 15), extended=True).nominal == D(
        2024, 5, 15
    )
    assert named_period_end("small_claims_trial", D(2024, 1, 31)).nominal == D(2024, 3, 31)
    assert named_period_end("execution_application", D(2024, 2, 29)).nominal == D(2026, 2, 28)
    assert named_period_end("retrial_application", D(2024, 8, 31)).nominal == D(2025, 2, 28)
    with pytest.raises(RuleError) as info:
        named_period_end("appeal_judgment_trial", D(2024, 1, 1), extended=True)
    assert info.value.code == "no_extension"
    with pytest.raises(RuleError) as info:
        named_period_end("nonsense", D(2024, 1, 1))
    assert info.value.code == "unknown_period"


def test_period_table() -> None:
    expected = {
        "filing_review": (7, "days", None),
        "service_of_complaint": (5, "days", None),
        "defence": (15, "days", 30),
        "appeal_judgment": (15, "days", 30),
        "appeal_ruling": (10, "days", 30),
        "public_notice": (30, "days", None),
        "payment": (7, "days", None),
        "ordinary_trial": (6, "months", None),
        "summary_trial": (3, "months", None),
        "small_claims_trial": (2, "months", None),
        "appeal_judgment_trial": (3, "months", None),
        "appeal_ruling_trial": (30, "days", None),
        "payment_order": (15, "days", None),
        "execution_application": (2, "years", None),
        "retrial_application": (6, "months", None),
        "mediation_pre_filing": (30, "days", None),
        "mediation_ordinary": (15, "days", None),
        "mediation_summary": (7, "days", None),
        "mediator_designation": (3, "working_days", None),
    }
    for name, (length, unit, abroad) in expected.items():
        period = PERIODS[name]
        assert (period.length, period.unit, period.abroad) == (length, unit, abroad), name
        assert "第" in period.basis and "条" in period.basis, name
    assert (PERIODS["ordinary_trial"].extension, PERIODS["summary_trial"].extension) == (6, 1)
    assert PERIODS["small_claims_trial"].extension == 1


@pytest.mark.parametrize("kwargs", [{}, {"days": -1}, {"months": -2}, {"days": True}])
def test_bad_periods(kwargs: dict[str, object]) -> None:
    with pytest.raises(RuleError) as info:
        period_end(D(2024, 1, 1), **kwargs)  # type: ignore[arg-type]
    assert info.value.code == "bad_period"
    with pytest.raises(RuleError) as raised:
        add_working_days(D(2024, 1, 1), 0)
    assert raised.value.code == "bad_period"


# Starts end in mid-October 2026 so that every period, with its extension, stays inside the
# years chinese-calendar knows (it ends with 2026); later dates are covered by the
# calendar_known tests.
@given(st.dates(D(2015, 1, 1), D(2026, 10, 15)), st.integers(1, 60))
def test_period_end_properties(start: dt.date, days: int) -> None:
    result = period_end(start, days=days)
    assert result.nominal == start + dt.timedelta(days=days)
    assert result.date >= result.nominal
    assert chinese_calendar.is_workday(result.date)
    assert result.extended == (result.date != result.nominal)
    day = result.nominal
    while day < result.date:
        assert not chinese_calendar.is_workday(day)
        day += dt.timedelta(days=1)
