"""Checking a written archive (``yunting efile verify DIR``) from its files alone: the court's
signature on the manifest, each volume's hash, page count, and each item's pages and
bookmark against the manifest."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

MANIFEST_NAME = "manifest.pdf"
MANIFEST_JSON = "manifest.json"


def _signature_problems(data: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    from yunting.documents.pdfwork import outside_event_loop
    from yunting.documents.verification import validation_context

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        return [f"manifest.pdf cannot be read: {type(exc).__name__}"]
    if not signatures:
        return ["manifest.pdf carries no signature"]
    problems = []
    for sig in signatures:
        try:
            status = outside_event_loop(validate_pdf_signature, sig, validation_context())
        except Exception as exc:
            problems.append(f"signature {sig.field_name} cannot be validated: {exc}")
            continue
        if not status.intact or not status.valid:
            problems.append(f"signature {sig.field_name} is not intact/valid")
        elif not status.trusted:
            problems.append(f"signature {sig.field_name} is not from a trusted court certificate")
        if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
            problems.append(f"signature {sig.field_name} does not cover the whole file")
    return problems


def embedded_manifest(data: bytes) -> dict:
    from pypdf import PdfReader

    attachments = PdfReader(io.BytesIO(data)).attachments
    blobs = attachments.get(MANIFEST_JSON)
    if not blobs:
        raise ValueError("manifest.pdf has no embedded manifest.json")
    return json.loads(blobs[0])


def _outline_pages(reader) -> dict[int, str]:
    out = {}
    for entry in reader.outline:
        if isinstance(entry, list):
            continue
        out[reader.get_destination_page_number(entry)] = str(entry.title)
    return out


def verify_dir(directory: str | Path) -> dict:
    """``{"valid": bool, "problems": [...], "volumes": [...]}``."""
    from pypdf import PdfReader

    from .archive import page_content_hash

    d = Path(directory)
    problems: list[str] = []
    manifest_path = d / MANIFEST_NAME
    if not manifest_path.is_file():
        return {"valid": False, "problems": [f"{MANIFEST_NAME} not found in {d}"], "volumes": []}
    data = manifest_path.read_bytes()
    problems += _signature_problems(data)
    try:
        manifest = embedded_manifest(data)
    except Exception as exc:
        problems.append(f"manifest cannot be read: {exc}")
        return {"valid": False, "problems": problems, "volumes": []}
    checked = []
    for vol in manifest.get("volumes", []):
        path = d / vol["file"]
        if not path.is_file():
            problems.append(f"{vol['file']} is missing")
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != vol["sha256"]:
            problems.append(f"{vol['file']}: SHA-256 differs from the signed manifest")
        try:
            reader = PdfReader(io.BytesIO(raw))
            count = len(reader.pages)
        except Exception as exc:
            problems.append(f"{vol['file']} cannot be read: {type(exc).__name__}")
            continue
        if count != vol["pdf_pages"]:
            problems.append(f"{vol['file']}: {count} pages, the manifest says {vol['pdf_pages']}")
            continue
        try:
            bookmarks = _outline_pages(reader)
        except Exception:
            bookmarks = {}
        expected_next = 1
        for item in vol["items"]:
            first, last = item["first_page"], item["last_page"]
            if first != expected_next or last < first:
                problems.append(
                    f"{vol['file']}: item {item['position']} pages {first}-{last} not continuous"
                )
            expected_next = last + 1
            start = item["pdf_index"]
            if start + (last - first) >= count:
                problems.append(f"{vol['file']}: item {item['position']} runs past the end")
                continue
            hashes = [page_content_hash(reader.pages[start + k]) for k in range(last - first + 1)]
            if hashlib.sha256("".join(hashes).encode()).hexdigest() != item["pages_sha256"]:
                problems.append(
                    f"{vol['file']}: the pages of item {item['position']} differ from the manifest"
                )
            if start not in bookmarks:
                problems.append(f"{vol['file']}: item {item['position']} has no bookmark")
        if expected_next - 1 != vol["numbered_pages"]:
            problems.append(f"{vol['file']}: page numbers do not add up")
        checked.append({"file": vol["file"], "pages": count, "items": len(vol["items"])})
    plain = d / MANIFEST_JSON
    if plain.is_file():
        try:
            if json.loads(plain.read_text()) != manifest:
                problems.append(
                    "manifest.json differs from the manifest signed inside manifest.pdf"
                )
        except ValueError:
            problems.append("manifest.json is not valid JSON")
    return {
        "valid": not problems,
        "problems": problems,
        "volumes": checked,
        "case_number": manifest.get("case_number"),
    }
