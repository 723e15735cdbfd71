"""Postal service: one printable PDF per batch (an envelope address sheet per recipient, then
the documents), and tracking numbers and delivery statuses entered or imported from a CSV
(validated row by row; one bad row and nothing is applied)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from html import escape

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.courts.models import Court
from yunting.ledger.services import record_event

from . import events
from .addresses import check_staff
from .errors import ServiceError, ServiceErrorCode
from .models import AttemptStatus, Channel, ServiceAttempt, ServiceBatch

SHEET_MARK = "邮寄送达地址单"
CSV_COLUMNS = ("reference", "tracking_number", "status", "date", "note")
STATUSES = {
    "sent": AttemptStatus.SENT,
    "delivered": AttemptStatus.DELIVERED,
    "returned": AttemptStatus.RETURNED,
}


def batch_postal_attempts(batch: ServiceBatch) -> list[ServiceAttempt]:
    return list(
        ServiceAttempt.objects.filter(task__batch=batch, channel=Channel.POSTAL)
        .select_related("task__party", "task__case", "task__document", "task__court")
        .order_by("task__party__name", "task__case__case_number", "created_at")
    )


def _sheet_html(court: Court, party, attempts: list[ServiceAttempt]) -> str:
    rows = "".join(
        f"<tr><td>{escape(a.task.case.case_number)}</td><td>{escape(a.task.document.title)}</td>"
        f"<td>{escape(str(a.id)[:8])}</td><td>{escape(a.tracking_number or '')}</td></tr>"
        for a in attempts
    )
    return (
        "<section class='sheet'>"
        f"<h1>{SHEET_MARK}</h1>"
        f"<p class='to'>收件人：{escape(party.name)}</p>"
        f"<p class='to'>地址：{escape(attempts[0].address)}</p>"
        f"<p>电话：{escape(party.phone or '')}</p>"
        f"<p class='from'>寄件人：{escape(court.name)}　{escape(court.address or '')}</p>"
        "<table><tr><th>案号</th><th>文书</th><th>寄件编号</th><th>邮件号</th></tr>"
        f"{rows}</table></section>"
    )


def batch_postal_pdf(*, batch: ServiceBatch) -> bytes:
    """Address sheet for each recipient (and address), followed by the documents it holds."""
    from pypdf import PdfReader, PdfWriter

    from yunting.documents.pdfwork import html_to_pdf

    attempts = batch_postal_attempts(batch)
    if not attempts:
        raise ServiceError(ServiceErrorCode.NOT_POSTAL)
    groups: dict[tuple, list[ServiceAttempt]] = {}
    for a in attempts:
        groups.setdefault((a.task.party.id_number or a.task.party.name, a.address), []).append(a)
    writer = PdfWriter()
    style = (
        "<style>@page{size:A4;margin:25mm}body{font-family:'Noto Sans CJK SC',sans-serif}"
        "h1{font-size:20pt}.to{font-size:16pt}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #333;padding:4px;font-size:10pt}</style>"
    )
    for group in groups.values():
        party = group[0].task.party
        html = (
            "<!DOCTYPE html><html lang='zh-hans'><head><meta charset='utf-8'>"
            f"{style}</head><body>{_sheet_html(batch.court, party, group)}</body></html>"
        )
        for page in PdfReader(io.BytesIO(html_to_pdf(html))).pages:
            writer.add_page(page)
        for a in group:
            with default_storage.open(a.task.document.storage_path, "rb") as fh:
                for page in PdfReader(io.BytesIO(fh.read())).pages:
                    writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class RowResult:
    row: int
    reference: str
    ok: bool
    message: str = ""


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    applied: int = 0

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]


def _find(court: Court, reference: str, tracking: str) -> ServiceAttempt | None:
    qs = ServiceAttempt.objects.filter(channel=Channel.POSTAL, task__court=court)
    if reference:
        for a in qs.filter(
            status__in=[
                AttemptStatus.QUEUED,
                AttemptStatus.SENT,
                AttemptStatus.DELIVERED,
                AttemptStatus.RETURNED,
                AttemptStatus.CLOSED,
            ]
        ):
            if str(a.id).startswith(reference.lower()) and len(reference) >= 8:
                return a
        return None
    return qs.filter(tracking_number=tracking).first() if tracking else None


def postal_import(*, court: Court, actor: User, data: bytes) -> ImportReport:
    """Check every row first; apply all of them in one transaction only if all are sound."""
    check_staff(actor, court.id)
    try:
        text = data.decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip() for h in (reader.fieldnames or [])]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ServiceError(ServiceErrorCode.CSV_UNREADABLE) from exc
    if "status" not in header or not ({"reference", "tracking_number"} & set(header)):
        raise ServiceError(ServiceErrorCode.CSV_UNREADABLE)
    report = ImportReport()
    plan = []
    seen = set()
    for n, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        ref, tracking = row.get("reference", ""), row.get("tracking_number", "")
        label = ref or tracking
        status = STATUSES.get(row.get("status", "").lower())
        try:
            day = dt.date.fromisoformat(row.get("date", "")) if row.get("date") else None
        except ValueError:
            report.rows.append(
                RowResult(n, label, False, "日期格式错误（应为YYYY-MM-DD） bad date")
            )
            continue
        if status is None:
            report.rows.append(RowResult(n, label, False, "状态应为 sent/delivered/returned"))
            continue
        if status != AttemptStatus.SENT and day is None:
            report.rows.append(RowResult(n, label, False, "妥投或退回须填写日期 date required"))
            continue
        attempt = _find(court, ref, tracking)
        if attempt is None:
            report.rows.append(RowResult(n, label, False, "未找到该寄件编号或邮件号 unknown"))
            continue
        if status == AttemptStatus.SENT and not tracking:
            report.rows.append(RowResult(n, label, False, "寄出须填写邮件号 tracking required"))
            continue
        if (attempt.pk, status) in seen:
            report.rows.append(RowResult(n, label, False, "重复的行 duplicate row"))
            continue
        seen.add((attempt.pk, status))
        plan.append((attempt, status, tracking, day, row.get("note", "")))
        report.rows.append(RowResult(n, label, True))
    if not report.rows:
        raise ServiceError(ServiceErrorCode.CSV_UNREADABLE)
    if report.errors:
        return report
    with transaction.atomic():
        for attempt, status, tracking, day, note in plan:
            postal_update(
                attempt=attempt,
                status=status,
                tracking_number=tracking,
                day=day,
                note=note,
                actor=actor,
            )
        record_event(
            events.postal_imported(
                court=court, actor=actor, rows=len(plan), sha256=hashlib.sha256(data).hexdigest()
            )
        )
    report.applied = len(plan)
    return report


@transaction.atomic
def postal_update(
    *,
    attempt: ServiceAttempt,
    status: str,
    actor: User,
    tracking_number: str = "",
    day: dt.date | None = None,
    note: str = "",
) -> ServiceAttempt:
    """A tracking number entered (sent), a delivery (served on that day) or returned mail."""
    from .services import attempt_delivered, attempt_failed

    check_staff(actor, attempt.task.court_id)
    attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt.pk)
    if tracking_number:
        attempt.tracking_number = tracking_number[:40]
    if status == AttemptStatus.SENT:
        if attempt.status == AttemptStatus.QUEUED:
            attempt.status = AttemptStatus.SENT
        attempt.sent_at = attempt.sent_at or timezone.now()
        attempt.save(update_fields=["tracking_number", "status", "sent_at"])
        return attempt
    attempt.save(update_fields=["tracking_number"])
    at = timezone.make_aware(dt.datetime.combine(day or timezone.localdate(), dt.time(12, 0)))
    if status == AttemptStatus.DELIVERED:
        return attempt_delivered(attempt=attempt, at=at, actor=actor)
    return attempt_failed(
        attempt=attempt, status=AttemptStatus.RETURNED, error=note or "邮件退回", actor=actor, at=at
    )
