"""Filters for document templates (``{% load doc_filters %}``)."""

from __future__ import annotations

import json

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_ROLE_PREFIXES = ("原告：", "被告：", "第三人：")


@register.filter
def paragraphs(value: object, css: str = "") -> SafeString:
    """Each non-empty line of a text given when issuing becomes its own ``<p>``."""
    lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
    cls = f' class="{conditional_escape(css)}"' if css else ""
    return format_html_join("", "<p" + cls + ">{}</p>", ((line,) for line in lines))


@register.filter
def relabel(line: str, label: str) -> str:
    """``原告：张三，…`` → ``申请人：张三，…`` (special procedures name parties differently)."""
    for prefix in _ROLE_PREFIXES:
        if line.startswith(prefix):
            return f"{label}：{line[len(prefix) :]}"
    return line


@register.filter
def json_rows(value: object) -> list:
    """A JSON list given when issuing (e.g. a transcript's signatures) as rows to loop over;
    anything that is not a JSON list of objects is no rows."""
    try:
        rows = json.loads(str(value or "[]"))
    except ValueError:
        return []
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
