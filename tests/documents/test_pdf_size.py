"""Small notices (issue 13): the embedded CJK fonts are cut to the glyphs used, so a sealed
one-page notice is ≤ 60 KiB; it looks the same as with WeasyPrint's own (id-retaining)
subsets, its text reads the same, and its PAdES signatures still validate — the fonts are
compacted before the file is signed."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from pypdf import PdfReader

from tests.cases.factories import make_case
from yunting.documents import pdfwork
from yunting.documents.services import document_issue, document_prepare
from yunting.documents.verification import verify_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(court, demo):
    case = make_case(court=court, actor=demo["filing_officer"])
    case.judge, case.clerk = demo["judge"], demo["clerk"]
    case.save(update_fields=["judge", "clerk"])
    return case


def _fonts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        for sub in font["/DescendantFonts"]:
            descriptor = sub.get_object()["/FontDescriptor"].get_object()
            out.append(str(descriptor["/FontFile3"].get_object()["/Subtype"]))
    return out


def _pixels(pdf: bytes, tmp_path, name: str) -> list[int]:
    from PIL import Image

    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-png", str(path), str(tmp_path / name)], check=True
    )
    return list(Image.open(tmp_path / f"{name}-1.png").convert("L").getdata())


@pytest.mark.parametrize("code", ["acceptance_notice", "payment_notice"])
def test_a_sealed_notice_is_small_and_valid(code, case, demo):
    extra = {"fee": "3,300.00", "reference": "YT-TEST-0001"} if code == "payment_notice" else {}
    with transaction.atomic():
        doc = document_issue(
            template_code=code,
            case=case,
            actor=demo["filing_officer"],
            recipient=case.parties.get(role="plaintiff"),
            extra=extra,
        )
    with default_storage.open(doc.storage_path, "rb") as fh:
        pdf = fh.read()
    assert doc.size == len(pdf) <= 60 * 1024
    assert set(_fonts(pdf)) == {"/CIDFontType0C"}  # compact bare CFF, selected by CID
    report = verify_pdf(pdf)
    assert report.valid and report.signatures and all(s.valid for s in report.signatures)


def test_compacting_changes_neither_the_look_nor_the_text(case, demo, tmp_path):
    from weasyprint import HTML

    prepared = document_prepare(
        template_code="acceptance_notice",
        case=case,
        actor=demo["filing_officer"],
        recipient=case.parties.get(role="plaintiff"),
    )
    compact = pdfwork.html_to_pdf(prepared.html)
    plain = HTML(string=prepared.html, url_fetcher=pdfwork.offline_fetcher()).write_pdf()
    assert len(compact) < len(plain) / 4
    a, b = _pixels(compact, tmp_path, "compact"), _pixels(plain, tmp_path, "plain")
    assert len(a) == len(b)
    # at 300 dpi the same glyphs in the same places; hinting of the bare CFF differs on the
    # edges of some strokes, so a small share of pixels differs (not pixel-identical)
    differing = [abs(x - y) for x, y in zip(a, b, strict=True) if x != y]
    strong = sum(d > 64 for d in differing)
    print(f"pixels: {len(a)}, differing {len(differing)}, by more than 64 levels {strong}")
    assert len(differing) < len(a) / 100 and strong < len(a) / 1000
    text = [PdfReader(io.BytesIO(p)).pages[0].extract_text() for p in (compact, plain)]
    assert text[0] == text[1] and "受理" in text[0]


def test_a_compacted_face_is_reused_for_the_same_glyphs_and_not_for_others(case, demo):
    """The cache of ``pdffonts`` is keyed by the font program and the CIDs kept: the same
    notice twice compacts once; another text gets its own program, which still has the CIDs
    it uses."""
    from fontTools.cffLib import CFFFontSet

    from yunting.documents import pdffonts

    prepared = document_prepare(
        template_code="acceptance_notice",
        case=case,
        actor=demo["filing_officer"],
        recipient=case.parties.get(role="plaintiff"),
    )
    pdffonts._cache.clear()
    first = pdfwork.html_to_pdf(prepared.html)
    kept = dict(pdffonts._cache)
    assert kept and all(v is not None for v in kept.values())
    assert pdfwork.html_to_pdf(prepared.html) == first and dict(pdffonts._cache) == kept
    other = pdfwork.html_to_pdf(prepared.html.replace("受理", "受理（补正：甲乙丙丁）"))
    added = {k: v for k, v in pdffonts._cache.items() if k not in kept}
    assert added and other != first
    for (_digest, cids), program in added.items():
        font = CFFFontSet()
        font.decompile(io.BytesIO(program), None)
        names = set(font[font.fontNames[0]].CharStrings.keys())
        assert {f"cid{c:05d}" for c in cids if c} <= names
