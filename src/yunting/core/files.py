"""Uploaded files: validated by what they are (magic bytes, size, pages), stored by what they
contain (SHA-256), so nothing malformed is kept and the same bytes are stored once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from . import filecheck
from .errors import FileError, FileErrorCode

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


def read_upload(upload, *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The bytes of an uploaded file, never more than ``max_bytes`` + 1 of them in memory.

    ``upload.size`` is checked first (Django already spooled a large body to a temporary file);
    then at most one byte past the limit is read, so a body larger than it claims is refused
    without being read whole."""
    if upload.size is not None and upload.size > max_bytes:
        raise _too_large(max_bytes)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def _too_large(max_bytes: int) -> FileError:
    return FileError(FileErrorCode.TOO_LARGE, mb=max_bytes // (1024 * 1024))


def check_upload(
    data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, content_types: frozenset[str] | None = None
) -> CheckedFile:
    """Refuse, with a reason people understand, anything that is not a sound PDF or image
    (or, given ``content_types``, not one of those).

    PDFs and images are opened in a child process under a time limit and a memory ceiling
    (``core/filecheck.py``): decompression bombs, active content and oversized images are
    refused with a 400-class reason, never a 500."""
    if not data:
        raise FileError(FileErrorCode.EMPTY)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    kind = sniff(data)
    if kind is None or (content_types is not None and kind[0] not in content_types):
        raise FileError(FileErrorCode.BAD_TYPE, allowed=ALLOWED_DESCRIPTION)
    content_type, extension = kind
    check = filecheck.check_pdf if content_type == "application/pdf" else filecheck.check_image
    verdict, pages = filecheck.run_isolated(check, data)
    if verdict != filecheck.OK:
        raise _refusal(verdict, is_pdf=content_type == "application/pdf")
    if pages > MAX_PDF_PAGES:
        raise FileError(FileErrorCode.TOO_MANY_PAGES, max=MAX_PDF_PAGES)
    return CheckedFile(data, hashlib.sha256(data).hexdigest(), content_type, extension, pages)


def _refusal(verdict: str, *, is_pdf: bool) -> FileError:
    code = FileErrorCode(verdict)  # the child's verdicts are the codes
    if code == FileErrorCode.DAMAGED and not is_pdf:
        return FileError(code, message=_("The image is damaged and cannot be opened."))
    if code == FileErrorCode.TOO_MANY_PIXELS:
        return FileError(code, mp=filecheck.MAX_IMAGE_PIXELS // 1_000_000)
    return FileError(code)


def store_content_addressed(data: bytes, *, folder: str, extension: str) -> str:
    """Save under ``folder/ab/cd/<sha256>.<ext>``; the same bytes are stored once."""
    digest = hashlib.sha256(data).hexdigest()
    path = f"{folder}/{digest[:2]}/{digest[2:4]}/{digest}.{extension}"
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(data))
        if saved != path:  # a concurrent upload of the same bytes won the race
            default_storage.delete(saved)
    return path
