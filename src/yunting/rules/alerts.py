"""Early warnings (预警): when a running period is *near* its end or *past* it. Pure: each
function takes the period's last day (or the hearing's day) and today, and answers an
:class:`Alert` or ``None``. The periods themselves are computed elsewhere (``rules.deadlines``,
``rules.trial_limits``); this module only decides what deserves a warning.

The periods and why the thresholds are what they are:

- **审限** (trial limit): 《民事诉讼法》(2023) 第一百五十二条 (普通程序六个月), 第一百六十四条
  (简易程序三个月), 第一百六十五条 (小额诉讼两个月), 第一百八十三条 (二审三个月). Near = the
  dashboards' 临期, 15 days or fewer (``rules.trial_limits.DUE_SOON_DAYS``: about 20 % of the
  shortest, two-month limit, and time enough to ask the president for an extension).
- **立案审查** (review of a filing): 七日内立案, 《民事诉讼法》第一百二十六条,
  《人民法院在线诉讼规则》第九条. Near = two days or fewer left (the last two of seven,
  under 30 %: a filing left that long needs a decision now).
- **诉讼费** (fee orders): 《诉讼费用交纳办法》第二十二条 (七日内预交), 《民诉法解释》第二百一十三条
  (按撤诉处理). Only *past* warns: the fees app's overdue queue decides what is overdue.
- **送达** (service tasks): the serve-by date (立案之日起五日内发送起诉状副本,
  《民事诉讼法》第一百二十八条; the service app's ``due_days``). Only *past* warns.
- **传票** (summons): 《民事诉讼法》第一百三十九条: 人民法院审理民事案件，
  应当在开庭三日前通知当事人和其他诉讼参与人. The last day to serve is the hearing's day
  minus three days; a hearing warns from two days before that last day
  (``SUMMONS_LEAD_DAYS``), and is *past* once the last day has gone by (the hearing
  should be moved or the parties' consent recorded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yunting.rules.trial_limits import DUE_SOON_DAYS

NEAR = "near"
PAST = "past"

REVIEW_NEAR_DAYS = 2
SUMMONS_NOTICE_DAYS = 3  # CPL Art. 139
SUMMONS_LEAD_DAYS = 2

__all__ = [
    "DUE_SOON_DAYS",
    "NEAR",
    "PAST",
    "REVIEW_NEAR_DAYS",
    "SUMMONS_LEAD_DAYS",
    "SUMMONS_NOTICE_DAYS",
    "Alert",
    "fee_alert",
    "review_alert",
    "service_alert",
    "summons_alert",
    "summons_last_day",
    "trial_limit_alert",
]


@dataclass(frozen=True)
class Alert:
    """``state`` is ``near`` or ``past``; ``days_left`` counts from today to the last day
    (0 on the last day, negative once past: ``-days_left`` days over)."""

    state: str
    last_day: dt.date
    days_left: int

    @property
    def days_over(self) -> int:
        return max(0, -self.days_left)


def _alert(last_day: dt.date | None, today: dt.date, near_days: int | None) -> Alert | None:
    if last_day is None:
        return None
    left = (last_day - today).days
    if left < 0:
        return Alert(PAST, last_day, left)
    if near_days is not None and left <= near_days:
        return Alert(NEAR, last_day, left)
    return None


def trial_limit_alert(last_day: dt.date, today: dt.date) -> Alert | None:
    """Near within ``DUE_SOON_DAYS`` (15) of the limit's last day, past after it."""
    return _alert(last_day, today, DUE_SOON_DAYS)


def review_alert(review_due: dt.date | None, today: dt.date) -> Alert | None:
    """A submitted filing: near with two days or fewer of the seven left, past after."""
    return _alert(review_due, today, REVIEW_NEAR_DAYS)


def fee_alert(due_date: dt.date | None, today: dt.date) -> Alert | None:
    """A fee order: only once past its due date."""
    return _alert(due_date, today, None)


def service_alert(due_on: dt.date | None, today: dt.date) -> Alert | None:
    """A service task still open: only once past its serve-by date."""
    return _alert(due_on, today, None)


def summons_last_day(hearing_day: dt.date) -> dt.date:
    """The last day a summons can be served for a hearing on ``hearing_day`` (开庭三日前)."""
    return hearing_day - dt.timedelta(days=SUMMONS_NOTICE_DAYS)


def summons_alert(hearing_day: dt.date, today: dt.date) -> Alert | None:
    """A hearing whose summons is not served on everyone: near from two days before the last
    day to serve, past after it (and until the hearing day itself)."""
    if hearing_day < today:
        return None
    return _alert(summons_last_day(hearing_day), today, SUMMONS_LEAD_DAYS)
