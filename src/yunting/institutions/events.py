"""The institution API's ledger events and their constructors (never a secret in a payload)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class InstitutionEvent(EventType):
    KEY_CREATED = "institutions.key_created", _("API key created")
    KEY_ROTATED = "institutions.key_rotated", _("API key rotated")
    KEY_REVOKED = "institutions.key_revoked", _("API key revoked")
    ENDPOINT_CREATED = "institutions.endpoint_created", _("Webhook endpoint registered")
    ENDPOINT_REMOVED = "institutions.endpoint_removed", _("Webhook endpoint removed")
    REDELIVERED = "institutions.delivery_redelivered", _("Webhook delivery sent again")
    BATCH_RECEIVED = "institutions.batch_received", _("Filing batch received")
    BATCH_FINISHED = "institutions.batch_finished", _("Filing batch processed")
    DISPUTES_REGISTERED = (
        "institutions.disputes_registered",
        _("Disputes registered for mediation through the API"),
    )


def _key(event: str, key: Any, actor: Any, **extra: Any) -> Record:
    payload = {"key": str(key.id), "name": key.name, "prefix": key.prefix, **extra}
    return Record(event, payload, actor=actor)


def key_created(*, key: Any, actor: Any) -> Record:
    return _key(InstitutionEvent.KEY_CREATED, key, actor, scopes=list(key.scopes))


def key_rotated(*, old: Any, new: Any, actor: Any) -> Record:
    return _key(InstitutionEvent.KEY_ROTATED, new, actor, replaces=str(old.id))


def key_revoked(*, key: Any, actor: Any) -> Record:
    return _key(InstitutionEvent.KEY_REVOKED, key, actor)


def endpoint_created(*, endpoint: Any, actor: Any) -> Record:
    payload = {"endpoint": str(endpoint.id), "url": endpoint.url, "events": endpoint.events}
    return Record(InstitutionEvent.ENDPOINT_CREATED, payload, actor=actor)


def endpoint_removed(*, endpoint: Any, actor: Any) -> Record:
    payload = {"endpoint": str(endpoint.id), "url": endpoint.url}
    return Record(InstitutionEvent.ENDPOINT_REMOVED, payload, actor=actor)


def delivery_redelivered(*, delivery: Any, actor: Any) -> Record:
    payload = {
        "delivery": str(delivery.id),
        "endpoint": str(delivery.endpoint_id),
        "event": delivery.event.event,
        "event_id": delivery.event_id,
    }
    return Record(InstitutionEvent.REDELIVERED, payload, actor=actor)


def batch_received(*, batch: Any, actor: Any) -> Record:
    payload = {"batch": str(batch.id), "name": batch.name, "sha256": batch.source_sha256}
    return Record(
        InstitutionEvent.BATCH_RECEIVED, payload, actor=actor, documents=[batch.source_sha256]
    )


def batch_finished(*, batch: Any, actor: Any) -> Record:
    payload = {
        "batch": str(batch.id),
        "total": batch.total,
        "created": batch.created_count,
        "rejected": batch.rejected_count,
    }
    return Record(InstitutionEvent.BATCH_FINISHED, payload, actor=actor)


def disputes_registered(*, actor: Any, results: list[dict]) -> Record:
    """One request of ``POST /institution/disputes``: what was created and what refused (each
    dispute created has its own ``mediation.registered`` entry too)."""
    payload = {
        "created": [r["id"] for r in results if r["status"] == "created"],
        "rejected": [
            {"index": r["index"], "ref": r["ref"], "code": str(r["code"])}
            for r in results
            if r["status"] == "rejected"
        ],
    }
    return Record(InstitutionEvent.DISPUTES_REGISTERED, payload, actor=actor)
