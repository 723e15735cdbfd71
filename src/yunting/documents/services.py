"""Writes of the documents app: issuing (render → seal → sign → store → ledger), template
versions and batches. Each write runs in a transaction that appends to the ledger."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role, user_staff_assignments
from yunting.cases.models import Case, Party
from yunting.core.tasks import enqueue_on_commit
from yunting.ledger.services import record_event

from . import events, pdfwork, pki
from .catalogue import CATALOGUE, seed_template
from .context import case_context, sample_context
from .errors import DocumentError, DocumentErrorCode
from .models import Batch, BatchItem, BatchItemStatus, BatchStatus, DocumentTemplate, IssuedDocument
from .rendering import render_html
from .signals import document_issued

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.courts.models import Court

logger = logging.getLogger(__name__)

# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_BATCH = 2000


def verification_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def storage_path_for(sha256: str) -> str:
    """Content-addressed: the path is the hash, so a file can be checked against its name."""
    return f"documents/{sha256[:2]}/{sha256[2:4]}/{sha256}.pdf"


# --- templates ------------------------------------------------------------------------------


def template_get_active(*, code: str, court: Court | None = None) -> DocumentTemplate:
    """The version of ``code`` that applies at ``court``: the court's own active version if it
    has one, else the platform default (the shipped version 1 is loaded on first use)."""
    if code not in CATALOGUE:
        raise DocumentError(DocumentErrorCode.UNKNOWN_TEMPLATE)
    if court is not None:
        own = DocumentTemplate.objects.filter(court=court, code=code, is_active=True).first()
        if own is not None:
            return own
    template = DocumentTemplate.objects.filter(
        court__isnull=True, code=code, is_active=True
    ).first()
    if template is None:
        template = seed_template(code)
    if template is None:
        raise DocumentError(DocumentErrorCode.UNKNOWN_TEMPLATE)
    return template


def template_check_editor(*, actor: User, court: Court | None) -> None:
    """A court's versions are its administrator's; the platform defaults are a platform
    administrator's (a superuser: the technical administrator of the deployment)."""
    if court is None:
        if not (actor.is_active and actor.is_superuser):
            raise DocumentError(DocumentErrorCode.NOT_TEMPLATE_ADMIN)
        return
    courts = user_courts_with_role(user=actor, roles={Role.COURT_ADMIN})
    if court.id not in {c.id for c in courts}:
        raise DocumentError(DocumentErrorCode.NOT_TEMPLATE_ADMIN)


def template_check_body(body: str, court: Court | None) -> None:
    """Refuse a template that does not compile or render against a sample case."""
    if court is None:
        from yunting.courts.models import Court as CourtModel

        court = CourtModel.objects.filter(is_active=True).first()
    if court is None:
        from .rendering import compile_body

        compile_body(body)
        return
    render_html(body, sample_context(court), seal=False, preview=True)


@transaction.atomic
def template_save(
    *, code: str, body: str, actor: User, court: Court | None = None, note: str = ""
) -> DocumentTemplate:
    """Save an edit as a new version of ``court``'s own template (``court=None``: the platform
    default) and make it active; older versions, and other courts, stay as they were."""
    template_check_editor(actor=actor, court=court)
    base = template_get_active(code=code, court=court)
    template_check_body(body, court)
    scope = DocumentTemplate.objects.select_for_update().filter(code=code)
    scope = scope.filter(court=court) if court is not None else scope.filter(court__isnull=True)
    versions = list(scope.order_by("-version"))
    for current in versions:
        if current.is_active:
            current.is_active = False
            current.save(update_fields=["is_active"])
    template = DocumentTemplate(
        court=court,
        code=code,
        title=base.title,
        version=(versions[0].version if versions else 0) + 1,
        body=body,
        note=note,
        created_by=actor,
        is_active=True,
    )
    template.full_clean()
    template.save()
    record_event(
        events.template_saved(template=template, actor=actor, court=court, base=base, note=note)
    )
    return template


@transaction.atomic
def template_revert(*, code: str, actor: User, court: Court) -> None:
    """Go back to the platform default at ``court``: its own versions stay, none is active."""
    template_check_editor(actor=actor, court=court)
    if code not in CATALOGUE:
        raise DocumentError(DocumentErrorCode.UNKNOWN_TEMPLATE)
    current = (
        DocumentTemplate.objects.select_for_update()
        .filter(court=court, code=code, is_active=True)
        .first()
    )
    if current is None:
        return
    current.is_active = False
    current.save(update_fields=["is_active"])
    record_event(events.template_reverted(code=code, court=court, actor=actor, current=current))


# --- issuing --------------------------------------------------------------------------------


