"""The e-file's ledger events and their constructors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, change, register


@register
class EfileEvent(EventType):
    ITEM_ADDED = "efile.item_added", _("Item added to the e-file")
    REORDERED = "efile.reordered", _("E-file volume re-ordered")
    RECLASSIFIED = "efile.reclassified", _("E-file item re-classified")
    SPLIT = "efile.split", _("E-file item split")
    MERGED = "efile.merged", _("E-file items merged")
    OCR_DONE = "efile.ocr_done", _("E-file item text recognised")
    VIEWED = "efile.viewed", _("E-file item viewed")
    DOWNLOADED = "efile.downloaded", _("E-file item downloaded")
    ARCHIVED = "efile.archived", _("E-file archived")
    BORROW_REQUESTED = "efile.borrow_requested", _("Archived e-file borrow requested")
    BORROW_APPROVED = "efile.borrow_approved", _("Archived e-file borrow approved")
    BORROW_RETURNED = "efile.borrow_returned", _("Borrowed e-file returned")
    STORAGE_DAMAGED = "efile.storage_damaged", _("E-file object missing or damaged")


# --- one constructor per event: the payload's shape is written here once -------------------


def _case_event(event, case, actor, payload: dict, documents=()) -> Record:
    return Record(
        event, payload, actor=actor, court=case.court_id, case=case, documents=list(documents)
    )


def item_added(*, item, case, actor) -> Record:
    payload = {
        "item": str(item.id),
        "volume": item.volume.kind,
        "kind": item.kind,
        "title": item.title,
        "pages": item.pages,
        "source": item.source,
        "source_id": item.source_id,
    }
    return _case_event(EfileEvent.ITEM_ADDED, case, actor, payload, documents=[item.sha256])


def volume_reordered(*, volume, case, actor, before: list[str], after: list[str]) -> Record:
    payload = {"volume": volume.kind, "order": change(before, after)}
    return _case_event(EfileEvent.REORDERED, case, actor, payload)


def item_reclassified(*, item, case, actor, old_kind: str, old_volume: str) -> Record:
    payload = {
        "item": str(item.id),
        "kind": change(old_kind, item.kind),
        "volume": change(old_volume, item.volume.kind),
        "fields": item.fields,
    }
    return _case_event(EfileEvent.RECLASSIFIED, case, actor, payload)


def item_split(*, volume, case, actor, old: dict, after_page: int, first, second) -> Record:
    payload = {
        "volume": volume.kind,
        "from": old,
        "after_page": after_page,
        "into": [str(first.id), str(second.id)],
    }
    documents = [first.sha256, second.sha256]
    return _case_event(EfileEvent.SPLIT, case, actor, payload, documents=documents)


def items_merged(*, volume, case, actor, old: list[dict], merged) -> Record:
    payload = {"volume": volume.kind, "from": old, "into": str(merged.id)}
    return _case_event(EfileEvent.MERGED, case, actor, payload, documents=[merged.sha256])


def item_accessed(*, item, case, user, download: bool, pages_read) -> Record:
    event = EfileEvent.DOWNLOADED if download else EfileEvent.VIEWED
    payload = {"item": str(item.id), "pages": list(pages_read), "title": item.title}
    return _case_event(event, case, user, payload)


def ocr_done(*, item, case) -> Record:
    payload = {
        "item": str(item.id),
        "status": item.ocr_status,
        "pages": item.pages,
        "suggested": item.suggested_label,
    }
    return _case_event(EfileEvent.OCR_DONE, case, None, payload)


def efile_archived(*, case, actor, files: dict, volumes: list[dict]) -> Record:
    payload = {
        "case_number": case.case_number,
        "files": {name: meta["sha256"] for name, meta in files.items()},
        "volumes": volumes,
    }
    documents = [meta["sha256"] for meta in files.values()]
    return _case_event(EfileEvent.ARCHIVED, case, actor, payload, documents=documents)


def borrow_requested(*, borrow, case, actor) -> Record:
    payload = {"borrow": str(borrow.id), "reason": borrow.reason}
    return _case_event(EfileEvent.BORROW_REQUESTED, case, actor, payload)


def borrow_approved(*, borrow, case, actor) -> Record:
    payload = {"borrow": str(borrow.id), "requested_by": str(borrow.requested_by_id)}
    return _case_event(EfileEvent.BORROW_APPROVED, case, actor, payload)


def borrow_returned(*, borrow, case, actor) -> Record:
    """A borrowed e-file comes back when it is archived anew."""
    payload = {"borrow": str(borrow.id), "requested_by": str(borrow.requested_by_id)}
    return _case_event(EfileEvent.BORROW_RETURNED, case, actor, payload)


def storage_damaged(*, path: str, sha256: str, problem: str, case=None) -> Record:
    payload = {"path": path, "expected_sha256": sha256, "problem": problem}
    return Record(EfileEvent.STORAGE_DAMAGED, payload, case=case)
