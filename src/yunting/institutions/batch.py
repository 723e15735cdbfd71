"""Batch filing: one upload (JSON Lines, CSV or XLSX following the standard) of up to 10,000
filings with their files (a zip named by the manifest, or files uploaded first and referenced
by hash), checked and stored in the background with progress, and a per-row report.

CSV and XLSX columns are the standard's paths (``parties.0.name``, ``claims.0.amount``,
``documents.0.name``): one definition, flattened. Re-sending the same batch (same bytes, or
the same ``Idempotency-Key``) returns the first batch and creates nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import zipfile
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from yunting.core.errors import NON_FIELD
from yunting.core.files import check_upload, store_content_addressed
from yunting.core.tasks import enqueue_on_commit
from yunting.courts.models import Court
from yunting.ledger.services import record_event

from . import events
from .errors import InstitutionError, InstitutionErrorCode
from .intake import StoredFile, files_of, filings_submit_checked
from .keys import ensure_institution
from .models import Batch, BatchStatus, InstitutionFile
from .standard import check_filing

if TYPE_CHECKING:
    from yunting.accounts.models import User

MAX_ROWS = 10_000
MAX_SOURCE_BYTES = 50 * 1024 * 1024
MAX_ZIP_BYTES = 200 * 1024 * 1024
CHUNK = 1000
FORMATS = {"jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "xlsx": "xlsx"}


def batch_format(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in FORMATS:
        raise InstitutionError(InstitutionErrorCode.BAD_FORMAT, field="file")
    return FORMATS[ext]


# --- files uploaded first -------------------------------------------------------------------


@transaction.atomic
def file_upload(*, user: User, name: str, data: bytes) -> InstitutionFile:
    """Check a file by content and keep it for later filings, referenced by its SHA-256."""
    ensure_institution(user)
    checked = check_upload(data)
    existing = InstitutionFile.objects.filter(owner=user, sha256=checked.sha256).first()
    if existing is not None:
        return existing
    path = store_content_addressed(checked.data, folder="filings", extension=checked.extension)
    return InstitutionFile.objects.create(
        owner=user,
        sha256=checked.sha256,
        name=name[:200],
        path=path,
        content_type=checked.content_type,
        size=len(checked.data),
        pages=checked.pages,
    )


# --- parsing --------------------------------------------------------------------------------


def _set(doc: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = doc
    for here, nxt in itertools.pairwise(parts):
        key: Any = int(here) if here.isdigit() else here
        child: Any = [] if nxt.isdigit() else {}
        if isinstance(node, list):
            while len(node) <= key:
                node.append(None)
            if node[key] is None:
                node[key] = child
            node = node[key]
        else:
            node = node.setdefault(key, child)
    last = parts[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[last] = value


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text or None


def unflatten(row: dict[str, Any]) -> dict[str, Any]:
    """A flat row (columns named by the standard's paths) as one filing document."""
    doc: dict[str, Any] = {}
    for column, raw in row.items():
        value = _cell(raw)
        if column and value is not None:
            _set(doc, column.strip(), value)
    for name in ("parties", "claims", "documents"):
        if isinstance(doc.get(name), list):
            doc[name] = [x for x in doc[name] if x is not None]
    for party in doc.get("parties", []):
        if isinstance(party, dict) and isinstance(party.get("agents"), list):
            party["agents"] = [a for a in party["agents"] if a is not None]
    return doc


def parse_rows(data: bytes, fmt: str) -> list[Any]:
    """The documents of a batch, in order; a row that is not even a document is kept as the
    text it was, so its report says why."""
    if fmt == "jsonl":
        rows = []
        for line in data.decode("utf-8-sig", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except ValueError:
                rows.append(line)
        return rows
    if fmt == "csv":
        text = data.decode("utf-8-sig", errors="replace")
        return [unflatten(r) for r in csv.DictReader(io.StringIO(text))]
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InstitutionError(InstitutionErrorCode.BAD_FORMAT, field="file") from exc
    values = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(values, ())]
    return [
        unflatten(dict(zip(header, r, strict=False)))
        for r in values
        if any(v is not None for v in r)
    ]


def _zip_files(data: bytes) -> tuple[dict[str, str], dict[str, StoredFile], dict[str, str]]:
    """Members of the attachments zip: name → SHA-256, the checked files by hash, and the
    reason each refused member was refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InstitutionError(InstitutionErrorCode.BAD_ZIP, field="attachments") from exc
    names: dict[str, str] = {}
    stored: dict[str, StoredFile] = {}
    refused: dict[str, str] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        if info.file_size > MAX_ZIP_BYTES:
            refused[info.filename] = str(_("The file is too large."))
            continue
        content = archive.read(info)
        digest = hashlib.sha256(content).hexdigest()
        names[info.filename] = digest
        if digest in stored or digest in refused:
            continue
        try:
            checked = check_upload(content)
        except ValidationError as exc:
            refused[digest] = " ".join(exc.messages)
            continue
        path = store_content_addressed(checked.data, folder="filings", extension=checked.extension)
        stored[digest] = StoredFile(
            digest, info.filename, path, checked.content_type, len(content), checked.pages
        )
    return names, stored, refused


# --- the batch ------------------------------------------------------------------------------


@transaction.atomic
def batch_receive(
    *, user: User, name: str, data: bytes, attachments: bytes | None = None
) -> tuple[Batch, bool]:
    """Keep the upload and queue its processing; the same bytes again return the first
    batch (``created`` False)."""
    ensure_institution(user)
    fmt = batch_format(name)
    if len(data) > MAX_SOURCE_BYTES:
        raise InstitutionError(
            InstitutionErrorCode.TOO_LARGE, field="file", mb=MAX_SOURCE_BYTES >> 20
        )
    if attachments is not None and len(attachments) > MAX_ZIP_BYTES:
        raise InstitutionError(
            InstitutionErrorCode.TOO_LARGE, field="attachments", mb=MAX_ZIP_BYTES >> 20
        )
    digest = hashlib.sha256(data + b"\0" + (attachments or b"")).hexdigest()
    existing = Batch.objects.filter(owner=user, source_sha256=digest).first()
    if existing is not None:
        return existing, False
    if not data.strip():
        raise InstitutionError(InstitutionErrorCode.EMPTY_BATCH, field="file")
    source = default_storage.save(f"batches/{digest}.{fmt}", ContentFile(data))
    zip_path = ""
    if attachments:
        zip_path = default_storage.save(f"batches/{digest}.zip", ContentFile(attachments))
    batch = Batch.objects.create(
        owner=user,
        name=name[:200],
        format=fmt,
        source_path=source,
        attachments_path=zip_path,
        source_sha256=digest,
    )
    record_event(events.batch_received(batch=batch, actor=user))
    enqueue_on_commit(batch_process_task, batch_id=str(batch.id))
    return batch, True


def _row_report(row: int, doc: Any, errors: dict[str, list[str]], code: str = "invalid") -> dict:
    first = next((m for ms in errors.values() for m in ms), "")
    return {
        "row": row,
        "ref": doc.get("ref", "") if isinstance(doc, dict) else "",
        "status": "rejected",
        "detail": first,
        "code": code,
        "errors": errors,
    }


def _resolve_names(doc: Any, names: dict[str, str]) -> None:
    """Documents named by a zip member but not hashed get the member's hash."""
    if not isinstance(doc, dict) or not isinstance(doc.get("documents"), list):
        return
    for d in doc["documents"]:
        if isinstance(d, dict) and "sha256" not in d and d.get("name") in names:
            d["sha256"] = names[d["name"]]


def batch_process(*, batch: Batch) -> Batch:
    """Check every row, store the good ones chunk by chunk (progress after each), and write
    the report. Runs once: a batch already done is left as it is."""
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != BatchStatus.QUEUED:
            return batch
        batch.status = BatchStatus.RUNNING
        batch.save(update_fields=["status"])
    user = batch.owner
    with default_storage.open(batch.source_path) as fh:
        data = fh.read()
    files = files_of(user=user)
    names: dict[str, str] = {}
    refused: dict[str, str] = {}
    if batch.attachments_path:
        with default_storage.open(batch.attachments_path) as fh:
            names, stored, refused = _zip_files(fh.read())
        files.update(stored)
    try:
        docs = parse_rows(data, batch.format)
    except InstitutionError as exc:
        return _fail(batch, str(exc.detail))
    if len(docs) > MAX_ROWS:
        return _fail(batch, str(InstitutionErrorCode.TOO_MANY_ROWS.message % {"max": MAX_ROWS}))
    courts = {c.code: c for c in Court.objects.filter(is_active=True)}
    available = set(files)
    report: list[dict] = []
    good: list[tuple[int, Any]] = []
    seen: dict[str, int] = {}
    refs: dict[str, int] = {}
    for n, doc in enumerate(docs, start=1):
        if not isinstance(doc, dict):
            report.append(
                _row_report(
                    n, doc, {NON_FIELD: [_("This row is not a JSON object.")]}, "parse_error"
                )
            )
            continue
        _resolve_names(doc, names)
        fingerprint = hashlib.sha256(
            json.dumps(
                {k: v for k, v in doc.items() if k != "ref"}, sort_keys=True, ensure_ascii=False
            ).encode()
        ).hexdigest()
        if fingerprint in seen or (doc.get("ref") and doc["ref"] in refs):
            first = seen.get(fingerprint) or refs.get(doc.get("ref"))
            report.append(
                _row_report(
                    n,
                    doc,
                    {NON_FIELD: [_("This row repeats row %(row)d.") % {"row": first}]},
                    "duplicate_row",
                )
            )
            continue
        seen[fingerprint] = n
        if doc.get("ref"):
            refs[str(doc["ref"])] = n
        checked, errors = check_filing(doc, courts=courts, files=available)
        for i, d in enumerate(doc.get("documents") or []):
            if isinstance(d, dict) and d.get("sha256") in refused:
                errors.setdefault(f"documents.{i}.sha256", []).append(refused[d["sha256"]])
        if errors or checked is None:
            report.append(_row_report(n, doc, errors))
            continue
        good.append((n, checked))
        report.append({"row": n, "ref": doc.get("ref", ""), "status": "pending"})
    Batch.objects.filter(pk=batch.pk).update(total=len(docs), rejected_count=len(docs) - len(good))
    by_row = {r["row"]: r for r in report}
    created = 0
    for start in range(0, len(good), CHUNK):
        chunk = good[start : start + CHUNK]
        filings = filings_submit_checked(
            user=user,
            checked=[c for _, c in chunk],
            files=files,
            batch=batch,
            rows=[n for n, _ in chunk],
        )
        for (n, _c), filing in zip(chunk, filings, strict=True):
            by_row[n].update(status="created", filing=str(filing.id), number=filing.number)
        created += len(filings)
        Batch.objects.filter(pk=batch.pk).update(
            processed=start + len(chunk), created_count=created
        )
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        batch.processed = batch.total
        batch.report = report
        batch.status = BatchStatus.DONE
        batch.finished_at = timezone.now()
        batch.save()
        record_event(events.batch_finished(batch=batch, actor=user))
    return batch


def _fail(batch: Batch, message: str) -> Batch:
    with transaction.atomic():
        Batch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=message, finished_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch


@task()
def batch_process_task(*, batch_id: str) -> int:
    batch = batch_process(batch=Batch.objects.get(pk=batch_id))
    return batch.created_count


def report_xlsx(batch: Batch) -> bytes:
    """The per-row report as a workbook (row, ref, status, number, field, message)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("report")
    sheet.append(
        [_("Row"), _("Reference"), _("Status"), _("Filing number"), _("Field"), _("Message")]
    )
    for r in batch.report:
        if r["status"] == "rejected":
            for path, messages in r["errors"].items():
                for m in messages:
                    sheet.append([r["row"], r["ref"], r["status"], "", path, m])
        else:
            sheet.append([r["row"], r["ref"], r["status"], r.get("number", ""), "", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
