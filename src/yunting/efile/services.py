"""Writes of the e-file: items arrive as the case goes (filing attachments, issued documents,
uploads), clerks re-order, re-classify, split and merge. Each write is one transaction with
its ledger event; a volume's ``version`` guards against two clerks editing at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yunting.accounts.selectors import user_staff_assignments
from yunting.core.files import check_upload
from yunting.core.tasks import enqueue_on_commit
from yunting.ledger.deposits import evidence_check
from yunting.ledger.services import record_event

from . import events, pages, storage
from .catalogue import suggest
from .errors import EfileError, EfileErrorCode
from .models import (
    KIND_ORDER,
    SUB_KINDS,
    Efile,
    EfileStatus,
    Item,
    ItemKind,
    OcrStatus,
    PageText,
    Volume,
    VolumeKind,
)
from .search import tokens_for

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.cases.models import Case

EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "video/webm": "webm",
    "audio/webm": "weba",
}
FILING_KINDS = {
    "complaint": ItemKind.COMPLAINT,
    "evidence": ItemKind.EVIDENCE,
    "identity": ItemKind.IDENTITY,
    "power_of_attorney": ItemKind.POWER_OF_ATTORNEY,
    "other": ItemKind.OTHER,
}
# Where each court document sits in the volume, by the filing order of 诉讼文书立卷归档: the
# notices at acceptance together, 传票 with their 送达回证, then 笔录 and 裁判文书.
TEMPLATE_KINDS = {
    "acceptance_notice": ItemKind.ACCEPTANCE_NOTICE,
    "response_notice": ItemKind.ACCEPTANCE_NOTICE,
    "evidence_notice": ItemKind.ACCEPTANCE_NOTICE,
    "payment_notice": ItemKind.FEE,
    "fee_receipt": ItemKind.FEE,
    "service_receipt": ItemKind.SERVICE_PROOF,
    "e_service_receipt": ItemKind.SERVICE_PROOF,
    "address_confirmation": ItemKind.SERVICE_PROOF,
    "service_public_notice": ItemKind.SERVICE_PROOF,
    "summons": ItemKind.SERVICE_PROOF,
    "hearing_notice": ItemKind.SERVICE_PROOF,
    "hearing_transcript": ItemKind.TRANSCRIPT,
    "judgment": ItemKind.JUDGMENT,
    "withdrawal_ruling": ItemKind.JUDGMENT,
    "confirmation_ruling": ItemKind.JUDGMENT,
    "mediation_statement": ItemKind.JUDGMENT,
    "treated_withdrawn_ruling": ItemKind.JUDGMENT,
    "dismissal_ruling": ItemKind.JUDGMENT,
    "not_accepted_ruling": ItemKind.JUDGMENT,
    "transfer_ruling": ItemKind.JUDGMENT,
    "effect_certificate": ItemKind.JUDGMENT,
    "exchange_report": ItemKind.TRANSCRIPT,
}


# --- the e-file and its volumes -------------------------------------------------------------


def efile_ensure(*, case: Case) -> Efile:
    """The case's e-file with both volumes (created on first use)."""
    efile, _created = Efile.objects.get_or_create(case=case)
    for kind in VolumeKind.values:
        Volume.objects.get_or_create(efile=efile, kind=kind)
    return efile


def check_staff(actor: User, case: Case) -> None:
    if not any(a.court_id == case.court_id for a in user_staff_assignments(user=actor)):
        raise EfileError(EfileErrorCode.NOT_COURT_STAFF)


def _writable(efile: Efile) -> Efile:
    efile = Efile.objects.select_for_update().get(pk=efile.pk)
    if efile.status == EfileStatus.ARCHIVED:
        raise EfileError(EfileErrorCode.ARCHIVED)
    return efile


def _lock_volume(volume: Volume, version: int | None) -> Volume:
    """Lock the volume row; refuse when the clerk's view of it is out of date."""
    locked = Volume.objects.select_for_update().get(pk=volume.pk)
    if version is not None and locked.version != version:
        raise EfileError(EfileErrorCode.STALE)
    return locked


def _bump(volume: Volume) -> None:
    Volume.objects.filter(pk=volume.pk).update(version=F("version") + 1)


