"""Dates as court documents write them: 二〇二六年十一月二十三日.

Pure Python on purpose (no Django): the same function dates the PDF, the Word draft and the
tests. Court documents write the year digit by digit with 〇 for zero and the month and day as
ordinary numerals (十一月, 二十三日), per the 《法院诉讼文书样式》 conventions.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["chinese_date", "chinese_number"]

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 as written in dates: 一, 十, 十一, 二十, 二十三, 三十一."""
    if not 1 <= n <= 99:
        raise ValueError(f"chinese_number handles 1..99, not {n!r}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[units] if units else "")


def chinese_date(value: dt.date) -> str:
    """``date(2026, 11, 23)`` → ``二〇二六年十一月二十三日``; datetimes use their own date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"chinese_date needs a date, not {type(value).__name__}")
    year = "".join(_DIGITS[int(d)] for d in f"{value.year:04d}")
    return f"{year}年{chinese_number(value.month)}月{chinese_number(value.day)}日"
