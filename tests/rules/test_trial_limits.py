"""Trial time limits (审限): each procedure, excluded periods, extensions, conversion, month-end
and holiday edges. Expected days are worked out by hand (weekday noted) or, for holidays,
with tests/calendar_oracle.py (straight from chinese_calendar)."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.calendar_oracle import last_day_after
from yunting.rules.deadlines import WeekendCalendar
from yunting.rules.errors import RuleError
from yunting.rules.trial_limits import (
    EXCLUDED_PERIODS,
    LIMITS,
    Conversion,
    Extension,
    Suspension,
    excluded_days,
    trial_limit,
)

D = dt.date
FILED = D(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("procedure", "end"),
    [
        ("ordinary", D(2026, 9, 2)),  # Wednesday
        ("summary", D(2026, 6, 2)),  # Tuesday
        ("small_claims", D(2026, 5, 6)),  # 2 May is in the Labour Day holiday (1–5 May)
        ("appeal_judgment", D(2026, 6, 2)),  # three months, Tuesday
        ("appeal_ruling", D(2026, 4, 1)),  # 30 days after 2 March: Wednesday 1 April
    ],
)
def test_each_procedure(procedure, end):
    limit = trial_limit(procedure, FILED)
    assert limit.end == end
    assert limit.excluded_days == 0
    assert limit.basis[0] == LIMITS[procedure].basis


def test_labour_day_moves_the_end_and_says_so():
    limit = trial_limit("small_claims", FILED)
    assert limit.nominal_end == D(2026, 5, 2)
    assert limit.moved_off_rest_day
    assert not chinese_calendar.is_workday(D(2026, 5, 2))


def test_month_end_clamps_to_the_last_day():
    # 31 August + 6 months: there is no 31 February → 28 February 2026 (a make-up working
    # Saturday after the Spring Festival, so it stays).
    limit = trial_limit("ordinary", D(2025, 8, 31))
    assert limit.nominal_end == D(2026, 2, 28)
    assert chinese_calendar.is_workday(D(2026, 2, 28))
    assert limit.end == D(2026, 2, 28)
    # 31 August 2026 + 3 months → 30 November 2026, a Monday.
    assert trial_limit("summary", D(2026, 8, 31)).end == D(2026, 11, 30)
    # 31 March + 2 months → 31 May 2026, a Sunday → Monday 1 June.
    assert trial_limit("small_claims", D(2026, 3, 31)).end == D(2026, 6, 1)


def test_national_day_holiday_edge():
    # Filed 1 April 2026, ordinary: nominal 1 October (National Day) → first working day after.
    limit = trial_limit("ordinary", D(2026, 4, 1))
    assert limit.nominal_end == D(2026, 10, 1)
    assert limit.end == last_day_after(D(2026, 4, 1), days=(D(2026, 10, 1) - D(2026, 4, 1)).days)
    assert limit.end > D(2026, 10, 1)


def test_a_suspension_is_not_counted_both_days_included():
    # 1–10 April: 10 days out → 2 September + 10 = Saturday 12 September → Monday 14.
    limit = trial_limit(
        "ordinary", FILED, suspensions=[Suspension("appraisal", D(2026, 4, 1), D(2026, 4, 10))]
    )
    assert limit.excluded_days == 10
    assert limit.nominal_end == D(2026, 9, 2)
    assert limit.end == D(2026, 9, 14)
    assert EXCLUDED_PERIODS["appraisal"] in limit.basis


def test_overlapping_and_adjoining_periods_are_counted_once():
    periods = [
        Suspension("public_notice", D(2026, 4, 1), D(2026, 4, 30)),  # 30 days
        Suspension("appraisal", D(2026, 4, 20), D(2026, 5, 5)),  # overlaps: +5 (1–5 May)
        Suspension("settlement", D(2026, 5, 6), D(2026, 5, 6)),  # adjoins: +1
        Suspension("suspension", D(2026, 6, 1), D(2026, 6, 2)),  # separate: +2
    ]
    assert excluded_days(periods, accepted_on=FILED) == 38


def test_an_open_suspension_counts_to_today_and_marks_the_case():
    s = [Suspension("suspension", D(2026, 4, 1))]
    limit = trial_limit("summary", FILED, suspensions=s, today=D(2026, 4, 5))
    assert limit.excluded_days == 5
    assert limit.suspended
    assert limit.state(D(2026, 4, 5)) == "suspended"
    with pytest.raises(RuleError) as exc:
        trial_limit("summary", FILED, suspensions=s)
    assert exc.value.code == "open_suspension"


@pytest.mark.parametrize(
    ("suspension", "code"),
    [
        (Suspension("appraisal", D(2026, 4, 10), D(2026, 4, 9)), "suspension_ends_before_start"),
        (Suspension("holiday", D(2026, 4, 1), D(2026, 4, 9)), "unknown_suspension"),
        (Suspension("appraisal", D(2026, 3, 1), D(2026, 3, 9)), "suspension_before_filing"),
    ],
)
def test_bad_suspensions_are_refused(suspension, code):
    with pytest.raises(RuleError) as exc:
        trial_limit("ordinary", FILED, suspensions=[suspension])
    assert exc.value.code == code


def test_every_excluded_kind_quotes_an_article():
    for kind, basis in EXCLUDED_PERIODS.items():
        assert "第" in basis and "条" in basis, kind


def test_extensions():
    # Ordinary + 6 months: 2 March 2027 — beyond the packaged holiday schedule: a weekday.
    ordinary = trial_limit(
        "ordinary", FILED, extensions=[Extension(6, D(2026, 8, 1))], holidays=WeekendCalendar()
    )
    assert ordinary.end == D(2027, 3, 2)  # Tuesday
    assert ordinary.extension == 6
    # Summary + 1 month: 2 July 2026, Thursday.
    assert trial_limit("summary", FILED, extensions=[Extension(1, D(2026, 5, 20))]).end == D(
        2026, 7, 2
    )
    # Two extensions add up; past the maximum is refused.
    two = trial_limit(
        "ordinary",
        FILED,
        extensions=[Extension(3, D(2026, 8, 1)), Extension(3, D(2026, 11, 1))],
        holidays=WeekendCalendar(),
    )
    assert two.end == D(2027, 3, 2)
    with pytest.raises(RuleError) as exc:
        trial_limit("summary", FILED, extensions=[Extension(2, D(2026, 5, 1))])
    assert exc.value.code == "extension_too_long"
    with pytest.raises(RuleError) as exc:
        trial_limit("appeal_ruling", FILED, extensions=[Extension(5, D(2026, 3, 20))])
    assert exc.value.code == "extension_too_long"
    with pytest.raises(RuleError) as exc:
        trial_limit("ordinary", FILED, extensions=[Extension(0, D(2026, 5, 1))])
    assert exc.value.code == "bad_extension"


def test_conversion_recomputes_from_filing():
    # Summary filed 2 March, converted on 20 May: 6 months from filing → 2 September.
    limit = trial_limit(
        "summary", FILED, conversions=[Conversion("summary", "ordinary", D(2026, 5, 20))]
    )
    assert limit.procedure == "ordinary"
    assert limit.end == D(2026, 9, 2)
    assert "第二百五十八条" in " ".join(limit.basis)
    # An extension granted under the summary procedure lapses with it.
    lapsed = trial_limit(
        "summary",
        FILED,
        extensions=[Extension(1, D(2026, 5, 10))],
        conversions=[Conversion("summary", "ordinary", D(2026, 5, 20))],
    )
    assert lapsed.extension == 0 and lapsed.end == D(2026, 9, 2)
    # Small claims → summary → ordinary.
    chain = trial_limit(
        "small_claims",
        FILED,
        conversions=[
            Conversion("small_claims", "summary", D(2026, 3, 20)),
            Conversion("summary", "ordinary", D(2026, 4, 20)),
        ],
    )
    assert chain.procedure == "ordinary" and chain.end == D(2026, 9, 2)


@pytest.mark.parametrize(
    "conversion",
    [
        Conversion("ordinary", "summary", D(2026, 4, 1)),  # never back to summary
        Conversion("small_claims", "ordinary", D(2026, 4, 1)),  # not the current procedure
        Conversion("summary", "ordinary", D(2026, 2, 1)),  # before filing
    ],
)
def test_bad_conversions(conversion):
    procedure = "ordinary" if conversion.from_procedure == "ordinary" else "summary"
    with pytest.raises(RuleError) as exc:
        trial_limit(procedure, FILED, conversions=[conversion])
    assert exc.value.code == "bad_conversion"


def test_unknown_procedure():
    with pytest.raises(RuleError) as exc:
        trial_limit("criminal", FILED)
    assert exc.value.code == "unknown_procedure"


def test_states_for_the_dashboard():
    limit = trial_limit("ordinary", FILED)  # ends 2 September
    assert limit.state(D(2026, 8, 17)) == "running"  # 16 days left
    assert limit.days_left(D(2026, 8, 18)) == 15
    assert limit.state(D(2026, 8, 18)) == "due_soon"  # 15 days left: 临期
    assert limit.days_left(D(2026, 9, 2)) == 0
    assert limit.state(D(2026, 9, 2)) == "due_soon"
    assert limit.state(D(2026, 9, 3)) == "overdue"
    assert limit.days_left(D(2026, 9, 3)) == -1


@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 1, 31)),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_more_excluded_days_never_end_earlier(filed, a, b):
    s1 = [Suspension("appraisal", filed, filed + dt.timedelta(days=a))]
    s2 = [Suspension("appraisal", filed, filed + dt.timedelta(days=a + b))]
    assert (
        trial_limit("summary", filed, suspensions=s1).end
        <= trial_limit("summary", filed, suspensions=s2).end
    )
