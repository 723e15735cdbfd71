"""单套制归档: per volume one PDF/A-2b (cover, 卷内目录, items in order with a bookmark each,
page numbers running through), and a manifest of item hashes and page ranges signed by the
court (PAdES) and recorded in the ledger. After that the e-file is read-only."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from yunting.cases.models import CaseStatus
from yunting.ledger.services import record_event

from . import events, pages, storage
from .errors import EfileError, EfileErrorCode
from .models import Archive, Borrow, BorrowStatus, Efile, EfileStatus, VolumeKind
from .selectors import volume_catalogue

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.cases.models import Case

MANIFEST_NAME = "manifest.pdf"
MANIFEST_JSON = "manifest.json"
VOLUME_FILES = {VolumeKind.MAIN: "volume-main.pdf", VolumeKind.SUB: "volume-sub.pdf"}
A4_WIDTH = 595.28


def _html_pdf(html: str, *, pdfa: bool = True) -> bytes:
    from weasyprint import HTML

    from yunting.documents.pdfwork import offline_fetcher

    kwargs = {"pdf_variant": "pdf/a-2b"} if pdfa else {}
    return HTML(string=html, url_fetcher=offline_fetcher()).write_pdf(**kwargs)


def _number_overlay(first: int, last: int) -> bytes:
    body = "".join(f'<div class="n">{n}</div>' for n in range(first, last + 1))
    html = (
        '<html><head><meta charset="utf-8"><style>@page{size:A4;margin:0}'
        "body{margin:0;font-family:'Noto Sans CJK SC'}"
        ".n{height:297mm;page-break-after:always;position:relative;font-size:11pt}"
        ".n{box-sizing:border-box;padding-top:282mm;padding-right:12mm;text-align:right}"
        "</style></head><body>" + body + "</body></html>"
    )
    return _html_pdf(html, pdfa=False)


def page_content_hash(page) -> str:
    contents = page.get_contents()
    return hashlib.sha256(contents.get_data() if contents is not None else b"").hexdigest()


@dataclass
class BuiltVolume:
    kind: str
    name: str
    data: bytes
    manifest: dict


def build_volume(*, case: Case, volume, archived_at) -> BuiltVolume | None:
    """The volume's one PDF; None when the volume is empty."""
    from pypdf import PdfReader, PdfWriter, Transformation

    rows = volume_catalogue(volume=volume)
    if not rows:
        return None
    total = rows[-1].last_page
    context = {
        "case": case,
        "volume": volume,
        "rows": rows,
        "total": total,
        "archived_at": timezone.localtime(archived_at),
        "parties": list(case.parties.all()),
    }
    with translation.override("zh-hans"):
        cover = _html_pdf(render_to_string("efile/pdf/cover.html", context))
        index = _html_pdf(render_to_string("efile/pdf/index.html", context), pdfa=False)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(cover)))
    front = len(writer.pages)
    for p in PdfReader(io.BytesIO(index)).pages:
        writer.add_page(p)
    front = len(writer.pages)
    writer.add_outline_item(title="封面", page_number=0)
    writer.add_outline_item(title="卷内目录", page_number=1)
    overlay = PdfReader(io.BytesIO(_number_overlay(1, total)))
    n = 0
    starts = []
    for row in rows:
        data = pages.as_pdf(storage.item_bytes(row.item), row.item.content_type)
        starts.append(front + n)
        for src in PdfReader(io.BytesIO(data)).pages:
            page = writer.add_page(src)
            box = page.mediabox
            page.merge_transformed_page(
                overlay.pages[n],
                Transformation().translate(tx=float(box.right) - A4_WIDTH, ty=float(box.bottom)),
            )
            n += 1
    for row, start in zip(rows, starts, strict=True):
        writer.add_outline_item(
            title=f"{row.item.position}. {row.item.title}（第{row.first_page}-{row.last_page}页）",
            page_number=start,
        )
    writer.add_metadata({"/Title": f"{case.case_number} {volume.get_kind_display()}"})
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    written = PdfReader(io.BytesIO(data))
    items = []
    for row, start in zip(rows, starts, strict=True):
        hashes = [page_content_hash(written.pages[start + k]) for k in range(row.item.pages)]
        items.append(
            {
                "position": row.item.position,
                "title": row.item.title,
                "kind": row.item.kind,
                "date": row.item.dated.isoformat(),
                "sha256": row.item.sha256,
                "first_page": row.first_page,
                "last_page": row.last_page,
                "pdf_index": start,
                "pages_sha256": hashlib.sha256("".join(hashes).encode()).hexdigest(),
            }
        )
    name = VOLUME_FILES[volume.kind]
    return BuiltVolume(
        kind=volume.kind,
        name=name,
        data=data,
        manifest={
            "file": name,
            "volume": volume.kind,
            "sha256": hashlib.sha256(data).hexdigest(),
            "pdf_pages": len(written.pages),
            "front_pages": front,
            "numbered_pages": total,
            "items": items,
        },
    )


def _sign(pdf: bytes, court) -> bytes:
    from yunting.documents import pdfwork, pki

    spec = pdfwork.SignSpec(
        credentials=pki.court_credentials(court),
        field_name="CourtSeal",
        reason=f"{court.name}电子卷宗归档清单",
        location=court.address or court.name,
        name=court.name,
    )
    return pdfwork.outside_event_loop(pdfwork.sign_pdf, pdf, [spec])


