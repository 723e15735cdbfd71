"""The pure computations behind the claims: the one-year LPR history, the legal caps on
interest, simple interest to the fen, and how amounts, rates and dates are written in the
complaint. Nothing here touches the database or the request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

from yunting.rules.amounts import format_yuan

CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# --- The one-year Loan Prime Rate (一年期贷款市场报价利率, LPR) --------------------------------
#
# Published by the National Interbank Funding Center on the 20th of each month (next working
# day if a holiday), under the authority of the People's Bank of China, since 20 August 2019.
# Each entry is the day a new figure took effect and the figure in percent a year. The last
# figure known when this table was written is 3.00 % (20 May 2025). Later figures are added
# without a code change through the setting ``YUNTING_LPR_ONE_YEAR``: a sequence of
# ``("YYYY-MM-DD", "percent")`` pairs, merged over this table.
LPR_ONE_YEAR: tuple[tuple[dt.date, Decimal], ...] = (
    (dt.date(2019, 8, 20), Decimal("4.25")),
    (dt.date(2019, 9, 20), Decimal("4.20")),
    (dt.date(2019, 11, 20), Decimal("4.15")),
    (dt.date(2020, 2, 20), Decimal("4.05")),
    (dt.date(2020, 4, 20), Decimal("3.85")),
    (dt.date(2021, 12, 20), Decimal("3.80")),
    (dt.date(2022, 1, 20), Decimal("3.70")),
    (dt.date(2022, 8, 22), Decimal("3.65")),
    (dt.date(2023, 6, 20), Decimal("3.55")),
    (dt.date(2023, 8, 21), Decimal("3.45")),
    (dt.date(2024, 7, 22), Decimal("3.35")),
    (dt.date(2024, 10, 21), Decimal("3.10")),
    (dt.date(2025, 5, 20), Decimal("3.00")),
)
# 《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》(法释〔2020〕17号) took effect
# on this day; loans made before it are capped at four times the LPR at filing (第三十一条).
LENDING_RULES_REFORM = dt.date(2020, 8, 20)
LENDING_CAP_MULTIPLE = Decimal("4")
# 《最高人民法院关于进一步加强金融审判工作的若干意见》(法发〔2017〕22号) 第二条: interest,
# compound and penalty interest and fees of a bank loan above 24 % a year are reduced.
FINANCIAL_LOAN_CAP = Decimal("24")

LprTable = tuple[tuple[dt.date, Decimal], ...]


def lpr_table() -> LprTable:
    """The built-in LPR history with the figures added by the setting, oldest first."""
    merged = dict(LPR_ONE_YEAR)
    for day, percent in getattr(settings, "YUNTING_LPR_ONE_YEAR", ()):
        merged[dt.date.fromisoformat(str(day))] = Decimal(str(percent))
    return tuple(sorted(merged.items()))


def lpr_on(day: dt.date, table: LprTable) -> tuple[dt.date, Decimal]:
    """The LPR in force on ``day`` and the day it was published (the first one before 2019)."""
    found = table[0]
    for entry in table:
        if entry[0] <= day:
            found = entry
    return found


@dataclass(frozen=True)
class LendingCap:
    """The highest annual rate a court supports for a private loan, and why."""

    percent: Decimal
    lpr: Decimal
    lpr_day: dt.date
    at_filing: bool  # True for loans made before 2020-08-20 (第三十一条)


def private_lending_cap(*, formed_on: dt.date, filed_on: dt.date, table: LprTable) -> LendingCap:
    """Four times the one-year LPR when the contract was formed (第二十五条); for a loan made
    before 20 August 2020, four times the LPR when the suit is filed (第三十一条). The older
    24 % rule for interest accrued before that day is not applied, which can only make the
    claim smaller, never refused."""
    at_filing = formed_on < LENDING_RULES_REFORM
    lpr_day, lpr = lpr_on(filed_on if at_filing else formed_on, table)
    return LendingCap(lpr * LENDING_CAP_MULTIPLE, lpr, lpr_day, at_filing)


def simple_interest(
    principal: Decimal, percent: Decimal, start: dt.date, end: dt.date, *, basis: int
) -> tuple[Decimal, int]:
    """Simple interest from ``start`` to ``end`` (days counted as ``end - start``), rounded
    half-up to the fen; ``basis`` days a year (365 for private loans, 360 for bank loans,
    whose contracts set a daily rate of the annual rate ÷ 360)."""
    days = max((end - start).days, 0)
    amount = principal * percent / HUNDRED * days / basis
    return amount.quantize(CENT, rounding=ROUND_HALF_UP), days


def interest_step(
    template: str,
    principal: Decimal,
    percent: Decimal,
    start: dt.date,
    end: dt.date,
    *,
    basis: int,
    **extra: Any,
) -> tuple[Decimal, str]:
    """``simple_interest`` and the line of the computation that shows it. ``template`` is an
    already translated sentence with the placeholders start, end, principal, rate, days and
    amount (and any in ``extra``)."""
    amount, days = simple_interest(principal, percent, start, end, basis=basis)
    line = template % {
        "start": cn_date(start),
        "end": cn_date(end),
        "principal": yuan(principal),
        "rate": pct(percent),
        "days": days,
        "amount": yuan(amount),
        **extra,
    }
    return amount, line


# --- How amounts, rates and dates are written -------------------------------------------------


def yuan(amount: Decimal) -> str:
    return format_yuan(amount)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def pct(value: Decimal) -> str:
    """A rate as written: two decimals at least, more only when the contract has them
    (5.655%, never a rounded 5.66% that the computation does not use)."""
    exact = value.quantize(Decimal("0.0001")).normalize()
    shown = exact if -exact.as_tuple().exponent > 2 else value.quantize(CENT)
    return f"{shown:f}%"
