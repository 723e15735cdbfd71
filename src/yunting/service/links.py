"""Signed, expiring, single-recipient links carried by SMS and e-mail, and the identity check
(an SMS code, or the last 6 digits of the recipient's ID number) before the document shows.

A link is ``/s/<key>.<sig>``: ``key`` is random and names one attempt; ``sig`` is an HMAC of
the key, the attempt and its expiry under the site's secret, so a changed character, another
attempt's key or an extended expiry all fail. Short enough for one 70-character SMS."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yunting.ledger.services import record_event
from yunting.notify.services import notice_send_sms

from . import events
from .errors import ServiceError, ServiceErrorCode
from .models import ServiceAttempt

MAX_IDENTITY_FAILURES = 5
CODE_TTL = dt.timedelta(minutes=10)


def link_days() -> int:
    return int(getattr(settings, "YUNTING_SERVICE_LINK_DAYS", 15))


def _sig(key: str, attempt_id, expires_at: dt.datetime) -> str:
    message = f"service-link|{key}|{attempt_id}|{int(expires_at.timestamp())}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:10]


def link_issue(attempt: ServiceAttempt) -> str:
    """Give the attempt a fresh key and expiry (saved by the caller); returns the token."""
    attempt.link_key = secrets.token_urlsafe(8)
    attempt.link_expires_at = timezone.now() + dt.timedelta(days=link_days())
    return link_token(attempt)


def link_token(attempt: ServiceAttempt) -> str:
    return f"{attempt.link_key}.{_sig(attempt.link_key, attempt.id, attempt.link_expires_at)}"


def link_url(attempt: ServiceAttempt) -> str:
    return settings.YUNTING_SITE_URL + reverse("service_link:open", args=[link_token(attempt)])


def link_resolve(token: str, *, now: dt.datetime | None = None) -> ServiceAttempt:
    """The attempt a link names, or a clear refusal (altered, unknown, expired, locked)."""
    key, _, sig = (token or "").partition(".")
    attempt = (
        ServiceAttempt.objects.select_related("task__party", "task__document", "task__case")
        .filter(link_key=key)
        .first()
        if key and sig
        else None
    )
    if attempt is None or not hmac.compare_digest(
        _sig(key, attempt.id, attempt.link_expires_at), sig
    ):
        raise ServiceError(ServiceErrorCode.LINK_INVALID)
    if (now or timezone.now()) >= attempt.link_expires_at:
        raise ServiceError(ServiceErrorCode.LINK_EXPIRED)
    if attempt.locked:
        raise ServiceError(ServiceErrorCode.LINK_LOCKED)
    return attempt


def _code_hash(attempt: ServiceAttempt, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{attempt.id}|{code}".encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def link_send_code(*, attempt: ServiceAttempt) -> None:
    """Text a 6-digit code to the recipient's confirmed mobile (never to a number typed in)."""
    from .addresses import party_addresses

    mobile = party_addresses(party=attempt.task.party).get("sms")
    if mobile is None:
        raise ServiceError(ServiceErrorCode.NO_MOBILE)
    code = f"{secrets.randbelow(10**6):06d}"
    ServiceAttempt.objects.filter(pk=attempt.pk).update(
        sms_code_hash=f"{int((timezone.now() + CODE_TTL).timestamp())}:{_code_hash(attempt, code)}"
    )
    notice_send_sms(
        phone=mobile.value, text=f"【{attempt.task.court.name}】送达验证码{code}，10分钟内有效。"
    )


def _expected(attempt: ServiceAttempt, method: str, code: str) -> bool:
    if method == "id6":
        id_number = attempt.task.party.id_number or ""
        return len(id_number) >= 6 and hmac.compare_digest(
            id_number[-6:].upper(), code.strip().upper()
        )
    if method == "sms":
        stored = attempt.sms_code_hash
        if not stored:
            raise ServiceError(ServiceErrorCode.CODE_NOT_SENT)
        expires, _, digest = stored.partition(":")
        if timezone.now().timestamp() > int(expires):
            return False
        return hmac.compare_digest(digest, _code_hash(attempt, code.strip()))
    return False


def link_verify(*, attempt: ServiceAttempt, method: str, code: str) -> ServiceAttempt:
    """Check the code. A wrong one counts (committed even though the call refuses); the fifth
    locks the link. The first success records the opening."""
    with transaction.atomic(durable=True):
        attempt = ServiceAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.locked:
            raise ServiceError(ServiceErrorCode.LINK_LOCKED)
        ok = _expected(attempt, method, code)
        if not ok:
            attempt.identity_failures += 1
            attempt.save(update_fields=["identity_failures"])
            if attempt.locked:
                record_event(events.link_locked(attempt=attempt))
        elif attempt.opened_at is None:
            attempt.opened_at = timezone.now()
            attempt.save(update_fields=["opened_at"])
            record_event(events.link_opened(attempt=attempt, method=method))
    if not ok:
        if attempt.locked:
            raise ServiceError(ServiceErrorCode.LINK_LOCKED)
        left = MAX_IDENTITY_FAILURES - attempt.identity_failures
        raise ServiceError(ServiceErrorCode.WRONG_IDENTITY, field="code", left=left)
    return attempt