@dataclass
class Prepared:
    """A document ready for the CPU part (render + sign): plain data, so it can cross to a
    worker process."""

    case: Case
    template: DocumentTemplate
    recipient: Party | None
    extra: dict[str, Any]
    html: str
    verification_code: str
    specs: list[pdfwork.SignSpec] = field(default_factory=list)
    judge: Any = None


def check_issuer(actor: User, case: Case) -> None:
    if not any(a.court_id == case.court_id for a in user_staff_assignments(user=actor)):
        raise DocumentError(DocumentErrorCode.NOT_COURT_STAFF)


def _check_judge(actor: User, case: Case) -> None:
    """Only the judge handling the case signs as judge (any judge of the court while the case
    has none assigned)."""
    judge_courts = {c.id for c in user_courts_with_role(user=actor, roles={Role.JUDGE})}
    if case.court_id not in judge_courts:
        raise DocumentError(DocumentErrorCode.NOT_THE_JUDGE)
    if case.judge_id is not None and case.judge_id != actor.id:
        raise DocumentError(DocumentErrorCode.NOT_THE_JUDGE)


def clean_extra(extra: dict | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in (extra or {}).items() if v is not None and str(v) != ""}


def document_prepare(
    *,
    template_code: str,
    case: Case,
    actor: User,
    recipient: Party | None = None,
    extra: dict | None = None,
    sign_as_judge: bool = False,
    co_signers: Sequence[User] = (),
    clerk: User | None = None,
) -> Prepared:
    """Check who may issue what, and fill the template: everything before the CPU work.

    ``co_signers``: the other judges of a collegiate panel, who sign after the issuing judge
    (each a judge of the court); ``clerk``: the clerk who certifies the copy (本件与原本核对
    无异), signing after the bench and before the court's seal."""
    check_issuer(actor, case)
    if recipient is not None and recipient.case_id != case.id:
        raise DocumentError(DocumentErrorCode.RECIPIENT_NOT_IN_CASE)
    if sign_as_judge:
        _check_judge(actor, case)
    if co_signers:
        if not sign_as_judge:
            raise DocumentError(DocumentErrorCode.NOT_THE_JUDGE)
        for judge in co_signers:
            courts = {c.id for c in user_courts_with_role(user=judge, roles={Role.JUDGE})}
            if judge.pk == actor.pk or case.court_id not in courts:
                raise DocumentError(DocumentErrorCode.NOT_THE_JUDGE)
    if clerk is not None and clerk.pk != case.clerk_id:
        raise DocumentError(DocumentErrorCode.NOT_THE_CLERK)
    template = template_get_active(code=template_code, court=case.court)
    extra = clean_extra(extra)
    code = verification_code_new()
    context = case_context(case, recipient=recipient, extra=extra)
    html = render_html(template.body, context, seal=True, verification_code=code)
    court = case.court
    specs = []
    # The judge signs first (as the author, on the 原本); the court's seal signature comes
    # last, so it covers the whole file, as the physical seal is the last mark on a document.
    if sign_as_judge:
        specs.append(
            pdfwork.SignSpec(
                credentials=pki.judge_credentials(actor, court),
                field_name="JudgeSignature",
                reason="审判员签名",
                location=court.name,
                name=actor.name,
            )
        )
    for n, judge in enumerate(co_signers, start=2):
        specs.append(
            pdfwork.SignSpec(
                credentials=pki.judge_credentials(judge, court),
                field_name=f"JudgeSignature{n}",
                reason="合议庭成员签名",
                location=court.name,
                name=judge.name,
            )
        )
    if clerk is not None:
        specs.append(
            pdfwork.SignSpec(
                credentials=pki.clerk_credentials(clerk, court),
                field_name="ClerkSignature",
                reason="书记员签名：本件与原本核对无异",
                location=court.name,
                name=clerk.name,
            )
        )
    specs.append(
        pdfwork.SignSpec(
            credentials=pki.court_credentials(court),
            field_name="CourtSeal",
            reason=f"{court.name}电子签章",
            location=court.address or court.name,
            name=court.name,
        )
    )
    return Prepared(
        case=case,
        template=template,
        recipient=recipient,
        extra=extra,
        html=html,
        verification_code=code,
        specs=specs,
        judge=actor if sign_as_judge else None,
    )


def _store(pdf: bytes, sha256: str) -> str:
    """Write the bytes under their hash. A rolled-back issue may leave an unreferenced file
    (harmless: same name, same bytes); never a record without its file."""
    path = storage_path_for(sha256)
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(pdf))
        if saved != path:  # a storage that renamed it would break content addressing
            default_storage.delete(saved)
            raise RuntimeError(f"Storage refused content-addressed path {path}")
    return path