def _renumber(volume: Volume, ordered: Sequence[Item]) -> None:
    for n, item in enumerate(ordered, start=1):
        if item.position != n:
            item.position = n
            Item.objects.filter(pk=item.pk).update(position=n)


def _insert_position(volume: Volume, kind: str, exclude: Item | None = None) -> int:
    """After the last item whose kind comes no later in the standard order."""
    rank = KIND_ORDER[kind]
    items = volume.items.order_by("position")
    if exclude is not None:
        items = items.exclude(pk=exclude.pk)
    position = 1
    for item in items:
        if KIND_ORDER.get(item.kind, 99) <= rank:
            position = item.position + 1
    Item.objects.filter(volume=volume, position__gte=position).update(position=F("position") + 1)
    return position


def _volume_for(efile: Efile, kind: str, volume_kind: str | None) -> Volume:
    vk = volume_kind or (VolumeKind.SUB if kind in SUB_KINDS else VolumeKind.MAIN)
    return efile.volumes.get(kind=vk)


# --- adding items ---------------------------------------------------------------------------


def _text_layer(item: Item, data: bytes) -> None:
    """Keep the PDF's own text per page; pages without text wait for OCR."""
    texts = pages.pdf_text_pages(data) if item.is_pdf else [""] * item.pages
    PageText.objects.bulk_create(
        [
            PageText(item=item, page=n, text=t, tokens=tokens_for(t), source="pdf")
            for n, t in enumerate(texts, start=1)
            if t
        ]
    )
    missing = sum(1 for t in texts if not t)
    if missing == 0:
        item.ocr_status = OcrStatus.NOT_NEEDED
        item.ocr_pages_done = item.pages
        _apply_suggestion(item, "\n".join(texts))
    else:
        item.ocr_status = OcrStatus.PENDING
        item.ocr_pages_done = item.pages - missing
        from .tasks import ocr_item_task

        enqueue_on_commit(ocr_item_task, item_id=str(item.id))


def _apply_suggestion(item: Item, text: str) -> None:
    s = suggest(text)
    item.suggested_label = s.label
    item.suggested_kind = s.kind
    item.fields = s.fields


def item_add(
    *,
    case: Case,
    data: bytes,
    content_type: str,
    title: str,
    kind: str,
    actor: User | None,
    source: str = "",
    source_id: str = "",
    volume_kind: str | None = None,
    dated: dt.date | None = None,
    confirmed: bool = True,
) -> Item:
    """File already-checked bytes into the case's e-file at their place in the standard
    order; called by the filing and documents services when they create a file."""
    if kind not in ItemKind.values:
        raise EfileError(EfileErrorCode.BAD_KIND)
    with transaction.atomic():
        efile = _writable(efile_ensure(case=case))
        volume = _lock_volume(_volume_for(efile, kind, volume_kind), None)
        path, sha256 = storage.put(data, extension=EXTENSIONS.get(content_type, "bin"))
        if content_type == "application/pdf":
            n_pages = pages.pdf_page_count(data)
        elif content_type.startswith("image/"):
            n_pages = len(pages.image_frames(data))
        else:  # a hearing's audio-video recording has no pages
            n_pages = 0
        item = Item(
            volume=volume,
            position=_insert_position(volume, kind),
            kind=kind,
            title=title[:200],
            storage_path=path,
            sha256=sha256,
            content_type=content_type,
            size=len(data),
            pages=n_pages,
            source=source,
            source_id=source_id,
            dated=dated or timezone.localdate(),
            added_by=actor,
            kind_confirmed=confirmed,
        )
        item.full_clean(exclude=["volume", "added_by"])
        item.save()
        _text_layer(item, data)
        item.save()
        _bump(volume)
        record_event(events.item_added(item=item, case=case, actor=actor))
        evidence_check(
            sha256=sha256,
            source="efile_item",
            source_id=str(item.id),
            title=item.title,
            case_id=case.id,
            court=case.court_id,
            actor=actor,
        )
        return item


