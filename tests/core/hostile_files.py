"""Hostile PDFs and images, written byte by byte so each exercises exactly one defence."""

from __future__ import annotations

import functools
import struct
import zlib


def pdf_from(objects: list[bytes], *, root: int = 1) -> bytes:
    """A classic PDF (xref table) whose object ``i + 1`` has the body ``objects[i]``."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra)
        + packed
        + b"\nendstream"
    )


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def plain_pdf() -> bytes:
    return pdf_from([CATALOG, PAGES, PAGE])


def javascript_open_action() -> bytes:
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>"
    )
    return pdf_from([catalog, PAGES, PAGE])


def launch_annotation() -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"
    annot = (
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (cmd.exe) >> >>"
    )
    return pdf_from([CATALOG, PAGES, page, annot])


def page_additional_action() -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>"
    return pdf_from([CATALOG, PAGES, page, b"<< /S /GoTo /D [3 0 R /Fit] >>"])


def embedded_file() -> bytes:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>"
    names = b"<< /Names [(a.exe) 5 0 R] >>"
    spec = b"<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>"
    return pdf_from([catalog, PAGES, PAGE, names, spec, stream(b"MZ", b"/Type /EmbeddedFile")])


@functools.cache
def inflating_content(size: int = 40_000_000) -> bytes:
    """One page whose content stream inflates from ~40 kB to ``size`` bytes."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    return pdf_from([CATALOG, PAGES, page, stream(b" " * size)])


@functools.cache
def object_stream_bomb(size: int = 80_000_000) -> bytes:
    """An object stream (PDF 1.5, cross-reference stream) that inflates to ``size`` bytes."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in ((1, CATALOG), (2, PAGES), (3, PAGE)):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    inner = b"5 0 " + b"(" + b" " * size + b")"
    offsets[4] = len(out)
    out += b"4 0 obj\n" + stream(inner, b"/Type /ObjStm /N 1 /First 4") + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in (1, 2, 3, 4):
        rows.append(struct.pack(">BIH", 1, offsets[number], 0))
    rows.append(struct.pack(">BIH", 2, 4, 0))  # object 5 lives in object stream 4
    rows.append(struct.pack(">BIH", 1, offsets[6], 0))
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def png(width: int, height: int, *, body: bytes | None = None) -> bytes:
    """A grey PNG of the given size; ``body`` replaces the (valid) pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    if body is None:
        body = zlib.compress(b"".join(b"\0" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
