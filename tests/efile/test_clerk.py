"""A clerk's changes: each a service with its ledger event; a stale or bad change changes
nothing; parties never see the 副卷; archived e-files refuse changes."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.http import Http404

from yunting.cases.models import CaseStatus
from yunting.cases.services import case_change_status
from yunting.efile import selectors, services
from yunting.efile.archive import borrow_approve, borrow_request, efile_archive
from yunting.efile.errors import EfileError, EfileErrorCode
from yunting.efile.models import EfileStatus, ItemKind, VolumeKind
from yunting.ledger.models import Entry

from .scans import IOU_LINES, blank_pdf, png

pytestmark = pytest.mark.django_db


def _main(case):
    return case.efile.volumes.get(kind=VolumeKind.MAIN)


def _ids(volume):
    return [str(i) for i in volume.items.order_by("position").values_list("id", flat=True)]


def test_reorder_and_stale_version_refused(accepted_case, clerk):
    volume = _main(accepted_case)
    order = _ids(volume)
    version = volume.version
    services.volume_reorder(volume=volume, order=order[::-1], version=version, actor=clerk)
    assert _ids(volume) == order[::-1]
    # a second clerk working from the old version is refused, nothing changes
    with pytest.raises(EfileError) as err:
        services.volume_reorder(volume=volume, order=order, version=version, actor=clerk)
    assert err.value.code == EfileErrorCode.STALE
    assert _ids(volume) == order[::-1]
    with pytest.raises(EfileError) as err:
        volume.refresh_from_db()
        services.volume_reorder(
            volume=volume, order=order[:-1], version=volume.version, actor=clerk
        )
    assert err.value.code == EfileErrorCode.BAD_ORDER
    assert Entry.objects.filter(case_id=accepted_case.id, event_type="efile.reordered").count() == 1


def test_upload_reclassify_split_merge(accepted_case, clerk):
    item = services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(3), name="证据.pdf")
    assert item.kind == ItemKind.OTHER and not item.kind_confirmed
    volume = _main(accepted_case)
    item = services.item_reclassify(
        item=item, kind=ItemKind.EVIDENCE, actor=clerk, version=volume.version
    )
    assert item.kind_confirmed
    kinds = [i.kind for i in volume.items.order_by("position")]
    assert kinds.index(ItemKind.EVIDENCE) < kinds.index(ItemKind.ACCEPTANCE_NOTICE)
    volume.refresh_from_db()
    first, second = services.item_split(
        item=item, after_page=1, actor=clerk, version=volume.version
    )
    assert (first.pages, second.pages) == (1, 2)
    assert second.position == first.position + 1
    volume.refresh_from_db()
    with pytest.raises(EfileError) as err:
        services.item_split(item=first, after_page=1, actor=clerk, version=volume.version)
    assert err.value.code == EfileErrorCode.CANNOT_SPLIT
    merged = services.item_merge(first=first, second=second, actor=clerk, version=volume.version)
    assert merged.pages == 3
    positions = list(volume.items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    # moving to the 副卷
    volume.refresh_from_db()
    services.item_reclassify(
        item=merged,
        kind=ItemKind.INTERNAL_NOTE,
        volume_kind=VolumeKind.SUB,
        actor=clerk,
        version=volume.version,
    )
    assert accepted_case.efile.volumes.get(kind=VolumeKind.SUB).items.count() == 1
    # re-classifying to a later kind within the volume keeps positions 1..n
    volume.refresh_from_db()
    complaint = volume.items.get(position=1)
    services.item_reclassify(
        item=complaint, kind=ItemKind.OTHER, actor=clerk, version=volume.version
    )
    positions = list(volume.items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    assert volume.items.order_by("position").last().pk == complaint.pk


def test_bad_upload_refused_with_reason(accepted_case, clerk):
    before = _main(accepted_case).items.count()
    for data in (b"", b"not a scan", b"%PDF-1.4 garbage", b"\x89PNG\r\n\x1a\nbroken"):
        with pytest.raises(EfileError) as err:
            services.item_upload(case=accepted_case, actor=clerk, data=data, name="x")
        assert err.value.code == EfileErrorCode.BAD_UPLOAD
    assert _main(accepted_case).items.count() == before


def test_party_sees_main_volume_only_and_others_nothing(accepted_case, other_case, demo):
    lawyer = demo["lawyer"]
    litigant = demo["litigant"]
    assert selectors.volume_get_for_user(user=lawyer, case_id=accepted_case.id, kind="main")
    with pytest.raises(Http404):
        selectors.volume_get_for_user(user=lawyer, case_id=accepted_case.id, kind="sub")
    with pytest.raises(Http404):  # another party's case does not exist for them
        selectors.volume_get_for_user(user=lawyer, case_id=other_case.id, kind="main")
    item = _main(other_case).items.first()
    with pytest.raises(Http404):
        selectors.item_get_for_user(user=lawyer, item_id=item.id)
    assert selectors.item_get_for_user(user=litigant, item_id=item.id) == item
    with pytest.raises(EfileError) as raised:
        services.item_upload(case=accepted_case, actor=lawyer, data=png(IOU_LINES), name="x")
    assert raised.value.code == "not_court_staff"


def test_missing_and_corrupted_object_detected(accepted_case, clerk):
    from yunting.efile import storage

    item = _main(accepted_case).items.first()
    with default_storage.open(item.storage_path, "rb") as fh:
        good = fh.read()
    default_storage.delete(item.storage_path)
    default_storage.save(item.storage_path, __import__("io").BytesIO(good[:-1] + b"X"))
    with pytest.raises(EfileError) as err:
        storage.item_bytes(item)
    assert err.value.code == EfileErrorCode.STORAGE_CORRUPT
    default_storage.delete(item.storage_path)
    with pytest.raises(EfileError) as err:
        storage.item_bytes(item)
    assert err.value.code == EfileErrorCode.STORAGE_MISSING
    assert Entry.objects.filter(event_type="efile.storage_damaged").count() == 2
    # archiving with a missing object fails cleanly: nothing archived
    case_change_status(case=accepted_case, status=CaseStatus.CLOSED, actor=accepted_case.judge)
    accepted_case.refresh_from_db()
    with pytest.raises(EfileError) as raised:
        efile_archive(case=accepted_case, actor=clerk)
    assert raised.value.code == "storage_missing"
    accepted_case.efile.refresh_from_db()
    assert accepted_case.efile.status == EfileStatus.OPEN
    default_storage.save(item.storage_path, __import__("io").BytesIO(good))


def test_archived_refuses_changes_until_borrowed(accepted_case, clerk, demo):
    with pytest.raises(EfileError) as err:
        efile_archive(case=accepted_case, actor=clerk)
    assert err.value.code == EfileErrorCode.NOT_CLOSED
    case_change_status(case=accepted_case, status=CaseStatus.CLOSED, actor=accepted_case.judge)
    accepted_case.refresh_from_db()
    efile_archive(case=accepted_case, actor=clerk)
    accepted_case.refresh_from_db()
    assert accepted_case.status == CaseStatus.ARCHIVED
    volume = _main(accepted_case)
    with pytest.raises(EfileError) as err:
        services.volume_reorder(
            volume=volume, order=_ids(volume), version=volume.version, actor=clerk
        )
    assert err.value.code == EfileErrorCode.ARCHIVED
    with pytest.raises(EfileError) as raised:
        services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(1), name="x")
    assert raised.value.code == "archived"
    borrow = borrow_request(case=accepted_case, actor=clerk, reason="再审调卷")
    with pytest.raises(EfileError) as raised:
        borrow_approve(borrow=borrow, actor=clerk)
    assert raised.value.code == "not_approver"
    borrow_approve(borrow=borrow, actor=demo["judge"])
    services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(1), name="补充材料")
    efile_archive(case=accepted_case, actor=clerk)
    accepted_case.efile.refresh_from_db()
    assert accepted_case.efile.status == EfileStatus.ARCHIVED
    assert accepted_case.efile.archives.count() == 2


def test_an_upload_past_the_limit_is_refused_before_it_is_read(client, accepted_case, clerk):
    """The page checks the size Django measured while spooling, so a 21 MB body is refused
    with the limit named and nothing is added (fit-and-finish item 4)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    before = _main(accepted_case).items.count()
    client.force_login(clerk)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024))
    response = client.post(
        reverse("efile:upload", args=[accepted_case.id]),
        {"file": big, "volume": "main"},
        follow=True,
    )
    assert response.status_code == 200
    assert "20 MB" in response.content.decode()
    assert _main(accepted_case).items.count() == before