@transaction.atomic
def document_record(
    *, prepared: Prepared, actor: User, pdf: bytes, sha256: str, batch: Batch | None = None
) -> IssuedDocument:
    """Store the signed bytes, create the record and append ``documents.issued``."""
    case = prepared.case
    path = _store(pdf, sha256)
    now = timezone.now()
    title = prepared.template.title
    entry = record_event(
        events.document_issued(
            prepared=prepared, actor=actor, size=len(pdf), sha256=sha256, batch=batch
        )
    )
    doc = IssuedDocument(
        case=case,
        court_id=case.court_id,
        template_code=prepared.template.code,
        template_version=prepared.template.version,
        template=prepared.template,
        title=title,
        recipient=prepared.recipient,
        extra=prepared.extra,
        sha256=sha256,
        size=len(pdf),
        storage_path=path,
        signed_by_judge=prepared.judge,
        issued_by=actor,
        issued_at=now,
        ledger_seq=entry.seq,
        verification_code=prepared.verification_code,
        batch=batch,
    )
    doc.full_clean(
        exclude=["case", "court", "recipient", "issued_by", "signed_by_judge", "batch", "template"]
    )
    doc.save()
    from yunting.efile.services import efile_ingest_document  # filed into the case's e-file

    efile_ingest_document(document=doc, pdf=pdf, actor=actor)
    document_issued.send(sender=IssuedDocument, document=doc, actor=actor)
    return doc


@transaction.atomic
def document_issue(
    *,
    template_code: str,
    case: Case,
    actor: User,
    recipient: Party | None = None,
    extra: dict | None = None,
    sign_as_judge: bool = False,
    co_signers: Sequence[User] = (),
    clerk: User | None = None,
) -> IssuedDocument:
    """Render, seal, sign, store and record one document, in the caller's transaction."""
    prepared = document_prepare(
        template_code=template_code,
        case=case,
        actor=actor,
        recipient=recipient,
        extra=extra,
        sign_as_judge=sign_as_judge,
        co_signers=co_signers,
        clerk=clerk,
    )
    pdf, sha256 = pdfwork.render_and_sign(prepared.html, prepared.specs)
    return document_record(prepared=prepared, actor=actor, pdf=pdf, sha256=sha256)


def document_render_pdf(*, template_code: str, case: Case, extra: dict | None = None) -> bytes:
    """An unsigned preview: watermarked 样稿 and without the seal, so it cannot pass for the
    real thing."""
    template = template_get_active(code=template_code, court=case.court)
    context = case_context(case, extra=clean_extra(extra))
    return pdfwork.html_to_pdf(render_html(template.body, context, seal=False, preview=True))


def template_preview_pdf(*, body: str, court: Court, case: Case | None = None) -> bytes:
    """Preview of a template text being edited, with a real case of the court or a sample."""
    context = case_context(case) if case is not None else sample_context(court)
    html = render_html(body, context, seal=False, preview=True)
    try:
        return pdfwork.html_to_pdf(html)
    except Exception as exc:  # WeasyPrint on an edited text: shown in the editor
        raise DocumentError(DocumentErrorCode.RENDER_FAILED, reason=str(exc)) from exc


def document_docx(
    *,
    template_code: str,
    case: Case,
    recipient: Party | None = None,
    extra: dict | None = None,
) -> bytes:
    """A Word draft for judges who edit in Word: the same template and context as the PDF."""
    from .rendering import render_docx

    template = template_get_active(code=template_code, court=case.court)
    context = case_context(case, recipient=recipient, extra=clean_extra(extra))
    html = render_html(template.body, context, seal=False)
    return render_docx(html=html, title=template.title, context=context)


# --- batches --------------------------------------------------------------------------------


@transaction.atomic
def batch_create(
    *,
    actor: User,
    court: Court,
    template_code: str,
    case_ids: Iterable,
    extra: dict | None = None,
) -> Batch:
    """Queue one template for many cases of one court; a background task does the work."""
    if not any(a.court_id == court.id for a in user_staff_assignments(user=actor)):
        raise DocumentError(DocumentErrorCode.NOT_COURT_STAFF)
    if not CATALOGUE.get(template_code) or not CATALOGUE[template_code].issuable:
        raise DocumentError(DocumentErrorCode.NOT_ISSUABLE)
    template_get_active(code=template_code, court=court)
    ids = list(dict.fromkeys(str(i) for i in case_ids))
    if not ids:
        raise DocumentError(DocumentErrorCode.NO_CASES)
    if len(ids) > MAX_BATCH:
        raise DocumentError(DocumentErrorCode.TOO_MANY_CASES, limit=MAX_BATCH)
    cases = {str(c.id): c for c in Case.objects.filter(id__in=ids, court=court)}
    if len(cases) != len(ids):
        raise DocumentError(DocumentErrorCode.NOT_COURT_STAFF)
    batch = Batch.objects.create(
        court=court,
        template_code=template_code,
        extra=clean_extra(extra),
        total=len(ids),
        created_by=actor,
    )
    BatchItem.objects.bulk_create(
        [BatchItem(batch=batch, case=cases[i], position=n) for n, i in enumerate(ids)]
    )
    record_event(
        events.batch_started(
            batch=batch, actor=actor, court=court, template_code=template_code, cases=ids
        )
    )
    from .tasks import batch_run_task

    enqueue_on_commit(batch_run_task, batch_id=str(batch.id))
    return batch


