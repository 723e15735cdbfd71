"""Bounce mailbox: a delivery status notification (RFC 3464) that names one of our attempts
marks it bounced, and the task falls back to the next channel."""

from __future__ import annotations

import email
import re
from email.message import Message

from .channels import ATTEMPT_HEADER
from .models import AttemptStatus, ServiceAttempt

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _attempt_id(message: Message) -> str | None:
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/rfc822-headers", "text/rfc822-headers"):
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message) and inner.get(ATTEMPT_HEADER):
                return inner.get(ATTEMPT_HEADER).strip()
            text = part.as_string()
            found = re.search(rf"{ATTEMPT_HEADER}:\s*({_UUID.pattern})", text, re.I)
            if found:
                return found.group(1)
    return None


def _is_permanent(message: Message) -> bool:
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            text = part.as_string()
            if re.search(r"Action:\s*failed", text, re.I) or re.search(r"Status:\s*5\.", text):
                return True
    return False


def bounce_process(raw: bytes) -> ServiceAttempt | None:
    """Apply one message from the bounce mailbox; returns the attempt it bounced, if any."""
    from .services import attempt_failed

    message = email.message_from_bytes(raw)
    attempt_id = _attempt_id(message)
    if not attempt_id or not _is_permanent(message):
        return None
    attempt = ServiceAttempt.objects.filter(pk=attempt_id, channel="email").first()
    if attempt is None:
        return None
    return attempt_failed(
        attempt=attempt, status=AttemptStatus.BOUNCED, error="DSN: delivery failed", actor=None
    )
