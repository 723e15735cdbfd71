"""The documents app's ledger events and their constructors."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class DocumentEvent(EventType):
    ISSUED = "documents.issued", _("Court document issued")
    TEMPLATE_SAVED = "documents.template_saved", _("Document template saved")
    BATCH_STARTED = "documents.batch_started", _("Document batch started")
    BATCH_FINISHED = "documents.batch_finished", _("Document batch finished")


# --- one constructor per event: the payload's shape is written here once -------------------


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def template_saved(*, template: Any, actor: Any, court: Any, base: Any, note: str) -> Record:
    """A new version of a template, for one court (or the platform default when ``court``
    is None), and the version it was based on."""
    payload = {
        "code": template.code,
        "court": court.code if court is not None else None,
        "version": template.version,
        "based_on": {
            "court": base.court.code if base.court_id else None,
            "version": base.version,
        },
        "body_sha256": _sha256(template.body),
        "note": note,
    }
    return Record(DocumentEvent.TEMPLATE_SAVED, payload, actor=actor, court=court)


def template_reverted(*, code: str, court: Any, actor: Any, current: Any) -> Record:
    """A court's own version withdrawn: the court goes back to the platform default."""
    payload = {"code": code, "court": court.code, "version": None, "reverted": current.version}
    return Record(DocumentEvent.TEMPLATE_SAVED, payload, actor=actor, court=court)


def document_issued(
    *, prepared: Any, actor: Any, size: int, sha256: str, batch: Any = None
) -> Record:
    """What was issued, from which template version, to whom; the signed PDF's hash."""
    case = prepared.case
    payload = {
        "template_code": prepared.template.code,
        "template_version": prepared.template.version,
        "template_sha256": _sha256(prepared.template.body),
        "template_court": prepared.template.court.code if prepared.template.court_id else None,
        "title": prepared.template.title,
        "case_number": case.case_number,
        "recipient": str(prepared.recipient.id) if prepared.recipient else None,
        "verification_code": prepared.verification_code,
        "signed_by_judge": str(prepared.judge.id) if prepared.judge else None,
        "size": size,
        "batch": str(batch.id) if batch else None,
    }
    return Record(
        DocumentEvent.ISSUED,
        payload,
        actor=actor,
        court=case.court,
        case=case,
        documents=[sha256],
    )


def batch_started(
    *, batch: Any, actor: Any, court: Any, template_code: str, cases: Sequence[str]
) -> Record:
    payload = {"batch": str(batch.id), "template_code": template_code, "cases": list(cases)}
    return Record(DocumentEvent.BATCH_STARTED, payload, actor=actor, court=court)


def batch_finished(*, batch: Any) -> Record:
    payload = {
        "batch": str(batch.id),
        "total": batch.total,
        "succeeded": batch.succeeded,
        "failed": batch.failed,
    }
    return Record(DocumentEvent.BATCH_FINISHED, payload, actor=batch.created_by, court=batch.court)
