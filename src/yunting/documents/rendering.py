"""Templates → HTML → PDF, and the same words → a Word draft.

The database template is Django template language extending ``documents/pdf/base.html``,
which holds the standard layout (court name and title centred, case number right-aligned,
仿宋-style serif body, Chinese-character date, seal over the closing). The Word draft is made
from the *rendered HTML* of the same template, so PDF and .docx never say different things.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.template import Context
from django.urls import reverse

from .errors import DocumentError, DocumentErrorCode
from .sandbox import engine
from .seal import seal_data_uri

MAX_TEMPLATE_CHARS = 200_000


@lru_cache(maxsize=64)
def _compiled(body: str):
    return engine().from_string(body)


def compile_body(body: str):
    """Compile once per template text (a batch renders the same template hundreds of times),
    in the sandboxed engine (``documents.sandbox``): an edited template reaches nothing but
    its context and the documents' own partials."""
    if len(body) > MAX_TEMPLATE_CHARS:
        raise DocumentError(DocumentErrorCode.BAD_TEMPLATE, reason=f"> {MAX_TEMPLATE_CHARS}")
    try:
        return _compiled(body)
    except Exception as exc:  # TemplateSyntaxError, unknown library, bad tag arguments …
        raise DocumentError(DocumentErrorCode.BAD_TEMPLATE, reason=str(exc)) from exc


def verify_url() -> str:
    """The full address of the public verification page, as printed on paper: the court's
    site (``YUNTING_SITE_URL``) plus the page's path."""
    return settings.YUNTING_SITE_URL.rstrip("/") + reverse("documents:verify")


def _receipt_check_url() -> str:
    from django.urls import NoReverseMatch

    try:
        return settings.YUNTING_SITE_URL.rstrip("/") + reverse("fees:receipt_check")
    except NoReverseMatch:  # a deployment without the fees app
        return ""


def render_html(
    body: str,
    context: dict[str, Any],
    *,
    seal: bool,
    preview: bool = False,
    verification_code: str = "",
) -> str:
    """Render a template body; ``seal`` puts the court's seal image over the closing."""
    template = compile_body(body)
    full = {
        **context,
        "seal_uri": seal_data_uri(context["court"]["name"]) if seal else "",
        "preview": preview,
        "verification_code": verification_code,
        "verify_path": reverse("documents:verify"),
        "verify_url": verify_url(),
        "site_url": settings.YUNTING_SITE_URL.rstrip("/"),
        "receipt_check_url": _receipt_check_url(),
    }
    try:
        return template.render(Context(full, autoescape=True))
    except RecursionError as exc:
        raise DocumentError(DocumentErrorCode.BAD_TEMPLATE, reason="recursion") from exc
    except Exception as exc:  # a template error in an admin's edit, shown to the admin
        raise DocumentError(DocumentErrorCode.BAD_TEMPLATE, reason=str(exc)) from exc


# --- Word ------------------------------------------------------------------------------------


@dataclass
class Block:
    text: str
    align: str = "justify"  # left | right | center | justify
    indent: bool = True
    bold: bool = False


@dataclass
class _Extractor(HTMLParser):
    """Collect the body's paragraphs (``.doc-body``) with their alignment, skipping the parts
    marked ``data-docx="skip"`` (seal image, watermark, verification footer)."""

    blocks: list[Block] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[str, bool, bool]] = []  # tag, in body, skipping
        self._buf: list[str] = []
        self._cur: Block | None = None

    BLOCK_TAGS = frozenset({"p", "h2", "h3", "li", "tr", "div"})
    VOID = frozenset({"img", "br", "meta", "link", "hr", "input"})

    def _state(self) -> tuple[bool, bool]:
        return (self._stack[-1][1], self._stack[-1][2]) if self._stack else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        in_body, skipping = self._state()
        if tag in self.VOID:
            if tag == "br" and in_body and not skipping:
                self._buf.append("\n")
            return
        in_body = in_body or "doc-body" in classes
        skipping = skipping or a.get("data-docx") == "skip"
        self._stack.append((tag, in_body, skipping))
        if in_body and not skipping and tag in self.BLOCK_TAGS and "doc-body" not in classes:
            self._flush()
            align = next((c for c in ("right", "center", "left") if c in classes), "justify")
            self._cur = Block(
                "",
                align=align,
                indent=align == "justify" and "flush" not in classes and tag == "p",
                bold=tag in ("h2", "h3") or "strong" in classes,
            )
        if tag in ("td", "th") and self._buf and in_body and not skipping:
            self._buf.append("　")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self._stack:
            if self._stack.pop()[0] == tag:
                break
        if tag in self.BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        in_body, skipping = self._state()
        if in_body and not skipping:
            self._buf.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split()) if self._buf else ""
        text = text.replace(" \n ", "\n")
        if text and self._cur is None:
            self._cur = Block(text)
        if text and self._cur is not None:
            self._cur.text = text
            self.blocks.append(self._cur)
        self._buf = []
        self._cur = None


def html_blocks(html: str) -> list[Block]:
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks


@lru_cache(maxsize=1)
def _docx_template_bytes() -> bytes:
    """The generic Word template: header placeholders for docxtpl, the body as a sub-document.

    Built with python-docx rather than shipped as a binary, so it is reviewable as code:
    A4, margins as the PDF, 仿宋 16 pt body with 28 pt lines, court name and title centred."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    normal.paragraph_format.line_spacing = Pt(28)

    def line(text: str, size: int, align, bold: bool = False) -> None:
        p = doc.add_paragraph()
        p.alignment = align
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.font.name = "SimSun"
        run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    line("{{ court_name }}", 22, WD_ALIGN_PARAGRAPH.CENTER, True)
    line("{{ title }}", 26, WD_ALIGN_PARAGRAPH.CENTER, True)
    line("{{ case_number }}", 16, WD_ALIGN_PARAGRAPH.RIGHT)
    doc.add_paragraph("{{p body }}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_docx(*, html: str, title: str, context: dict[str, Any]) -> bytes:
    """Fill the Word template with the same context and the paragraphs of the rendered HTML."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(_docx_template_bytes()))
    body = tpl.new_subdoc()
    aligns = {
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }
    for block in html_blocks(html):
        p = body.add_paragraph()
        p.alignment = aligns[block.align]
        if block.indent:
            p.paragraph_format.first_line_indent = Pt(32)
        parts = block.text.split("\n")
        for i, part in enumerate(parts):
            run = p.add_run(part)
            run.bold = block.bold
            if i < len(parts) - 1:
                run.add_break()
    tpl.render(
        {
            "court_name": context["court"]["name"],
            "title": title,
            "case_number": context["case"]["number"],
            "body": body,
        }
    )
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
