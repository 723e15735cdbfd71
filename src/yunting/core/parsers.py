"""Request parsers: JSON whose text is valid Unicode, or a clear 400.

JSON may spell a lone UTF-16 surrogate (``"\\ud800"``); Python decodes it into a ``str`` that
cannot be encoded as UTF-8, so the first database write, log line or error message echoing it
would fail with a 500. Such text is refused here, before any view sees it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

INVALID_TEXT = _(
    "The request contains text that is not valid Unicode (a lone surrogate such as \\ud800). "
    "Send UTF-8 text."
)


def has_invalid_text(value: Any) -> bool:
    """Whether any string in a parsed JSON value (keys included) cannot be encoded as UTF-8."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def scrub(value: Any) -> Any:
    """The same value with every lone surrogate replaced by U+FFFD (for error bodies)."""
    if isinstance(value, str):
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_invalid_text(data):
            raise ParseError(INVALID_TEXT, code="invalid_text")
        return data
