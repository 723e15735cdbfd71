"""SMS through a provider's HTTP API, behind one small protocol.

Protocol (version 1): ``POST <YUNTING_SMS_URL>`` with a JSON body
``{"to": "13900000001", "text": "…", "nonce": "<hex>", "timestamp": <unix seconds>}`` and the
header ``X-Yunting-Signature: <hex HMAC-SHA256 of the exact body bytes under the shared key>``.
The provider answers 200 with ``{"ok": true, "id": "<message id>"}``; anything else is a
failure (the task is retried by the worker's policy, never silently dropped).

A gateway of a real operator (阿里云短信, 腾讯云短信, an operator's own) is reached through a
small relay speaking this protocol, so the platform holds one key and one URL. For development
and tests, ``notify/testprovider.py`` is a clearly labelled local test provider that sends no
real message: it checks the signature and keeps what it received.

Key: ``settings.YUNTING_SMS_KEY`` or the environment variable ``YUNTING_SMS_KEY``; in
development a random key is generated once under ``KEYS_DIR/sms/`` (mode 0600).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIGNATURE_HEADER = "X-Yunting-Signature"
TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """The provider did not accept the message."""


def sms_key() -> bytes:
    configured = getattr(settings, "YUNTING_SMS_KEY", "") or os.environ.get("YUNTING_SMS_KEY")
    if configured:
        return configured.encode()
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("Set YUNTING_SMS_KEY in production.")
    path = Path(settings.KEYS_DIR) / "sms" / "provider.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def signature(body: bytes, *, key: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def sms_send(*, to: str, text: str) -> str:
    """Hand one message to the provider; returns its message id or raises ``SmsError``."""
    url = getattr(settings, "YUNTING_SMS_URL", "")
    if not url:
        raise ImproperlyConfigured("Set YUNTING_SMS_URL (see docs/operations.md).")
    body = json.dumps(
        {"to": to, "text": text, "nonce": secrets.token_hex(8), "timestamp": int(time.time())},
        ensure_ascii=False,
    ).encode()
    if not url.startswith(("http://", "https://")):
        raise ImproperlyConfigured("YUNTING_SMS_URL must be an http(s) URL.")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: signature(body, key=sms_key()),
        },
    )
    try:
        timeout = float(getattr(settings, "YUNTING_SMS_TIMEOUT", TIMEOUT_SECONDS))
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = json.loads(response.read(65536).decode())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SmsError(f"SMS provider unreachable or refused: {exc}") from exc
    if not isinstance(answer, dict) or answer.get("ok") is not True:
        raise SmsError(f"SMS provider refused the message: {answer!r}")
    return str(answer.get("id", ""))
