"""A cap on failed log-ins per account, whatever address they come from.

django-axes locks an (account, address) pair after AXES_FAILURE_LIMIT failures; someone rotating
addresses would never reach it. This counter is keyed by the account name as typed (normalised,
hashed), not by whether the account exists, so it reveals nothing, and it holds the account for
the same cool-off once ``YUNTING_ACCOUNT_FAILURE_CAP`` failures arrived from anywhere.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

from yunting.core import ratelimit

from .models import normalize_phone

SCOPE = "login-account"


def _window() -> int:
    return int(float(settings.AXES_COOLOFF_TIME) * 3600)


def lockout_ident(username: str) -> str:
    username = (username or "").strip()
    name = username.lower() if "@" in username else normalize_phone(username)
    return hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:32]


def account_held(username: str) -> bool:
    return ratelimit.limit_reached(
        SCOPE, lockout_ident(username), limit=settings.YUNTING_ACCOUNT_FAILURE_CAP, window=_window()
    )


def account_failed(username: str) -> None:
    ratelimit.count(SCOPE, lockout_ident(username), window=_window())