def build_manifest(*, case: Case, volumes: list[BuiltVolume], archived_at) -> tuple[bytes, dict]:
    from pypdf import PdfReader, PdfWriter

    manifest = {
        "format": "yunting-efile-archive/1",
        "case_number": case.case_number,
        "court": case.court.name,
        "archived_at": archived_at.isoformat(),
        "volumes": [v.manifest for v in volumes],
    }
    raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    with translation.override("zh-hans"):
        html = render_to_string("efile/pdf/manifest.html", {"manifest": manifest, "case": case})
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_html_pdf(html, pdfa=False))))
    writer.add_attachment(MANIFEST_JSON, raw)
    out = io.BytesIO()
    writer.write(out)
    return _sign(out.getvalue(), case.court), manifest


def efile_archive(*, case: Case, actor: User | None) -> Archive:
    """Archive a closed case's e-file; all or nothing, recorded in the ledger."""
    from yunting.cases.services import case_change_status

    from .services import check_staff, efile_ensure

    if actor is not None:
        check_staff(actor, case)
    with transaction.atomic():
        efile = Efile.objects.select_for_update().get(pk=efile_ensure(case=case).pk)
        if efile.status == EfileStatus.ARCHIVED:
            raise EfileError(EfileErrorCode.ARCHIVED)
        if case.status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
            raise EfileError(EfileErrorCode.NOT_CLOSED)
        now = timezone.now()
        built = [
            b
            for v in efile.volumes.order_by("kind")
            if (b := build_volume(case=case, volume=v, archived_at=now)) is not None
        ]
        if not built:
            raise EfileError(EfileErrorCode.NOTHING_TO_ARCHIVE)
        manifest_pdf, _manifest = build_manifest(case=case, volumes=built, archived_at=now)
        files = {}
        for b in built:
            path, sha = storage.put(b.data, extension="pdf", folder="efile-archive")
            files[b.name] = {"path": path, "sha256": sha}
        path, manifest_sha = storage.put(manifest_pdf, extension="pdf", folder="efile-archive")
        files[MANIFEST_NAME] = {"path": path, "sha256": manifest_sha}
        volumes = [
            {
                "volume": b.kind,
                "items": len(b.manifest["items"]),
                "pages": b.manifest["numbered_pages"],
            }
            for b in built
        ]
        entry = record_event(
            events.efile_archived(case=case, actor=actor, files=files, volumes=volumes)
        )
        archive = Archive(
            efile=efile,
            files=files,
            manifest_sha256=manifest_sha,
            ledger_seq=entry.seq,
            created_by=actor or case.clerk or case.judge,
        )
        archive.full_clean(exclude=["efile", "created_by"])
        archive.save()
        efile.status = EfileStatus.ARCHIVED
        efile.archived_at = now
        efile.save(update_fields=["status", "archived_at"])
        returned = list(Borrow.objects.filter(efile=efile, status=BorrowStatus.APPROVED))
        Borrow.objects.filter(pk__in=[b.pk for b in returned]).update(status=BorrowStatus.RETURNED)
        for borrow in returned:
            record_event(events.borrow_returned(borrow=borrow, case=case, actor=actor))
        if case.status == CaseStatus.CLOSED:
            case_change_status(
                case=case,
                status=CaseStatus.ARCHIVED,
                actor=actor or archive.created_by,
                reason="电子卷宗单套制归档",
            )
        return archive


def archive_export(*, archive: Archive, out_dir) -> dict[str, str]:
    """Write an archive's files (checked against their hashes) into ``out_dir``."""
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, meta in archive.files.items():
        data = storage.get(meta["path"], sha256=meta["sha256"], title=name)
        (out / name).write_bytes(data)
        written[name] = str(out / name)
        if name == MANIFEST_NAME:
            from .verify import embedded_manifest

            manifest = embedded_manifest(data)
            (out / MANIFEST_JSON).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
            )
            written[MANIFEST_JSON] = str(out / MANIFEST_JSON)
    return written


# --- 调卷: borrowing an archived e-file back ------------------------------------------------


def borrow_request(*, case: Case, actor: User, reason: str) -> Borrow:
    from .services import check_staff

    check_staff(actor, case)
    with transaction.atomic():
        efile = Efile.objects.select_for_update().get(case=case)
        if efile.status != EfileStatus.ARCHIVED:
            raise EfileError(EfileErrorCode.NOT_ARCHIVED)
        borrow = Borrow(efile=efile, reason=reason.strip()[:300], requested_by=actor)
        borrow.full_clean(exclude=["efile", "requested_by"])
        borrow.save()
        record_event(events.borrow_requested(borrow=borrow, case=case, actor=actor))
        return borrow


def borrow_approve(*, borrow: Borrow, actor: User) -> Borrow:
    """The head of division (or the case's judge) approves: the e-file may change again until
    it is archived anew."""
    from yunting.accounts.models import RoleAssignment

    case = borrow.efile.case
    head = RoleAssignment.objects.filter(
        user=actor, court_id=case.court_id, is_division_head=True
    ).exists()
    if not head and case.judge_id != actor.id:
        raise EfileError(EfileErrorCode.NOT_APPROVER)
    if actor.id == borrow.requested_by_id and not head:
        raise EfileError(EfileErrorCode.NOT_APPROVER)
    with transaction.atomic():
        borrow = Borrow.objects.select_for_update().get(pk=borrow.pk)
        efile = Efile.objects.select_for_update().get(pk=borrow.efile_id)
        if borrow.status != BorrowStatus.REQUESTED or efile.status != EfileStatus.ARCHIVED:
            raise EfileError(EfileErrorCode.BAD_BORROW_STATE)
        borrow.status = BorrowStatus.APPROVED
        borrow.approved_by = actor
        borrow.save(update_fields=["status", "approved_by"])
        efile.status = EfileStatus.BORROWED
        efile.save(update_fields=["status"])
        record_event(events.borrow_approved(borrow=borrow, case=case, actor=actor))
        return borrow
