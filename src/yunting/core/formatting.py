"""How dates and times look to people, in one place: always Beijing time (the court's clock,
``TIME_ZONE``), never UTC, in the reader's language — 2026年12月2日 14:05 in Chinese,
2 Dec 2026 14:05 in English. Templates reach these through the ``yunting_format`` filters;
numbers that carry a date (payment and receipt numbers) take it from ``beijing_now``.

Court documents (PDFs) keep their own style, 二〇二六年十二月二日 (``documents.dates``).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone, translation

__all__ = ["beijing_now", "beijing_today", "format_date", "format_datetime", "format_time"]

_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def beijing_now() -> dt.datetime:
    """Now on the court's clock (aware, Asia/Shanghai)."""
    return timezone.localtime(timezone.now())


def beijing_today() -> dt.date:
    return beijing_now().date()


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return _local(value).date()
    return value


def format_date(value: dt.date | dt.datetime | str | None) -> str:
    """2026年12月2日 / 2 Dec 2026; an aware datetime counts by its Beijing date."""
    if value in (None, ""):
        return ""
    day = _as_date(value)
    if _chinese():
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def format_time(value: dt.datetime | dt.time | None, *, seconds: bool = False) -> str:
    """14:05 (24-hour clock in both languages), Beijing time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value)
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")


def format_datetime(value: dt.datetime | str | None, *, seconds: bool = False) -> str:
    """2026年12月2日 14:05 / 2 Dec 2026 14:05; a plain date prints as a date."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        return format_date(value)
    return f"{format_date(value)} {format_time(value, seconds=seconds)}"


# Chinese punctuation between words of the page (not inside data), as each language writes it.
_PUNCTUATION = {
    "colon": ("：", ": "),
    "semicolon": ("；", "; "),
    "lparen": ("（", " ("),
    "rparen": ("）", ")"),
    "enumeration": ("、", ", "),  # between the items of a list of names
}


def punctuation(name: str) -> str:
    """``punctuation("colon")`` → ``：`` in Chinese, ``": "`` in English."""
    chinese, english = _PUNCTUATION[name]
    return chinese if _chinese() else english


# Laws cited on the pages, by their English names (the citation stays as is in Chinese).
_LAWS = {
    "诉讼费用交纳办法": "Measures on the Payment of Litigation Costs",
    "民法典": "Civil Code",
    "中华人民共和国民法典": "Civil Code",
    "民事诉讼法": "Civil Procedure Law",
    "中华人民共和国民事诉讼法": "Civil Procedure Law",
    "道路交通安全法": "Road Traffic Safety Law",
    "最高人民法院关于审理民间借贷案件适用法律若干问题的规定": (
        "SPC Provisions on Private Lending Cases"
    ),
    "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释": (
        "SPC Interpretation on Personal Injury Compensation Cases"
    ),
    "机动车交通事故责任强制保险条例": "Regulation on Compulsory Motor Vehicle Insurance",
}
_ARTICLE = re.compile(r"第([〇零一二三四五六七八九十百千\d]+)条")
_PART = re.compile(
    r"第[（(]([〇零一二三四五六七八九十\d]+)[)）]项|第([〇零一二三四五六七八九十\d]+)[项款目]"
)


def _number(text: str) -> str:
    import cn2an

    return text if text.isdigit() else str(cn2an.cn2an(text, "smart"))


def legal_basis(text: str) -> str:
    """``《诉讼费用交纳办法》第十三条第（二）项第1目`` → ``Measures on the Payment of Litigation
    Costs, Art. 13(2)(1)`` in English; unchanged in Chinese, or where a law is not known."""
    if not text or _chinese():
        return text or ""
    out = text
    for chinese, english in sorted(_LAWS.items(), key=lambda kv: -len(kv[0])):
        out = out.replace(f"《{chinese}》", f"{english}, ")
    out = _ARTICLE.sub(lambda m: f"Art. {_number(m[1])}", out)
    out = _PART.sub(lambda m: f"({_number(m[1] or m[2])})", out)
    out = out.replace("、", "; ").replace("，", ", ").replace("；", "; ")
    return re.sub(r",\s+(?=,|$)", "", re.sub(r"\s+", " ", out)).strip()
