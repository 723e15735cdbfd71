"""Payment providers: how money reaches the court, behind one small interface.

Two kinds exist. The **counter** (bank transfer / 窗口) has no protocol: a finance officer sees
the money on the court's account and confirms it by the order's reference and the amount.
An **online** provider follows the usual Chinese payment-gateway pattern: the platform creates a
payment with a unique number (``out_trade_no``) and amount, sends the payer to the provider,
and the provider later calls back, server to server, with a signed notification.

Notification protocol (version 1), form-encoded POST to ``/fees/callback/<provider>/``:

``out_trade_no, transaction_id, amount ("3300.00"), currency ("CNY"), status ("SUCCESS" or
"FAILED"), paid_at (ISO 8601), nonce, sign_type ("HMAC-SHA256"), sign``

The canonical string is every parameter except ``sign`` whose value is not empty, sorted by
name (byte order), written ``name=value`` and joined with ``&``; ``sign`` is the lower-case hex
HMAC-SHA256 of its UTF-8 bytes under the provider's key. The platform answers ``success``
(HTTP 200) once the notification is applied or was already applied, and ``fail: <code>`` with
HTTP 400 otherwise, so a provider keeps retrying only what may still succeed.

Keys: ``settings.YUNTING_PAYMENT_KEYS[code]`` or the environment variable
``YUNTING_PAYMENT_KEY_<CODE>``; in development a random key is generated once under
``KEYS_DIR/payments/`` (mode 0600), next to the ledger's keys and away from the database.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Provider

SIGN_TYPE = "HMAC-SHA256"
CURRENCY = "CNY"


@dataclass(frozen=True)
class PaymentProvider:
    """A channel by which a fee can be paid."""

    code: str
    label: Promise
    online: bool  # True: a signed callback confirms; False: a finance officer confirms

    def enabled(self) -> bool:
        if self.code == Provider.TEST:
            return test_provider_enabled()
        return True


PROVIDERS: dict[str, PaymentProvider] = {
    Provider.COUNTER: PaymentProvider(Provider.COUNTER, _("Bank transfer / counter"), False),
    Provider.TEST: PaymentProvider(Provider.TEST, _("Test provider (no real money)"), True),
}


def provider_get(code: str) -> PaymentProvider | None:
    provider = PROVIDERS.get(code)
    return provider if provider is not None and provider.enabled() else None


def test_provider_enabled() -> bool:
    """The test channel moves no money, so it must never be on in production by default."""
    default = not getattr(settings, "PRODUCTION", False)
    return bool(getattr(settings, "YUNTING_TEST_PAYMENTS", default))


# --- keys ---------------------------------------------------------------------------------


def _key_file(code: str) -> Path:
    return Path(settings.KEYS_DIR) / "payments" / f"{code}.key"


def provider_key(code: str) -> bytes:
    """The shared HMAC key of ``code`` (configured, or generated once for development)."""
    configured = getattr(settings, "YUNTING_PAYMENT_KEYS", {}).get(code) or os.environ.get(
        f"YUNTING_PAYMENT_KEY_{code.upper()}"
    )
    if configured:
        return configured.encode()
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(f"Set YUNTING_PAYMENT_KEY_{code.upper()} in production.")
    path = _key_file(code)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first; read theirs
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


# --- signing --------------------------------------------------------------------------------


def canonical_string(params: Mapping[str, str]) -> str:
    """``a=1&b=2``: non-empty parameters except ``sign``, sorted by name."""
    items = sorted(
        (str(k), str(v)) for k, v in params.items() if k != "sign" and v not in (None, "")
    )
    return "&".join(f"{k}={v}" for k, v in items)


def sign(params: Mapping[str, str], *, key: bytes) -> str:
    return hmac.new(key, canonical_string(params).encode(), hashlib.sha256).hexdigest()


def signature_valid(params: Mapping[str, str], *, key: bytes) -> bool:
    given = str(params.get("sign") or "")
    if params.get("sign_type") != SIGN_TYPE or not given:
        return False
    return hmac.compare_digest(sign(params, key=key), given.lower())


def notification_for(
    *,
    out_trade_no: str,
    transaction_id: str,
    amount: str,
    paid_at: str,
    status: str = "SUCCESS",
    currency: str = CURRENCY,
    key: bytes,
) -> dict[str, str]:
    """A signed notification as the provider sends it (used by the test provider and tests)."""
    params = {
        "out_trade_no": out_trade_no,
        "transaction_id": transaction_id,
        "amount": amount,
        "currency": currency,
        "status": status,
        "paid_at": paid_at,
        "nonce": secrets.token_hex(8),
        "sign_type": SIGN_TYPE,
    }
    params["sign"] = sign(params, key=key)
    return params
