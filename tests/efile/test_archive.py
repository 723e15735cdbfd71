"""Archiving (单套制): a 300-page case becomes one PDF/A-2b per volume with cover, index,
a bookmark per item and continuous page numbers, plus a court-signed manifest; the
`efile archive` / `efile verify` commands, and verify failing on one changed byte."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from yunting.cases.models import CaseStatus
from yunting.cases.services import case_change_status
from yunting.efile import services
from yunting.efile.archive import archive_export, efile_archive
from yunting.efile.models import VolumeKind
from yunting.efile.verify import verify_dir

from .scans import blank_pdf

pytestmark = pytest.mark.django_db


def _close(case):
    case_change_status(case=case, status=CaseStatus.CLOSED, actor=case.judge)
    case.refresh_from_db()
    return case


def test_archive_300_pages(accepted_case, clerk, tmp_path):
    for n in range(3):
        services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(99), name=f"证据{n}")
    services.item_upload(
        case=accepted_case,
        actor=clerk,
        data=blank_pdf(2),
        name="评议",
        kind="deliberation",
        volume_kind=VolumeKind.SUB,
    )
    main = accepted_case.efile.volumes.get(kind=VolumeKind.MAIN)
    numbered = sum(main.items.values_list("pages", flat=True))
    assert numbered >= 300
    archive = efile_archive(case=_close(accepted_case), actor=clerk)
    files = archive_export(archive=archive, out_dir=tmp_path)
    reader = PdfReader(files["volume-main.pdf"])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    vol = manifest["volumes"][0]
    assert vol["numbered_pages"] == numbered
    assert len(reader.pages) == vol["front_pages"] + numbered
    # cover and 卷内目录 then the items, each with a bookmark at its first page
    assert "诉讼卷宗（正卷）" in reader.pages[0].extract_text()
    index_text = "".join(reader.pages[i].extract_text() for i in range(1, vol["front_pages"]))
    assert "卷内目录" in index_text and "证据0" in index_text
    titles = {reader.get_destination_page_number(o): o.title for o in reader.outline}
    for item in vol["items"]:
        assert item["pdf_index"] in titles
        assert titles[item["pdf_index"]].startswith(f"{item['position']}. ")
    # page numbers stamped on the pages, running through the volume
    last = reader.pages[-1].extract_text()
    assert str(numbered) in last
    assert "1" in reader.pages[vol["front_pages"]].extract_text()
    # PDF/A-2b identification in the XMP metadata
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in raw and b"2" in raw and b"B" in raw
    assert "/OutputIntents" in reader.trailer["/Root"]
    # the manifest is signed by the court (pyHanko) and everything checks
    report = verify_dir(tmp_path)
    assert report["valid"], report["problems"]
    assert {v["file"] for v in report["volumes"]} == {"volume-main.pdf", "volume-sub.pdf"}


def test_verify_fails_on_a_changed_byte(accepted_case, clerk, tmp_path):
    archive = efile_archive(case=_close(accepted_case), actor=clerk)
    archive_export(archive=archive, out_dir=tmp_path)
    assert verify_dir(tmp_path)["valid"]
    path = tmp_path / "volume-main.pdf"
    original = path.read_bytes()
    data = bytearray(original)
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify_dir(tmp_path)
    assert not report["valid"]
    assert any("SHA-256" in p for p in report["problems"])
    # a manifest altered after signing fails the signature check
    path.write_bytes(original)
    assert verify_dir(tmp_path)["valid"]
    m = tmp_path / "manifest.pdf"
    signed = bytearray(m.read_bytes())
    signed[200] ^= 0x01
    m.write_bytes(bytes(signed))
    assert not verify_dir(tmp_path)["valid"]


def test_commands_archive_and_verify(accepted_case, clerk, tmp_path, settings):
    """The two commands exactly as written (run through call_command, in this process)."""
    from django.core.management import call_command

    _close(accepted_case)
    out = io.StringIO()
    call_command("efile", "archive", accepted_case.case_number, "--out", str(tmp_path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["case_number"] == accepted_case.case_number
    assert result["manifest"].endswith("manifest.pdf")
    assert any(v.endswith("volume-main.pdf") for v in result["volumes"])
    out = io.StringIO()
    call_command("efile", "verify", str(tmp_path), stdout=out)
    assert json.loads(out.getvalue())["valid"] is True
    (tmp_path / "volume-main.pdf").write_bytes(b"%PDF-1.7 replaced")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("efile", "verify", str(tmp_path), stdout=out)
    assert exit_.value.code == 1
    assert json.loads(out.getvalue())["valid"] is False
    # unknown case: a clear JSON error, status 2
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "efile",
            "archive",
            "（2026）沪0105民初999号",
            "--out",
            str(tmp_path),
            stdout=io.StringIO(),
        )
    assert exit_.value.code == 2
