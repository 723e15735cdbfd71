"""Text recognition with RapidOCR (PP-OCR models inside the wheel, no download). Django-free,
so ``yunting ocr`` and the workers share it. Lines come out in reading order: top to bottom,
and left to right within a line."""

from __future__ import annotations

import io
import threading

from PIL import Image

from . import pages

OCR_DPI = 200
MIN_SCORE = 0.5
_engine = None
_lock = threading.Lock()


class UnreadableFile(ValueError):
    """Not a PDF, PNG, JPEG or TIFF that can be opened."""


def engine():
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR()
    return _engine


def _lines(result) -> list[tuple[float, float, float, str, float]]:
    out = []
    for box, text, score in result or []:
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        out.append((min(ys), max(ys), min(xs), str(text).strip(), float(score)))
    return out


def _reading_order(lines) -> list[str]:
    """Group boxes whose vertical middles fall within one another's height into one line."""
    lines = sorted(lines, key=lambda b: (b[0] + b[1]) / 2)
    rows: list[list] = []
    for box in lines:
        mid = (box[0] + box[1]) / 2
        if rows:
            top, bottom = min(b[0] for b in rows[-1]), max(b[1] for b in rows[-1])
            if top <= mid <= bottom:
                rows[-1].append(box)
                continue
        rows.append([box])
    return [" ".join(b[3] for b in sorted(row, key=lambda b: b[2])) for row in rows]


def _quality(lines) -> float:
    return sum(len(b[3]) * b[4] for b in lines)


def read_image(image: Image.Image) -> str:
    """The text of one page image. A page scanned sideways or upside down is tried in the
    other orientations when the first reading finds (almost) nothing."""
    import numpy as np

    image = image.convert("RGB")
    raw = engine()(np.asarray(image))[0]
    best = _lines(raw)
    if raw and _quality(best) < 4:  # text boxes found but not read: try turning the page
        for angle in (90, 270, 180):
            tried = _lines(engine()(np.asarray(image.rotate(angle, expand=True)))[0])
            if _quality(tried) > _quality(best) * 1.5 + 1:
                best = tried
    return "\n".join(_reading_order(best))


def page_images(data: bytes):
    """(content type, number of pages, a function rendering page n) for a file's bytes."""
    if data.startswith(b"%PDF-"):
        try:
            count = pages.pdf_page_count(data)
        except Exception as exc:
            raise UnreadableFile("damaged PDF") from exc
        return (
            "application/pdf",
            count,
            lambda n: pages.render_page(data, "application/pdf", n, dpi=OCR_DPI),
        )
    try:
        frames = pages.image_frames(data)
    except Exception as exc:
        raise UnreadableFile("not a PDF, PNG, JPEG or TIFF") from exc
    return "image", len(frames), lambda n: frames[n - 1]


def read_file(data: bytes, *, skip_text_pages: bool = True) -> list[dict]:
    """``[{"page": 1, "text": "…"}, …]``: a PDF page that has a text layer keeps it (not
    re-OCR'd); image pages are recognised."""
    kind, count, render = page_images(data)
    texts = pages.pdf_text_pages(data) if kind == "application/pdf" and skip_text_pages else []
    out = []
    for n in range(1, count + 1):
        existing = texts[n - 1] if n - 1 < len(texts) else ""
        out.append({"page": n, "text": existing or read_image(render(n))})
    return out


def open_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def image_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    return buf.getvalue()
