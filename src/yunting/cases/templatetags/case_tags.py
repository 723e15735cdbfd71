from __future__ import annotations

from django import template
from django.utils import timezone

from yunting.cases.selectors import case_deadlines

register = template.Library()


@register.simple_tag
def next_deadline(case) -> dict | None:
    """The nearest upcoming deadline of a case, with the days left, for its card."""
    today = timezone.localdate()
    upcoming = sorted(case_deadlines(case=case), key=lambda d: d["date"])
    return {**upcoming[0], "days": (upcoming[0]["date"] - today).days} if upcoming else None
