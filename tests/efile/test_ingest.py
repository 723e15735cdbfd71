"""The e-file is built as the case goes: filing attachments and issued documents land in the
正卷 in the standard order, with continuous page numbers."""

from __future__ import annotations

import itertools

import pytest

from yunting.efile.models import Item, ItemKind, VolumeKind
from yunting.efile.selectors import volume_catalogue
from yunting.ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_filing_attachments_and_documents_are_filed_in_standard_order(accepted_case):
    volume = accepted_case.efile.volumes.get(kind=VolumeKind.MAIN)
    rows = volume_catalogue(volume=volume)
    kinds = [r.item.kind for r in rows]
    assert kinds[:2] == [ItemKind.COMPLAINT, ItemKind.POWER_OF_ATTORNEY]
    assert ItemKind.ACCEPTANCE_NOTICE in kinds and ItemKind.FEE in kinds
    assert kinds.index(ItemKind.ACCEPTANCE_NOTICE) < kinds.index(ItemKind.FEE)
    # page numbers run through the volume
    assert rows[0].first_page == 1
    for a, b in itertools.pairwise(rows):
        assert b.first_page == a.last_page + 1
    docs = {str(d.id) for d in accepted_case.documents.all()}
    assert docs == set(Item.objects.filter(source="document").values_list("source_id", flat=True))
    # the issued documents have a text layer: no OCR needed, suggested kind from the text
    notice = Item.objects.get(kind=ItemKind.ACCEPTANCE_NOTICE)
    assert notice.ocr_status == "not_needed"
    assert notice.texts.count() == notice.pages
    assert Entry.objects.filter(
        case_id=accepted_case.id, event_type="efile.item_added"
    ).count() == len(rows)
    assert accepted_case.efile.volumes.get(kind=VolumeKind.SUB).items.count() == 0


def test_every_court_document_has_its_place_in_the_volume():
    """No template the platform seeds falls to 其他材料: a proof of service sorts as 送达回证,
    a transcript as 笔录, a ruling as 裁判文书 (a new template must be placed here too)."""
    from pathlib import Path

    import yunting.documents
    from yunting.efile.services import TEMPLATE_KINDS

    seed = Path(yunting.documents.__file__).parent / "seed"
    codes = {p.stem for p in seed.glob("*.html")}
    assert codes and codes <= set(TEMPLATE_KINDS), sorted(codes - set(TEMPLATE_KINDS))
    assert TEMPLATE_KINDS["e_service_receipt"] == ItemKind.SERVICE_PROOF
    assert TEMPLATE_KINDS["hearing_transcript"] == ItemKind.TRANSCRIPT
    assert ItemKind.OTHER not in TEMPLATE_KINDS.values()
