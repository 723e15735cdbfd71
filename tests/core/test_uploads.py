"""Upload checks: size before reading, decompression bombs, active content, full decoding,
each check in a child process under a time limit (core/files.py, core/filecheck.py)."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core import hostile_files as hostile
from yunting.core import filecheck
from yunting.core.errors import FileError, FileErrorCode
from yunting.core.files import MAX_UPLOAD_BYTES, check_upload, read_upload


def _code(data: bytes) -> FileErrorCode:
    with pytest.raises(FileError) as info:
        check_upload(data)
    return info.value.error_code


class _CountingFile(io.BytesIO):
    """An upload that remembers how much was asked of it."""

    def __init__(self, data: bytes, size: int) -> None:
        super().__init__(data)
        self.size = size
        self.asked: list[int | None] = []

    def read(self, n: int | None = -1) -> bytes:
        self.asked.append(n)
        return super().read(n)


def test_the_declared_size_is_checked_before_anything_is_read():
    upload = _CountingFile(b"%PDF-", size=MAX_UPLOAD_BYTES + 1)
    with pytest.raises(FileError) as info:
        read_upload(upload)
    assert info.value.error_code == FileErrorCode.TOO_LARGE and upload.asked == []


def test_at_most_one_byte_past_the_limit_is_read():
    upload = _CountingFile(b"x" * 5000, size=10)  # claims less than it holds
    with pytest.raises(FileError) as raised:
        read_upload(upload, max_bytes=1000)
    assert raised.value.error_code == FileErrorCode.TOO_LARGE
    assert upload.asked == [1001]
    assert read_upload(_CountingFile(b"abc", size=3), max_bytes=1000) == b"abc"


def test_empty_and_unknown_files_are_refused_with_their_codes():
    assert _code(b"") == FileErrorCode.EMPTY
    assert _code(b"GIF89a not one of ours") == FileErrorCode.BAD_TYPE
    with pytest.raises(FileError) as info:
        check_upload(hostile.png(40, 30), content_types=frozenset({"application/pdf"}))
    assert info.value.error_code == FileErrorCode.BAD_TYPE and info.value.http_status == 400


def test_a_sound_pdf_and_image_pass():
    assert check_upload(hostile.plain_pdf()).pages == 1
    assert check_upload(hostile.png(40, 30)).content_type == "image/png"


def test_a_sound_pdf_passes_in_a_process_that_already_maps_gigabytes():
    """A worker that loaded the OCR model and fonts maps more than the check's memory ceiling;
    the ceiling counts from what the child inherits, or every upload there would be refused."""
    import mmap

    reserved = mmap.mmap(-1, 2 * filecheck.CHECK_MEMORY_BYTES)  # address space, never touched
    try:
        assert check_upload(hostile.plain_pdf()).pages == 1
    finally:
        reserved.close()


def test_an_object_stream_bomb_is_refused_as_too_complex():
    assert _code(hostile.object_stream_bomb()) == FileErrorCode.TOO_COMPLEX


def test_a_content_stream_inflating_past_the_cap_is_refused():
    assert _code(hostile.inflating_content()) == FileErrorCode.TOO_COMPLEX


@pytest.mark.parametrize(
    "make",
    [
        hostile.javascript_open_action,
        hostile.launch_annotation,
        hostile.page_additional_action,
        hostile.embedded_file,
    ],
)
def test_pdfs_with_active_content_are_refused(make):
    with pytest.raises(FileError) as info:
        check_upload(make())
    assert info.value.error_code == FileErrorCode.ACTIVE_CONTENT
    message = str(info.value.messages[0])
    assert "active content" in message or "活动内容" in message


def test_a_65535_square_png_is_refused_by_its_pixel_count():
    data = hostile.png(65535, 65535, body=b"x\x9c\x03\x00\x00\x00\x00\x01")
    with pytest.raises(FileError) as info:
        check_upload(data)
    assert info.value.error_code == FileErrorCode.TOO_MANY_PIXELS and "50" in info.value.messages[0]


def test_an_image_is_decoded_fully_so_a_truncated_body_is_refused():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), "red").save(buffer, "JPEG")
    whole = buffer.getvalue()
    assert check_upload(whole).content_type == "image/jpeg"
    half = whole[: len(whole) // 2]
    with Image.open(io.BytesIO(half)) as image:
        image.verify()  # what the old check did: the header alone looks fine
    assert _code(half) == FileErrorCode.DAMAGED
    with pytest.raises(FileError) as info:
        check_upload(half)
    message = str(info.value.messages[0])
    assert "image is damaged" in message or "图片已损坏" in message


def test_a_check_that_runs_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(filecheck, "CHECK_SECONDS", 1)
    verdict = filecheck.run_isolated(_forever, b"")
    assert verdict == (filecheck.TIMEOUT, 0)


def _forever(data: bytes):
    while True:
        time.sleep(0.05)


@pytest.mark.django_db
def test_the_filing_api_answers_400_with_the_reason_for_a_bomb(demo):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(demo["lawyer"])
    filing = api.post("/api/v1/filings", {"court": "沪0105"}, format="json").json()
    bomb = SimpleUploadedFile("起诉状.pdf", hostile.object_stream_bomb())
    response = api.post(
        f"/api/v1/filings/{filing['id']}/attachments",
        {"kind": "complaint", "file": bomb},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == FileErrorCode.TOO_COMPLEX


def test_document_verification_refuses_a_bomb_before_pyhanko_sees_it():
    from yunting.documents.errors import DocumentError, DocumentErrorCode
    from yunting.documents.verification import verify_pdf

    with pytest.raises(DocumentError) as info:
        verify_pdf(hostile.object_stream_bomb())
    assert info.value.code == DocumentErrorCode.UNREADABLE_PDF
