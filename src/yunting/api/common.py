"""Moved: the shared API pieces live in :mod:`yunting.core.api` (error format, base view,
enums) and the token endpoint in :mod:`yunting.accounts.api`. This module only re-exports
them for code written before the move; import from ``yunting.core.api`` in new code.
"""

from __future__ import annotations

from yunting.core.api import (  # noqa: F401
    NON_FIELD,
    ApiView,
    CourtRefSerializer,
    EnumField,
    ErrorSerializer,
    error_responses,
    parse_uuid,
)
from yunting.core.api import exception_handler as api_exception_handler  # noqa: F401


def service_error(exc, **_ignored):
    """Formerly translated a service error for the API; the global exception handler does it
    now, so ``raise service_error(exc)`` re-raises the error unchanged."""
    return exc