def efile_ingest_filing(*, case: Case, filing, actor: User) -> list[Item]:
    """Every attachment of the accepted filing, in the 正卷; an attachment already filed is
    left as it is, so running it twice (a retried task, a queue drained by hand) files
    nothing twice."""
    from yunting.core.files import sniff

    items = []
    done = set(
        Item.objects.filter(volume__efile__case=case, source="filing_attachment").values_list(
            "source_id", flat=True
        )
    )
    for att in filing.attachments.all().order_by("uploaded_at"):
        if str(att.id) in done:
            continue
        data = storage.get(att.path, sha256=att.sha256, title=att.original_name, case=case.id)
        content_type = (sniff(data) or (att.content_type, ""))[0]
        items.append(
            item_add(
                case=case,
                data=data,
                content_type=content_type,
                title=att.get_kind_display() + "：" + att.original_name,
                kind=FILING_KINDS.get(att.kind, ItemKind.OTHER),
                actor=actor,
                source="filing_attachment",
                source_id=str(att.id),
                dated=timezone.localdate(att.uploaded_at),
            )
        )
    return items


def efile_ingest_filing_later(*, case: Case, filing, actor: User) -> None:
    """At acceptance: read, check and file the attachments after the acceptance commits, in a
    worker (reading each PDF's pages was nearly half an acceptance). The case exists and is
    usable at once; its e-file gets the filing's papers when the worker has run, or when
    :func:`efile_ingest_run_pending` is called (tests, the command line, a lost queue)."""
    from .tasks import efile_ingest_filing_task

    efile_ensure(case=case)  # the e-file exists from acceptance on, its volumes open
    enqueue_on_commit(efile_ingest_filing_task, filing_id=str(filing.id), actor_id=str(actor.id))


def efile_ingest_filing_run(*, filing_id: str, actor_id: str | None = None) -> list[Item]:
    """The worker's half: file an accepted filing's attachments, once (the filing row is
    locked, so two workers given the same job file them once)."""
    from yunting.accounts.models import User
    from yunting.filing.models import Filing  # the filing app builds on the e-file's cases

    with transaction.atomic():
        filing = (
            Filing.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=filing_id)
            .first()
        )
        if filing is None or filing.case is None:
            return []
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        return efile_ingest_filing(
            case=filing.case, filing=filing, actor=actor or filing.reviewed_by
        )


def efile_ingest_pending(*, case: Case | None = None) -> list:
    """Ids of accepted filings (of ``case``) with an attachment not yet in the e-file."""
    from yunting.filing.models import FilingAttachment

    attachments = FilingAttachment.objects.filter(filing__case__isnull=False)
    filed = Item.objects.filter(source="filing_attachment")
    if case is not None:
        attachments = attachments.filter(filing__case=case)
        filed = filed.filter(volume__efile__case=case)
    done = set(filed.values_list("source_id", flat=True))
    rows = attachments.values_list("id", "filing_id")
    return list(dict.fromkeys(f for a, f in rows if str(a) not in done))


def efile_ingest_run_pending(*, case: Case | None = None) -> int:
    """File here and now what the workers have not yet filed (of ``case``); returns how many
    items were filed."""
    return sum(
        len(efile_ingest_filing_run(filing_id=str(pk))) for pk in efile_ingest_pending(case=case)
    )


def efile_ingest_document(*, document, pdf: bytes, actor: User) -> Item:
    """An issued court document, filed the moment it is recorded."""
    return item_add(
        case=document.case,
        data=pdf,
        content_type="application/pdf",
        title=document.title,
        kind=TEMPLATE_KINDS.get(document.template_code, ItemKind.OTHER),
        actor=actor,
        source="document",
        source_id=str(document.id),
        dated=timezone.localdate(document.issued_at),
    )


