"""OCR with RapidOCR: `yunting ocr FILE` prints exactly {"pages": [{"page", "text"}]}, a PDF
with text is not re-OCR'd, an image-only PDF is read, rotated and unreadable input handled;
in the background an uploaded scan is recognised, catalogued and searchable."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from yunting.efile import services
from yunting.efile.catalogue import suggest
from yunting.efile.models import Item, ItemKind, OcrStatus
from yunting.efile.selectors import search_pages

from .scans import IOU_LINES, SLIP_LINES, blank_pdf, image_pdf, jpeg, png, text_pdf


def _ocr(path) -> dict:
    out = io.StringIO()
    call_command("ocr", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_ocr_command_png_lines_in_reading_order(tmp_path):
    path = tmp_path / "iou.png"
    path.write_bytes(png(IOU_LINES))
    result = _ocr(path)
    assert list(result) == ["pages"]
    assert [p["page"] for p in result["pages"]] == [1]
    lines = result["pages"][0]["text"].split("\n")
    assert lines[0] == "借条"
    assert "今借到张三人民币伍万元整" in lines[1]
    assert len(lines) == 4


def test_ocr_command_pdf_text_layer_kept_and_image_page_read(tmp_path):
    path = tmp_path / "mixed.pdf"
    from yunting.efile.pages import merge_pdfs

    path.write_bytes(merge_pdfs([text_pdf(["第一页文字层"]), image_pdf([SLIP_LINES])]))
    pages = _ocr(path)["pages"]
    assert [p["page"] for p in pages] == [1, 2]
    assert pages[0]["text"] == "第一页文字层"
    assert "转账回单" in pages[1]["text"]


def test_ocr_command_line_prints_exactly_one_json_object(tmp_path):
    """As other tools call it: the installed `yunting ocr FILE`, stdout is the JSON alone."""
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "iou.jpg"
    path.write_bytes(jpeg(IOU_LINES))
    exe = Path(sys.executable).with_name("yunting")
    done = subprocess.run([str(exe), "ocr", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1
    result = json.loads(done.stdout)
    assert list(result) == ["pages"]
    assert result["pages"][0]["page"] == 1
    assert result["pages"][0]["text"].split("\n")[0] == "借条"


def test_ocr_rotated_scan_and_bad_input(tmp_path, capsys):
    path = tmp_path / "rotated.jpg"
    path.write_bytes(jpeg(IOU_LINES, rotate=90))
    text = _ocr(path)["pages"][0]["text"]
    assert "借条" in text
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image at all")
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        call_command("ocr", str(bad))
    assert exit_.value.code == 2
    assert "error" in json.loads(capsys.readouterr().out)


def test_suggest_kinds_and_fields():
    s = suggest("\n".join(IOU_LINES))
    assert (s.label, s.kind) == ("借条", ItemKind.EVIDENCE)
    s = suggest("\n".join(SLIP_LINES))
    assert s.label == "转账凭证"
    assert s.fields == {"amount": "50000.00", "date": "2026-03-02"}
    s = suggest("中华人民共和国居民身份证\n姓名 张三\n公民身份号码 310105198503122015")
    assert s.label == "居民身份证" and s.fields["id_number"] == "310105198503122015"
    assert suggest("公民身份号码 310105198503122016 居民身份证").fields.get("id_number") is None
    assert suggest("营业执照 统一社会信用代码 91310000MA1FL1234X").label == "营业执照"
    assert suggest("授权委托书 委托人 受托人").kind == ItemKind.POWER_OF_ATTORNEY
    assert suggest("民事判决书 本院认为 判决如下").kind == ItemKind.JUDGMENT
    assert suggest("").label == ""


@pytest.mark.django_db(transaction=True)
def test_background_ocr_catalogue_and_search(accepted_case, clerk, run_worker, demo):
    iou = services.item_upload(case=accepted_case, actor=clerk, data=png(IOU_LINES), name="扫描1")
    empty = services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(2), name="空白")
    assert iou.ocr_status == OcrStatus.PENDING
    run_worker()
    iou.refresh_from_db()
    empty.refresh_from_db()
    assert iou.ocr_status == OcrStatus.DONE and iou.ocr_pages_done == 1
    assert (iou.suggested_label, iou.suggested_kind) == ("借条", ItemKind.EVIDENCE)
    assert not iou.kind_confirmed
    assert empty.ocr_status == OcrStatus.NO_TEXT
    hits = search_pages(user=clerk, query="借款人", case=accepted_case)
    assert [(h.item.id, h.page) for h in hits] == [(iou.id, 1)]
    assert "<mark>借款人</mark>" in hits[0].snippet
    # across all cases the user may see; another party sees none of it
    assert search_pages(user=clerk, query="李四")
    from yunting.accounts.models import User

    stranger = User.objects.get(phone="13900000002")
    assert search_pages(user=stranger, query="借款人") == []
    assert Item.objects.filter(pk=iou.pk, texts__source="ocr").exists()
