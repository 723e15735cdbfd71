"""Uploaded files: validated by what they are (magic bytes, size, pages), stored by what they
contain (SHA-256), so nothing malformed is kept and the same bytes are stored once."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 500

# Content types recognised by their first bytes; the file name's extension is not trusted.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
ALLOWED_DESCRIPTION = _("PDF, JPEG or PNG")


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    sha256: str
    content_type: str
    extension: str
    pages: int


def sniff(data: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


def check_upload(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedFile:
    """Refuse, with a reason people understand, anything that is not a sound PDF or image."""
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Split it or scan at a lower resolution."),
            code="too_large",
            params={"mb": max_bytes // (1024 * 1024)},
        )
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            _("This file is not a %(allowed)s file (whatever its name says)."),
            code="bad_type",
            params={"allowed": ALLOWED_DESCRIPTION},
        )
    content_type, extension = kind
    pages = 1
    if content_type == "application/pdf":
        pages = _pdf_pages(data)
    else:
        _check_image(data)
    return CheckedFile(data, hashlib.sha256(data).hexdigest(), content_type, extension, pages)


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected. Upload it without a password."), code="encrypted"
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            _("The PDF is damaged and cannot be opened."), code="damaged"
        ) from exc
    if pages == 0:
        raise ValidationError(_("The PDF has no pages."), code="no_pages")
    if pages > MAX_PDF_PAGES:
        raise ValidationError(
            _("The PDF has more than %(max)d pages. Split it into several files."),
            code="too_many_pages",
            params={"max": MAX_PDF_PAGES},
        )
    return pages


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("The image is damaged and cannot be opened."), code="damaged"
        ) from exc


def store_content_addressed(data: bytes, *, folder: str, extension: str) -> str:
    """Save under ``folder/ab/cd/<sha256>.<ext>``; the same bytes are stored once."""
    digest = hashlib.sha256(data).hexdigest()
    path = f"{folder}/{digest[:2]}/{digest[2:4]}/{digest}.{extension}"
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(data))
        if saved != path:  # a concurrent upload of the same bytes won the race
            default_storage.delete(saved)
    return path
