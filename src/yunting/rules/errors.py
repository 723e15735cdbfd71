"""The one error type raised by the legal-rules library.

Callers (forms, API views) catch :class:`RuleError` and translate its stable ``code``; the
English ``message`` is for logs and developers.
"""

from __future__ import annotations


class RuleError(ValueError):
    """Invalid input to a legal rule: a stable machine ``code`` plus an English ``message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[RuleError], tuple[str, str]]:
        # Keep pickling (e.g. passing errors to a worker) working with the two-argument init.
        return (type(self), (self.code, self.message))
