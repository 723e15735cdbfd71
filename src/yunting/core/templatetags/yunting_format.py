"""How amounts, rates and dates look to people: ¥3,300.00, 2.5%, 2026年11月23日 (2 Dec 2026 in
English). Dates and times all go through ``core.formatting`` (Beijing time, the reader's
language)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from yunting.core.formatting import format_date, format_datetime, legal_basis, punctuation
from yunting.rules.amounts import format_yuan

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value in (None, ""):
        return ""
    try:
        return format_yuan(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def percent(value) -> str:
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value)) * 100
    except InvalidOperation:
        return str(value)
    return f"{number.normalize():f}%"


@register.filter
def local_date(value) -> str:
    """2026年12月2日 / 2 Dec 2026, the Beijing date of a datetime."""
    return format_date(value)


@register.filter
def local_datetime(value, arg: str = "") -> str:
    """2026年12月2日 14:05 / 2 Dec 2026 14:05 in Beijing time (``:"seconds"`` adds them);
    accepts ISO 8601 text as reports carry it."""
    return format_datetime(value, seconds=arg == "seconds")


@register.filter
def cn_date(value) -> str:
    """A date as ``local_date``, a datetime as ``local_datetime`` (the older name)."""
    return format_datetime(value)


@register.simple_tag
def colon() -> str:
    """``：`` in Chinese, ``: `` in English (also ``semicolon``, ``lparen``, ``rparen``)."""
    return punctuation("colon")


@register.simple_tag
def semicolon() -> str:
    return punctuation("semicolon")


@register.simple_tag
def lparen() -> str:
    return punctuation("lparen")


@register.simple_tag
def rparen() -> str:
    return punctuation("rparen")


@register.filter(name="legal_basis")
def legal_basis_filter(value) -> str:
    """A cited article in the reader's language (``core.formatting.legal_basis``)."""
    return legal_basis(str(value or ""))
