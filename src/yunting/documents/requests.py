"""Documents decided on now and made after commit (acceptance, phase two).

Accepting a case fixes its number, fees and judge in one short transaction; the notices it
owes the plaintiffs are *requested* in that transaction and rendered, sealed, signed and
issued by a worker once it commits (``core.tasks.enqueue_on_commit``). Issuing still goes
through ``services.document_record``, so the ledger entry, the e-file and everything that
listens for an issued document happen exactly as for a document issued at once."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from yunting.cases.models import Case, Party
from yunting.core.tasks import enqueue_on_commit

from . import pdfwork
from .catalogue import CATALOGUE
from .errors import DocumentError, DocumentErrorCode
from .models import DocumentRequest, DocumentRequestStatus
from .services import check_issuer, clean_extra, document_prepare, document_record

if TYPE_CHECKING:
    from yunting.accounts.models import User

logger = logging.getLogger(__name__)

# Sent inside the transaction that issued the requested document: ``request`` (now done)
# and ``document``. The fees app ties a payment notice to its fee order on it.
request_fulfilled = Signal()

RETRY_BACKOFF = (0.5, 2.0)  # seconds between the attempts of one run


def document_request_create(
    *,
    template_code: str,
    case: Case,
    actor: User,
    recipient: Party | None = None,
    extra: dict | None = None,
    links: dict | None = None,
) -> DocumentRequest:
    """Ask for a document, checking now what can be checked cheaply (who asks, to whom,
    which template); the worker is enqueued when the caller's transaction commits."""
    check_issuer(actor, case)
    if recipient is not None and recipient.case_id != case.id:
        raise DocumentError(DocumentErrorCode.RECIPIENT_NOT_IN_CASE)
    if template_code not in CATALOGUE:
        raise DocumentError(DocumentErrorCode.UNKNOWN_TEMPLATE)
    request = DocumentRequest.objects.create(
        case=case,
        template_code=template_code,
        recipient=recipient,
        extra=clean_extra(extra),
        links={k: str(v) for k, v in (links or {}).items()},
        requested_by=actor,
    )
    from .tasks import document_request_task

    enqueue_on_commit(document_request_task, request_id=str(request.id))
    return request


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):  # the project's own errors: their message
        return "；".join(str(m) for m in exc.messages)
    return f"{type(exc).__name__}: {exc}"


def _attempt(request_id) -> tuple[DocumentRequest, bool]:
    """One try: render and sign outside any transaction (the slow part holds no lock), then
    record under a lock on the request, so two workers given the same request issue once."""
    request = DocumentRequest.objects.select_related(
        "case__court", "case__judge", "case__clerk", "recipient", "requested_by"
    ).get(pk=request_id)
    if request.status == DocumentRequestStatus.DONE:
        return request, True
    try:
        prepared = document_prepare(
            template_code=request.template_code,
            case=request.case,
            actor=request.requested_by,
            recipient=request.recipient,
            extra=request.extra,
        )
        pdf, sha256 = pdfwork.render_and_sign(prepared.html, prepared.specs)
        with transaction.atomic():
            locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status == DocumentRequestStatus.DONE:
                return locked, True
            document = document_record(
                prepared=prepared, actor=request.requested_by, pdf=pdf, sha256=sha256
            )
            locked.status = DocumentRequestStatus.DONE
            locked.attempts += 1
            locked.document = document
            locked.last_error = ""
            locked.finished_at = timezone.now()
            locked.save()
            locked.recipient = request.recipient
            locked.requested_by = request.requested_by
            request_fulfilled.send(sender=DocumentRequest, request=locked, document=document)
        return locked, True
    except Exception as exc:  # any failure is kept on the request, never lost
        logger.warning("document request %s failed: %s", request_id, exc, exc_info=True)
        with transaction.atomic():
            locked = DocumentRequest.objects.select_for_update().get(pk=request_id)
            if locked.status == DocumentRequestStatus.DONE:
                return locked, True
            locked.attempts += 1
            locked.last_error = _error_text(exc)[:2000]
            locked.save(update_fields=["attempts", "last_error"])
        return locked, False


def document_request_run(*, request_id, backoff: tuple[float, ...] = RETRY_BACKOFF):
    """Make one requested document, retrying up to ``MAX_ATTEMPTS`` times; after the last
    failure the request is ``failed`` and shows its error to the court's staff."""
    request = None
    for attempt in range(DocumentRequest.MAX_ATTEMPTS):
        request, ok = _attempt(request_id)
        if ok:
            return request
        if attempt < DocumentRequest.MAX_ATTEMPTS - 1 and attempt < len(backoff):
            time.sleep(backoff[attempt])
    DocumentRequest.objects.filter(pk=request_id, status=DocumentRequestStatus.PENDING).update(
        status=DocumentRequestStatus.FAILED, finished_at=timezone.now()
    )
    return DocumentRequest.objects.get(pk=request_id)


def document_requests_run_pending(*, case: Case | None = None, backoff=()) -> int:
    """Make every pending request (of ``case``) here and now: for the command line, the
    benchmarks, tests, and a queue that lost its jobs. Returns how many were issued."""
    rows = DocumentRequest.objects.filter(status=DocumentRequestStatus.PENDING)
    if case is not None:
        rows = rows.filter(case=case)
    issued = 0
    for request_id in list(rows.order_by("requested_at").values_list("id", flat=True)):
        done = document_request_run(request_id=request_id, backoff=backoff)
        issued += done.status == DocumentRequestStatus.DONE
    return issued


@transaction.atomic
def document_request_retry(*, request: DocumentRequest, actor: User) -> DocumentRequest:
    """Staff of the court send a failed request to the workers again."""
    check_issuer(actor, request.case)
    request = DocumentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DocumentRequestStatus.FAILED:
        raise DocumentError(DocumentErrorCode.REQUEST_NOT_FAILED)
    request.status = DocumentRequestStatus.PENDING
    request.finished_at = None
    request.save(update_fields=["status", "finished_at"])
    from .tasks import document_request_task

    enqueue_on_commit(document_request_task, request_id=str(request.id))
    return request
