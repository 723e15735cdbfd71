"""Event types: one enum per app, all registered here so a name means one thing everywhere.

Why a registry: the ledger is forever. If two apps both wrote ``"accepted"``, a timeline read in
ten years could not tell a filing acceptance from a service acceptance. Each app therefore
declares its events as a subclass of :class:`EventType` whose values are prefixed with the app
label (``"filing.submitted"``) and decorates it with :func:`register`; ``services.record``
refuses names that were never registered.

Example, in ``yunting/filing/events.py``::

    @register
    class FilingEvent(EventType):
        SUBMITTED = "filing.submitted", _("Filing submitted")
"""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")
_REGISTRY: dict[str, EventType] = {}


class EventType(models.TextChoices):
    """Base of every app's event enum (no members of its own)."""


def register(enum_cls: type[EventType]) -> type[EventType]:
    """Add an app's event enum to the registry; a value already owned by another enum fails."""
    for member in enum_cls:
        value = str(member.value)
        if not _NAME_RE.match(value):
            raise ImproperlyConfigured(
                f"Event type {value!r} must look like '<app>.<event>' in lower case."
            )
        owner = _REGISTRY.get(value)
        if owner is not None and (
            type(owner).__module__,
            type(owner).__qualname__,
        ) != (enum_cls.__module__, enum_cls.__qualname__):
            raise ImproperlyConfigured(
                f"Event type {value!r} is already defined by {type(owner).__qualname__}."
            )
        _REGISTRY[value] = member
    return enum_cls


def is_registered(value: str) -> bool:
    return str(value) in _REGISTRY


def registered_event_types() -> dict[str, EventType]:
    """All known event types by value, for filters and documentation."""
    return dict(sorted(_REGISTRY.items()))


def event_label(value: str) -> str:
    """The human label of an event type; the raw name for types no longer registered."""
    member = _REGISTRY.get(str(value))
    return str(member.label) if member is not None else str(value)


@register
class LedgerEvent(EventType):
    """The ledger's own events."""

    KEY_ROTATED = "ledger.key_rotated", _("Ledger signing key rotated")
    EXPORTED = "ledger.exported", _("Ledger exported")
