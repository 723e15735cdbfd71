"""How amounts, rates and dates look to people: ¥3,300.00, 2.5%, 2026年11月23日."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

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
def cn_date(value) -> str:
    """Dates in Chinese format, in Asia/Shanghai for aware datetimes."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"
