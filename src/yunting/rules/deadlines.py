"""Procedural periods (期间) under 《民事诉讼法》 (2023 revision) Art. 85.

Art. 85: 期间以时、日、月、年计算。期间开始的时和日，不计算在期间内。期间届满的最后一日是法定休假日
的，以法定休假日后的第一日为期间届满的日期。 The official rest-day schedule (including make-up
working days, 调休) comes from the State Council notices, via ``chinese_calendar``. For a year the
installed calendar does not know, weekends-only is used and the result says so
(``calendar_known=False``) so callers can flag it rather than crash.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal, Protocol

import chinese_calendar

from yunting.rules.errors import RuleError

__all__ = [
    "PERIODS",
    "ChineseHolidayCalendar",
    "Deadline",
    "HolidayCalendar",
    "Period",
    "WeekendCalendar",
    "WorkingDays",
    "add_months",
    "add_working_days",
    "named_period_end",
    "period_end",
]


class HolidayCalendar(Protocol):
    """Tells working days from rest days; ``knows`` is False where it can only guess."""

    def is_workday(self, day: dt.date) -> bool: ...

    def knows(self, day: dt.date) -> bool: ...


class WeekendCalendar:
    """Monday–Friday are working days; the fallback when the official schedule is unknown."""

    def is_workday(self, day: dt.date) -> bool:
        return day.weekday() < 5

    def knows(self, day: dt.date) -> bool:
        return False


class ChineseHolidayCalendar:
    """The State Council schedule as packaged by chinese-calendar, weekends-only beyond it."""

    _fallback = WeekendCalendar()

    def is_workday(self, day: dt.date) -> bool:
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return self._fallback.is_workday(day)

    def knows(self, day: dt.date) -> bool:
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True


DEFAULT_CALENDAR = ChineseHolidayCalendar()


@dataclass(frozen=True)
class Deadline:
    """The last day of a period.

    ``nominal`` is the day reached by counting; ``date`` is the day the period really ends
    (moved past rest days when ``extended``). ``calendar_known`` is False when a day consulted
    lies outside the official schedule known to the calendar (weekends-only was assumed).
    """

    date: dt.date
    extended: bool
    nominal: dt.date
    calendar_known: bool = True


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, clamped at month end (Civil Code Art. 202)."""
    # 《民法典》第二百零二条：按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，
    # 月末日为期间的最后一日。
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def period_end(
    start: dt.date,
    *,
    days: int = 0,
    months: int = 0,
    holidays: HolidayCalendar | None = None,
) -> Deadline:
    """Last day of a period of ``months`` and/or ``days`` starting on ``start``.

    The start day is not counted (Art. 85), so 15 days from 1 March end on 16 March; a period
    ending on a rest day ends on the next working day instead. Months are added before days.
    """
    if isinstance(days, bool) or isinstance(months, bool):
        raise RuleError("bad_period", "days and months must be integers.")
    if days < 0 or months < 0:
        raise RuleError("bad_period", "A period cannot be negative.")
    if days == 0 and months == 0:
        raise RuleError("bad_period", "A period needs some days or months.")
    cal = holidays if holidays is not None else DEFAULT_CALENDAR
    nominal = add_months(start, months) + dt.timedelta(days=days)
    end = nominal
    known = cal.knows(end)
    while not cal.is_workday(end):
        end += dt.timedelta(days=1)
        known = known and cal.knows(end)
    return Deadline(date=end, extended=end != nominal, nominal=nominal, calendar_known=known)


@dataclass(frozen=True)
class WorkingDays:
    """Result of :func:`add_working_days`."""

    date: dt.date
    calendar_known: bool = True


def add_working_days(
    start: dt.date, n: int, *, holidays: HolidayCalendar | None = None
) -> WorkingDays:
    """The ``n``-th working day after ``start`` (the start day not counted).

    Used for rules such as "designate a mediator within 3 working days" (在线调解规则).
    """
    if isinstance(n, bool) or n < 1:
        raise RuleError("bad_period", "The number of working days must be a positive integer.")
    cal = holidays if holidays is not None else DEFAULT_CALENDAR
    day = start
    known = True
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        known = known and cal.knows(day)
        if cal.is_workday(day):
            counted += 1
    return WorkingDays(date=day, calendar_known=known)


Unit = Literal["days", "months", "years", "working_days"]


@dataclass(frozen=True)
class Period:
    """A named legal period: length, unit, the longer length for parties abroad, the article."""

    length: int
    unit: Unit
    basis: str
    abroad: int | None = None  # for a party without domicile in China (涉外)
    extension: int | None = None  # the extension that may be approved, same unit
    description: str = ""


CPL = "《民事诉讼法》(2023)"
FEES = "《诉讼费用交纳办法》"
MED = "《人民法院在线调解规则》(法释〔2021〕23号)"

