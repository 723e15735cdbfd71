"""Idempotency keys on every create (``POST`` with an ``Idempotency-Key`` header): the first
successful answer is kept; the same key with the same body gets it again, nothing is done
twice; the same key with another body is a 422. Used by ``core.api.ApiView``."""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from rest_framework.response import Response

from .errors import InstitutionError, InstitutionErrorCode
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"


class Replay(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _body_hash(request) -> str:
    digest = hashlib.sha256()
    content_type = request.content_type or ""
    if content_type.startswith("multipart/") or content_type.startswith(
        "application/x-www-form-urlencoded"
    ):
        fields = sorted((k, v) for k, v in request.data.items() if not hasattr(v, "read"))
        digest.update(json.dumps(fields, ensure_ascii=False, default=str).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(name.encode() + b"\0")
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request._request.body)
    digest.update(request.method.encode() + request.path.encode())
    return digest.hexdigest()


def begin(request) -> IdempotencyRecord | None:
    """Before the view runs: raise :class:`Replay` with the first answer, refuse a reused key,
    or hold the key (in flight) and return its record."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return None
    if len(key) > 200:
        raise InstitutionError(InstitutionErrorCode.IDEMPOTENCY_REUSED, field=HEADER)
    body_hash = _body_hash(request)
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                owner=request.user,
                key=key,
                method=request.method,
                path=request.path[:300],
                body_hash=body_hash,
            )
    except IntegrityError:
        pass
    first = IdempotencyRecord.objects.get(owner=request.user, key=key)
    if first.body_hash != body_hash:
        raise InstitutionError(InstitutionErrorCode.IDEMPOTENCY_REUSED)
    if first.status is None:
        raise InstitutionError(InstitutionErrorCode.IDEMPOTENCY_IN_FLIGHT)
    response = Response(first.response, status=first.status)
    response["Idempotent-Replayed"] = "true"
    raise Replay(response)


def finish(record: IdempotencyRecord, response) -> None:
    """Keep a successful answer; forget the key otherwise, so the client may try again."""
    if 200 <= response.status_code < 300 and isinstance(response, Response):
        record.status = response.status_code
        record.response = json.loads(json.dumps(response.data, default=str))
        record.save(update_fields=["status", "response"])
    else:
        record.delete()