def _workers_for(total: int) -> int:
    configured = os.environ.get("YUNTING_DOCUMENT_WORKERS")
    if configured:
        return max(1, int(configured))
    # Starting a worker costs ~1 s (WeasyPrint and fonts load); worth it for real batches.
    return min(os.cpu_count() or 1, 4) if total >= 24 else 1


def _fail(item: BatchItem, message: str) -> None:
    with transaction.atomic(durable=True):  # each item commits: a failure never undoes others
        BatchItem.objects.filter(pk=item.pk).update(status=BatchItemStatus.FAILED, error=message)
        Batch.objects.filter(pk=item.batch_id).update(failed=F("failed") + 1)


def _succeed(item: BatchItem, prepared: Prepared, pdf: bytes, sha: str, batch: Batch) -> None:
    with transaction.atomic(durable=True):
        doc = document_record(
            prepared=prepared, actor=batch.created_by, pdf=pdf, sha256=sha, batch=batch
        )
        BatchItem.objects.filter(pk=item.pk).update(status=BatchItemStatus.ISSUED, document=doc)
        Batch.objects.filter(pk=batch.pk).update(succeeded=F("succeeded") + 1)


def batch_run(*, batch_id, workers: int | None = None) -> Batch:
    """Issue every pending item of a batch; a failing case is noted and the batch goes on.

    The template filling and database work stay in this process; rendering and signing (the
    expensive part) run in a pool of ``spawn``-ed processes when there are enough cases, with
    a bounded window of documents in flight so memory stays flat whatever the batch size."""
    batch = Batch.objects.select_related("created_by", "court").get(pk=batch_id)
    if batch.status == BatchStatus.DONE:
        return batch
    Batch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, started_at=timezone.now())
    items = list(
        BatchItem.objects.filter(batch=batch, status=BatchItemStatus.PENDING)
        .select_related("case__court", "case__judge", "case__clerk", "case__court__parent")
        .order_by("position")
    )
    workers = workers or _workers_for(len(items))

    def prepare(item: BatchItem) -> Prepared | None:
        try:
            return document_prepare(
                template_code=batch.template_code,
                case=item.case,
                actor=batch.created_by,
                extra=batch.extra,
            )
        except Exception as exc:  # one bad case must not stop the batch
            logger.warning("batch %s: case %s not prepared: %s", batch.id, item.case_id, exc)
            _fail(item, str(exc))
            return None

    def finish(item: BatchItem, prepared: Prepared, result: tuple[bytes, str] | Exception):
        if isinstance(result, Exception):
            _fail(item, str(result) or type(result).__name__)
            return
        try:
            _succeed(item, prepared, result[0], result[1], batch)
        except Exception as exc:
            logger.warning("batch %s: case %s not recorded: %s", batch.id, item.case_id, exc)
            _fail(item, str(exc))

    if workers <= 1:
        for item in items:
            prepared = prepare(item)
            if prepared is None:
                continue
            try:
                result: tuple[bytes, str] | Exception = pdfwork.render_and_sign(
                    prepared.html, prepared.specs
                )
            except Exception as exc:
                result = exc
            finish(item, prepared, result)
    else:
        window = workers * 3
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            pending: dict[Future, tuple[BatchItem, Prepared]] = {}

            def drain(block_until: int) -> None:
                while len(pending) > block_until:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        item, prepared = pending.pop(fut)
                        exc = fut.exception()
                        finish(item, prepared, exc if exc is not None else fut.result())

            for item in items:
                prepared = prepare(item)
                if prepared is None:
                    continue
                fut = pool.submit(pdfwork.render_and_sign, prepared.html, prepared.specs)
                pending[fut] = (item, prepared)
                drain(window)
            drain(0)

    with transaction.atomic():
        Batch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.DONE, finished_at=timezone.now()
        )
        batch.refresh_from_db()
        record_event(events.batch_finished(batch=batch))
    return batch