PERIODS: dict[str, Period] = {
    # Art. 126: 符合起诉条件的，应当在七日内立案，并通知当事人。
    "filing_review": Period(7, "days", f"{CPL}第一百二十六条", description="立案审查"),
    # Art. 128: 人民法院应当在立案之日起五日内将起诉状副本发送被告。
    "service_of_complaint": Period(5, "days", f"{CPL}第一百二十八条", description="发送起诉状"),
    # Art. 128: 被告应当在收到之日起十五日内提出答辩状; Art. 285 (涉外): 三十日。
    "defence": Period(
        15, "days", f"{CPL}第一百二十八条、第二百八十五条", abroad=30, description="答辩期"
    ),
    # Art. 171: 不服判决的上诉期十五日; Art. 286 (涉外): 三十日。
    "appeal_judgment": Period(
        15, "days", f"{CPL}第一百七十一条、第二百八十六条", abroad=30, description="判决上诉期"
    ),
    # Art. 171: 不服裁定的上诉期十日; Art. 286 (涉外): 三十日。
    "appeal_ruling": Period(
        10, "days", f"{CPL}第一百七十一条、第二百八十六条", abroad=30, description="裁定上诉期"
    ),
    # Art. 95: 自发出公告之日起，经过三十日，即视为送达。
    "public_notice": Period(30, "days", f"{CPL}第九十五条", description="公告送达"),
    # 《诉讼费用交纳办法》Art. 22: 原告自接到人民法院交纳诉讼费用通知次日起7日内交纳案件受理费。
    "payment": Period(7, "days", f"{FEES}第二十二条", description="预交诉讼费"),
    # Art. 152: 普通程序审理的案件，应当在立案之日起六个月内审结……可以延长六个月。
    "ordinary_trial": Period(
        6, "months", f"{CPL}第一百五十二条", extension=6, description="普通程序审限"
    ),
    # Art. 164: 简易程序审理案件，应当在立案之日起三个月内审结……可以延长一个月。
    "summary_trial": Period(
        3, "months", f"{CPL}第一百六十四条", extension=1, description="简易程序审限"
    ),
    # Art. 168: 小额诉讼案件，应当在立案之日起两个月内审结……可以延长一个月。
    "small_claims_trial": Period(
        2, "months", f"{CPL}第一百六十八条", extension=1, description="小额诉讼审限"
    ),
    # Art. 183: 对判决的上诉案件，应当在第二审立案之日起三个月内审结。
    "appeal_judgment_trial": Period(
        3, "months", f"{CPL}第一百八十三条", description="判决上诉案件审限"
    ),
    # Art. 183: 对裁定的上诉案件，应当在第二审立案之日起三十日内作出终审裁定。
    "appeal_ruling_trial": Period(
        30, "days", f"{CPL}第一百八十三条", description="裁定上诉案件审限"
    ),
    # Art. 227: 债务人应当自收到支付令之日起十五日内清偿债务，或者向人民法院提出书面异议。
    "payment_order": Period(15, "days", f"{CPL}第二百二十七条", description="支付令异议期"),
    # Art. 250: 申请执行的期间为二年。
    "execution_application": Period(2, "years", f"{CPL}第二百五十条", description="申请执行期间"),
    # Art. 216: 当事人申请再审，应当在判决、裁定发生法律效力后六个月内提出。
    "retrial_application": Period(6, "months", f"{CPL}第二百一十六条", description="申请再审期间"),
    # 在线调解规则 Art. 24: 立案前在线调解期限为三十日……立案后在线调解，适用普通程序的调解期限为
    # 十五日，适用简易程序的调解期限为七日 (longer if all parties agree).
    "mediation_pre_filing": Period(30, "days", f"{MED}第二十四条", description="诉前调解期限"),
    "mediation_ordinary": Period(
        15, "days", f"{MED}第二十四条", description="诉中调解期限（普通程序）"
    ),
    "mediation_summary": Period(
        7, "days", f"{MED}第二十四条", description="诉中调解期限（简易程序）"
    ),
    # Art. 10: 人民法院应当在收到当事人在线调解申请后三个工作日内指定调解组织或者调解员；
    # parties may jointly choose within 两个工作日.
    "mediator_designation": Period(
        3, "working_days", f"{MED}第十条", description="指定调解组织或调解员"
    ),
    "mediator_joint_choice": Period(
        2, "working_days", f"{MED}第十条", description="当事人共同选择调解员"
    ),
}


def named_period_end(
    name: str,
    start: dt.date,
    *,
    abroad: bool = False,
    extended: bool = False,
    holidays: HolidayCalendar | None = None,
) -> Deadline:
    """End of a named period from :data:`PERIODS` (``abroad``: 涉外 length; ``extended``:
    with the approved extension added)."""
    if name not in PERIODS:
        raise RuleError("unknown_period", f"Unknown period {name!r}.")
    period = PERIODS[name]
    length = period.abroad if abroad and period.abroad is not None else period.length
    if extended:
        if period.extension is None:
            raise RuleError("no_extension", f"Period {name!r} has no extension.")
        length += period.extension
    if period.unit == "working_days":
        result = add_working_days(start, length, holidays=holidays)
        return Deadline(
            date=result.date,
            extended=False,
            nominal=result.date,
            calendar_known=result.calendar_known,
        )
    if period.unit == "days":
        return period_end(start, days=length, holidays=holidays)
    months = length * 12 if period.unit == "years" else length
    return period_end(start, months=months, holidays=holidays)
