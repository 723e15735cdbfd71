"""Ledger events of the publication app, one constructor each."""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class PublicationEvent(EventType):
    PREPARED = "publication.prepared", _("Judgment anonymized for publication")
    REVISED = "publication.revised", _("Anonymized judgment corrected")
    PUBLISHED = "publication.published", _("Judgment published online")
    WITHHELD = "publication.withheld", _("Judgment not published online")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rec(kind, payload: dict, *, publication, actor, documents=()) -> Record:
    return Record(
        kind,
        {"publication": str(publication.id), "decision": str(publication.decision_id), **payload},
        actor=actor,
        court=publication.case.court,
        case=publication.case,
        documents=list(documents),
    )


def prepared(*, publication, actor) -> Record:
    return _rec(
        PublicationEvent.PREPARED,
        {
            "cause": publication.cause_name,
            "original_sha256": _sha(publication.original_text),
            "text_sha256": _sha(publication.text),
            "replacements": len(publication.replacements),
        },
        publication=publication,
        actor=actor,
    )


def revised(*, publication, actor) -> Record:
    return _rec(
        PublicationEvent.REVISED,
        {"version": publication.version, "text_sha256": _sha(publication.text)},
        publication=publication,
        actor=actor,
    )


def published(*, publication, actor) -> Record:
    return _rec(
        PublicationEvent.PUBLISHED,
        {
            "version": publication.version,
            "text_sha256": _sha(publication.text),
            "pdf_sha256": publication.sha256,
        },
        publication=publication,
        actor=actor,
        documents=[publication.sha256],
    )


def withheld(*, publication, actor) -> Record:
    return _rec(
        PublicationEvent.WITHHELD,
        {"reason": publication.withheld_reason, "note": publication.withheld_note},
        publication=publication,
        actor=actor,
    )
