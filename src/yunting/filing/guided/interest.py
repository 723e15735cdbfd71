"""The LPR table as this installation knows it (packaged data plus the court's settings), and
how amounts, rates and dates are written in the complaint. The computations themselves are
``yunting.rules.lending`` and ``yunting.rules.bank_loans`` (pure, one definition)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from yunting.rules import bank_loans
from yunting.rules.amounts import format_yuan
from yunting.rules.lending import LendingCap, LprTable, load_lpr, private_lending_cap

__all__ = [
    "FINANCIAL_LOAN_CAP",
    "LPR_ONE_YEAR",
    "LendingCap",
    "LprTable",
    "cn_date",
    "lpr_on",
    "lpr_table",
    "pct",
    "private_lending_cap",
    "yuan",
]

CENT = Decimal("0.01")
HUNDRED = Decimal("100")

# --- The one-year Loan Prime Rate and the caps: one definition, in ``yunting.rules.lending`` ---
#
# The packaged table (rules/data/lpr.json, with its source and the day it is complete to) takes
# later figures from the settings ``YUNTING_LPR = {"entries": [("YYYY-MM-DD", "percent"), ...],
# "updated": "YYYY-MM-DD"}`` (and the older ``YUNTING_LPR_ONE_YEAR``, a list of pairs).
LPR_ONE_YEAR: LprTable = load_lpr()
FINANCIAL_LOAN_CAP = bank_loans.FINANCIAL_LOAN_CAP


def lpr_table() -> LprTable:
    """The packaged LPR history with the figures a court added by setting."""
    configured = getattr(settings, "YUNTING_LPR", None) or {}
    extra = [*configured.get("entries", ()), *getattr(settings, "YUNTING_LPR_ONE_YEAR", ())]
    return load_lpr(extra, configured.get("updated"))


def lpr_on(day: dt.date, table: LprTable) -> tuple[dt.date, Decimal]:
    """The LPR in force on ``day`` and the day it was published."""
    return table.on(day)


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