def item_upload(
    *,
    case: Case,
    actor: User,
    data: bytes,
    name: str,
    kind: str = "",
    volume_kind: str = VolumeKind.MAIN,
) -> Item:
    """A clerk adds a scan or file; checked by content first (core.files.check_upload). With
    no kind given it is filed as 'other' until its text suggests one for the clerk."""
    check_staff(actor, case)
    try:
        checked = check_upload(data)
    except ValidationError as exc:
        raise EfileError(EfileErrorCode.BAD_UPLOAD, reason=" ".join(exc.messages)) from exc
    if volume_kind not in VolumeKind.values:
        raise EfileError(EfileErrorCode.BAD_KIND)
    try:
        return item_add(
            case=case,
            data=checked.data,
            content_type=checked.content_type,
            title=name or checked.sha256[:12],
            kind=kind or ItemKind.OTHER,
            actor=actor,
            source="upload",
            volume_kind=volume_kind,
            confirmed=bool(kind),
        )
    except (OSError, ValueError) as exc:  # e.g. an image Pillow verified but cannot decode
        raise EfileError(EfileErrorCode.BAD_UPLOAD, reason=str(exc)) from exc


# --- a clerk's changes ----------------------------------------------------------------------


def volume_reorder(*, volume: Volume, order: Sequence[str], version: int, actor: User) -> Volume:
    """Put the volume's items in ``order`` (their ids); refused if the volume changed since
    ``version`` (another clerk got there first) or if the list is not a permutation."""
    case = volume.efile.case
    check_staff(actor, case)
    with transaction.atomic():
        _writable(volume.efile)
        volume = _lock_volume(volume, version)
        items = {str(i.id): i for i in volume.items.all()}
        order = [str(o) for o in order]
        if sorted(order) != sorted(items) or len(set(order)) != len(order):
            raise EfileError(EfileErrorCode.BAD_ORDER)
        before = [str(i.id) for i in sorted(items.values(), key=lambda i: i.position)]
        _renumber(volume, [items[o] for o in order])
        _bump(volume)
        record_event(
            events.volume_reordered(
                volume=volume, case=case, actor=actor, before=before, after=order
            )
        )
        volume.refresh_from_db()
        return volume


def item_reclassify(
    *,
    item: Item,
    kind: str,
    actor: User,
    version: int | None = None,
    volume_kind: str | None = None,
    fields: dict | None = None,
) -> Item:
    """Set (or confirm) an item's kind, optionally moving it to the other volume and
    confirming its extracted fields; it goes to its kind's place in the standard order."""
    case = item.volume.efile.case
    check_staff(actor, case)
    if kind not in ItemKind.values or (volume_kind and volume_kind not in VolumeKind.values):
        raise EfileError(EfileErrorCode.BAD_KIND)
    with transaction.atomic():
        efile = _writable(item.volume.efile)
        old_volume = _lock_volume(item.volume, version)
        item = Item.objects.select_for_update().get(pk=item.pk)
        target = efile.volumes.get(kind=volume_kind) if volume_kind else old_volume
        target = _lock_volume(target, None)
        old_kind = item.kind
        Item.objects.filter(pk=item.pk).update(position=10**6)
        _renumber(old_volume, list(old_volume.items.exclude(pk=item.pk).order_by("position")))
        item.position = _insert_position(target, kind, exclude=item)
        item.volume = target
        item.kind = kind
        item.kind_confirmed = True
        if fields is not None:
            item.fields = {str(k): str(v) for k, v in fields.items() if str(v).strip()}
        item.full_clean(exclude=["volume", "added_by"])
        item.save()
        _bump(old_volume)
        if target.pk != old_volume.pk:
            _bump(target)
        record_event(
            events.item_reclassified(
                item=item, case=case, actor=actor, old_kind=old_kind, old_volume=old_volume.kind
            )
        )
        return item


def _copy_texts(src: Item, dst: Item, first: int, last: int, offset: int) -> None:
    PageText.objects.bulk_create(
        [
            PageText(item=dst, page=t.page + offset, text=t.text, tokens=t.tokens, source=t.source)
            for t in src.texts.filter(page__gte=first, page__lte=last)
        ]
    )


def _new_item_like(base: Item, *, data: bytes, title: str, pages_count: int, position: int) -> Item:
    path, sha256 = storage.put(data, extension="pdf")
    item = Item(
        volume=base.volume,
        position=position,
        kind=base.kind,
        title=title[:200],
        storage_path=path,
        sha256=sha256,
        content_type="application/pdf",
        size=len(data),
        pages=pages_count,
        source="split_merge",
        source_id=str(base.id),
        dated=base.dated,
        ocr_status=base.ocr_status,
        suggested_label=base.suggested_label,
        suggested_kind=base.suggested_kind,
        fields=base.fields,
        kind_confirmed=base.kind_confirmed,
        added_by=base.added_by,
    )
    item.save()
    return item


