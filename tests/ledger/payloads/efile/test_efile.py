"""Payloads of the e-file's events: a clerk's changes, reading, OCR, archiving, borrowing."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage

from tests.efile.scans import blank_pdf
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.cases.models import CaseStatus
from yunting.cases.services import case_change_status
from yunting.efile import services, storage
from yunting.efile.archive import borrow_approve, borrow_request, efile_archive
from yunting.efile.errors import EfileError
from yunting.efile.events import EfileEvent
from yunting.efile.models import Archive, ItemKind, OcrStatus, VolumeKind
from yunting.efile.ocr_service import item_ocr

pytestmark = pytest.mark.django_db


def _main(case):
    return case.efile.volumes.get(kind=VolumeKind.MAIN)


def _ids(volume) -> list[str]:
    return [str(i) for i in volume.items.order_by("position").values_list("id", flat=True)]


@covers(
    EfileEvent.ITEM_ADDED,
    EfileEvent.REORDERED,
    EfileEvent.RECLASSIFIED,
    EfileEvent.SPLIT,
    EfileEvent.MERGED,
    EfileEvent.VIEWED,
    EfileEvent.DOWNLOADED,
)
def test_clerk_change_events(accepted_case, clerk):
    case = accepted_case
    at_case = {"case_id": case.id, "court_id": case.court_id, "actor_id": clerk.id}
    with recorded() as entries:
        item = services.item_upload(case=case, actor=clerk, data=blank_pdf(3), name="证据.pdf")
    entry = assert_event(
        entries,
        EfileEvent.ITEM_ADDED,
        {
            "item": str(item.id),
            "volume": VolumeKind.MAIN,
            "kind": ItemKind.OTHER,
            "title": "证据.pdf",
            "pages": 3,
            "source": item.source,
            "source_id": item.source_id,
        },
        **at_case,
    )
    assert entry.document_hashes == [item.sha256]

    volume = _main(case)
    before = _ids(volume)
    with recorded() as entries:
        services.volume_reorder(
            volume=volume, order=before[::-1], version=volume.version, actor=clerk
        )
    assert_event(
        entries,
        EfileEvent.REORDERED,
        {"volume": VolumeKind.MAIN, "order": {"old": before, "new": before[::-1]}},
        **at_case,
    )

    volume.refresh_from_db()
    with recorded() as entries:
        item = services.item_reclassify(
            item=item,
            kind=ItemKind.EVIDENCE,
            actor=clerk,
            version=volume.version,
            fields={"金额": "5000"},
        )
    assert_event(
        entries,
        EfileEvent.RECLASSIFIED,
        {
            "item": str(item.id),
            "kind": {"old": ItemKind.OTHER, "new": ItemKind.EVIDENCE},
            "volume": {"old": VolumeKind.MAIN, "new": VolumeKind.MAIN},
            "fields": {"金额": "5000"},
        },
        **at_case,
    )

    volume.refresh_from_db()
    old = {"item": str(item.id), "sha256": item.sha256}
    with recorded() as entries:
        first, second = services.item_split(
            item=item, after_page=1, actor=clerk, version=volume.version
        )
    entry = assert_event(
        entries,
        EfileEvent.SPLIT,
        {
            "volume": VolumeKind.MAIN,
            "from": old,
            "after_page": 1,
            "into": [str(first.id), str(second.id)],
        },
        **at_case,
    )
    assert entry.document_hashes == [first.sha256, second.sha256]

    volume.refresh_from_db()
    old = [{"item": str(i.id), "sha256": i.sha256} for i in (first, second)]
    with recorded() as entries:
        merged = services.item_merge(
            first=first, second=second, actor=clerk, version=volume.version
        )
    entry = assert_event(
        entries,
        EfileEvent.MERGED,
        {"volume": VolumeKind.MAIN, "from": old, "into": str(merged.id)},
        **at_case,
    )
    assert entry.document_hashes == [merged.sha256]

    with recorded() as entries:
        services.item_access_record(item=merged, user=clerk, action="view", pages_read=[2])
        services.item_access_record(
            item=merged, user=clerk, action="download", pages_read=[1, 2, 3]
        )
    assert_event(
        entries,
        EfileEvent.VIEWED,
        {"item": str(merged.id), "pages": [2], "title": merged.title},
        **at_case,
    )
    assert_event(
        entries,
        EfileEvent.DOWNLOADED,
        {"item": str(merged.id), "pages": [1, 2, 3], "title": merged.title},
        **at_case,
    )


@covers(EfileEvent.OCR_DONE)
def test_ocr_done_event(accepted_case, clerk):
    item = services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(2), name="空白")
    with recorded() as entries:
        item = item_ocr(item_id=str(item.id))
    assert item.ocr_status == OcrStatus.NO_TEXT
    assert_event(
        entries,
        EfileEvent.OCR_DONE,
        {
            "item": str(item.id),
            "status": OcrStatus.NO_TEXT,
            "pages": 2,
            "suggested": item.suggested_label,
        },
        case_id=accepted_case.id,
        court_id=accepted_case.court_id,
        actor_id=None,
    )


@covers(EfileEvent.STORAGE_DAMAGED)
def test_storage_damaged_event(accepted_case):
    item = _main(accepted_case).items.first()
    with default_storage.open(item.storage_path, "rb") as fh:
        good = fh.read()  # put back afterwards: the stored objects are shared by hash
    default_storage.delete(item.storage_path)
    with recorded() as entries, pytest.raises(EfileError):
        storage.item_bytes(item)
    assert_event(
        entries,
        EfileEvent.STORAGE_DAMAGED,
        {"path": item.storage_path, "expected_sha256": item.sha256, "problem": "missing"},
        case_id=accepted_case.id,
        actor_id=None,
    )
    default_storage.save(item.storage_path, io.BytesIO(good))


@covers(
    EfileEvent.ARCHIVED,
    EfileEvent.BORROW_REQUESTED,
    EfileEvent.BORROW_APPROVED,
    EfileEvent.BORROW_RETURNED,
)
def test_archive_and_borrow_events(accepted_case, clerk, demo):
    case = accepted_case
    case_change_status(case=case, status=CaseStatus.CLOSED, actor=case.judge)
    case.refresh_from_db()
    with recorded() as entries:
        archive = efile_archive(case=case, actor=clerk)
    case.refresh_from_db()
    volumes = [
        {"volume": v.kind, "items": v.items.count(), "pages": sum(i.pages for i in v.items.all())}
        for v in case.efile.volumes.order_by("kind")
        if v.items.exists()
    ]
    entry = assert_event(
        entries,
        EfileEvent.ARCHIVED,
        {
            "case_number": case.case_number,
            "files": {name: meta["sha256"] for name, meta in archive.files.items()},
            "volumes": volumes,
        },
        case_id=case.id,
        actor_id=clerk.id,
    )
    assert entry.seq == archive.ledger_seq
    assert sorted(entry.document_hashes) == sorted(m["sha256"] for m in archive.files.values())

    with recorded() as entries:
        borrow = borrow_request(case=case, actor=clerk, reason="  再审调卷 ")
    assert_event(
        entries,
        EfileEvent.BORROW_REQUESTED,
        {"borrow": str(borrow.id), "reason": "再审调卷"},
        case_id=case.id,
        actor_id=clerk.id,
    )
    judge = demo["judge"]
    with recorded() as entries:
        borrow_approve(borrow=borrow, actor=judge)
    assert_event(
        entries,
        EfileEvent.BORROW_APPROVED,
        {"borrow": str(borrow.id), "requested_by": str(clerk.id)},
        case_id=case.id,
        actor_id=judge.id,
    )
    with recorded() as entries:
        efile_archive(case=case, actor=clerk)
    assert_event(
        entries,
        EfileEvent.BORROW_RETURNED,
        {"borrow": str(borrow.id), "requested_by": str(clerk.id)},
        case_id=case.id,
        actor_id=clerk.id,
    )
    assert Archive.objects.filter(efile=case.efile).count() == 2
