"""E-file bytes through Django's storage API (local folder or S3-compatible), addressed by
their SHA-256 and checked against it on every read."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from .errors import EfileError, EfileErrorCode

logger = logging.getLogger(__name__)


def path_for(sha256: str, extension: str, folder: str = "efile") -> str:
    return f"{folder}/{sha256[:2]}/{sha256[2:4]}/{sha256}.{extension}"


def put(data: bytes, *, extension: str, folder: str = "efile") -> tuple[str, str]:
    """Store ``data`` under its hash (once); returns (path, sha256). Large files go to S3 as
    multipart uploads (django-storages does so above its multipart threshold)."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = path_for(sha256, extension, folder)
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(data))
        if saved != path:  # a concurrent upload of the same bytes won the race
            default_storage.delete(saved)
    return path, sha256


def _report(*, path: str, sha256: str, problem: str, title: str, case=None) -> None:
    from yunting.ledger.services import record_event

    from .events import storage_damaged

    logger.error("e-file object %s: %s (expected %s)", path, problem, sha256)
    try:
        with transaction.atomic():
            record_event(storage_damaged(path=path, sha256=sha256, problem=problem, case=case))
    except Exception:  # the report must never hide the original problem
        logger.exception("could not record the storage incident")


def get(path: str, *, sha256: str, title: str = "", case=None) -> bytes:
    """The stored bytes, or a clear error (recorded) when they are missing or altered."""
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read()
    except (FileNotFoundError, OSError) as exc:
        _report(path=path, sha256=sha256, problem="missing", title=title, case=case)
        raise EfileError(EfileErrorCode.STORAGE_MISSING, title=title or path) from exc
    except Exception as exc:  # S3 "NoSuchKey" and friends
        if "NoSuchKey" in repr(exc) or "404" in repr(exc) or "Not Found" in repr(exc):
            _report(path=path, sha256=sha256, problem="missing", title=title, case=case)
            raise EfileError(EfileErrorCode.STORAGE_MISSING, title=title or path) from exc
        raise
    if hashlib.sha256(data).hexdigest() != sha256:
        _report(path=path, sha256=sha256, problem="hash mismatch", title=title, case=case)
        raise EfileError(EfileErrorCode.STORAGE_CORRUPT, title=title or path)
    return data


def item_bytes(item) -> bytes:
    return get(
        item.storage_path, sha256=item.sha256, title=item.title, case=item.volume.efile.case_id
    )