def _retire(item: Item) -> None:
    """The old item leaves the catalogue; its bytes stay in storage and in the ledger."""
    item.texts.all().delete()
    item.delete()


def item_split(*, item: Item, after_page: int, actor: User, version: int) -> tuple[Item, Item]:
    """Cut an item into pages 1..after_page and the rest, in place in the catalogue."""
    case = item.volume.efile.case
    check_staff(actor, case)
    if item.pages < 2:
        raise EfileError(EfileErrorCode.CANNOT_SPLIT)
    if not 1 <= after_page < item.pages:
        raise EfileError(EfileErrorCode.BAD_SPLIT_PAGE, last=item.pages - 1)
    with transaction.atomic():
        _writable(item.volume.efile)
        volume = _lock_volume(item.volume, version)
        item = Item.objects.select_for_update().get(pk=item.pk)
        data = pages.as_pdf(storage.item_bytes(item), item.content_type)
        first_pdf, second_pdf = pages.split_pdf(data, after_page)
        Item.objects.filter(volume=volume, position__gt=item.position).update(
            position=F("position") + 1
        )
        first = _new_item_like(
            item, data=first_pdf, title=item.title, pages_count=after_page, position=item.position
        )
        second = _new_item_like(
            item,
            data=second_pdf,
            title=f"{item.title}（{after_page + 1}-{item.pages}）",
            pages_count=item.pages - after_page,
            position=item.position + 1,
        )
        _copy_texts(item, first, 1, after_page, 0)
        _copy_texts(item, second, after_page + 1, item.pages, -after_page)
        old = {"item": str(item.id), "sha256": item.sha256}
        Item.objects.filter(pk=item.pk).update(position=10**6)
        _retire(item)
        _bump(volume)
        record_event(
            events.item_split(
                volume=volume,
                case=case,
                actor=actor,
                old=old,
                after_page=after_page,
                first=first,
                second=second,
            )
        )
        return first, second


def item_merge(*, first: Item, second: Item, actor: User, version: int) -> Item:
    """Join two items of a volume into one (first's pages, then second's), at first's place."""
    case = first.volume.efile.case
    check_staff(actor, case)
    if first.pk == second.pk or first.volume_id != second.volume_id:
        raise EfileError(EfileErrorCode.CANNOT_MERGE)
    with transaction.atomic():
        _writable(first.volume.efile)
        volume = _lock_volume(first.volume, version)
        first = Item.objects.select_for_update().get(pk=first.pk)
        second = Item.objects.select_for_update().get(pk=second.pk)
        data = pages.merge_pdfs(
            [pages.as_pdf(storage.item_bytes(i), i.content_type) for i in (first, second)]
        )
        position = min(first.position, second.position)
        merged = _new_item_like(
            first,
            data=data,
            title=first.title,
            pages_count=first.pages + second.pages,
            position=10**6 + 1,
        )
        _copy_texts(first, merged, 1, first.pages, 0)
        _copy_texts(second, merged, 1, second.pages, first.pages)
        old = [{"item": str(i.id), "sha256": i.sha256} for i in (first, second)]
        for i in (first, second):
            _retire(i)
        ordered = list(volume.items.exclude(pk=merged.pk).order_by("position"))
        ordered.insert(position - 1, merged)
        _renumber(volume, ordered)
        _bump(volume)
        record_event(
            events.items_merged(volume=volume, case=case, actor=actor, old=old, merged=merged)
        )
        merged.refresh_from_db()
        return merged


# --- reading is recorded --------------------------------------------------------------------


def item_access_record(
    *, item: Item, user: User, action: str, pages_read: Sequence[int] = ()
) -> None:
    """Every view and download of an item is an entry in the ledger."""
    case = item.volume.efile.case
    with transaction.atomic():
        record_event(
            events.item_accessed(
                item=item,
                case=case,
                user=user,
                download=action == "download",
                pages_read=pages_read,
            )
        )
