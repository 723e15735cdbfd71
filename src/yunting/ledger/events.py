"""Event types: one enum per app, all registered here so a name means one thing everywhere.

Why a registry: the ledger is forever. If two apps both wrote ``"accepted"``, a timeline read in
ten years could not tell a filing acceptance from a service acceptance. Each app therefore
declares its events as a subclass of :class:`EventType` whose values are prefixed with the app
label (``"filing.submitted"``) and decorates it with :func:`register`; ``services.record``
refuses names that were never registered.

Each event also has one constructor in its app's ``events.py``, so its payload's shape is
written once and a service only says what happened. Example, in ``yunting/filing/events.py``::

    @register
    class FilingEvent(EventType):
        SUBMITTED = "filing.submitted", _("Filing submitted")

    def filing_submitted(*, filing, actor) -> Record:
        return Record(FilingEvent.SUBMITTED, {"filing": str(filing.id), ...},
                      actor=actor, court=filing.court)

and the service calls ``record_event(filing_submitted(filing=filing, actor=user))``. A change
of a value is written ``change(old, new)`` = ``{"old": …, "new": …}``, always these two keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

OLD = "old"
NEW = "new"


@dataclass(frozen=True)
class Record:
    """One event to append: what ``ledger.services.record``'s arguments mean. Apps build it
    with their events' constructors, never by hand at the call site."""

    event_type: str
    payload: dict
    actor: Any = None
    court: Any = None
    case: Any = None
    documents: Sequence[bytes | str] = field(default_factory=tuple)


def change(old: Any, new: Any) -> dict[str, Any]:
    """A changed value, with the same two keys in every payload."""
    return {OLD: old, NEW: new}


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
    DEPOSITED = "ledger.deposited", _("Evidence deposited by an outside system")
    EVIDENCE_CHECKED = "ledger.evidence_checked", _("Uploaded evidence checked against deposits")
    WITNESS_ADDED = "ledger.witness_added", _("Witness registered")
    WITNESS_REMOVED = "ledger.witness_removed", _("Witness retired")
    SPLIT_VIEW = "ledger.split_view", _("Split-view alarm raised by a witness")


def key_rotated(*, old_key_id: str | None, new_key_id: str) -> Record:
    return Record(LedgerEvent.KEY_ROTATED, {"key_id": change(old_key_id, new_key_id)})


def ledger_exported(*, tree_size: int) -> Record:
    return Record(LedgerEvent.EXPORTED, {"tree_size": tree_size})


def deposited(*, deposit, actor) -> Record:
    from .services import format_time  # services imports this module

    return Record(
        LedgerEvent.DEPOSITED,
        {
            "deposit": str(deposit.id),
            "depositor": deposit.depositor_name,
            "kind": deposit.kind,
            "reference": deposit.reference,
            # as the encoder's fallback would write it, without the fallback's per-value call
            "record_time": (
                None if deposit.record_time is None else format_time(deposit.record_time)
            ),
            "metadata": deposit.metadata,
        },
        actor=actor,
        documents=(deposit.sha256,),
    )


def evidence_checked(*, check, court, actor) -> Record:
    return Record(
        LedgerEvent.EVIDENCE_CHECKED,
        {
            "check": str(check.id),
            "outcome": check.outcome,
            "deposit": str(check.deposit_id),
            "source": check.source,
            "source_id": check.source_id,
        },
        actor=actor,
        court=court,
        case=check.case_id,
        documents=(check.sha256,),
    )


def witness_added(*, witness, actor) -> Record:
    return Record(
        LedgerEvent.WITNESS_ADDED,
        {"name": witness.name, "organisation": witness.organisation, "vkey": witness.vkey},
        actor=actor,
    )


def witness_removed(*, witness, actor) -> Record:
    return Record(LedgerEvent.WITNESS_REMOVED, {"name": witness.name}, actor=actor)


def split_view(*, alarm) -> Record:
    return Record(
        LedgerEvent.SPLIT_VIEW,
        {
            "alarm": alarm.pk,
            "reporter": alarm.reporter,
            "reason": alarm.reason,
            "tree_size": alarm.tree_size,
        },
    )
