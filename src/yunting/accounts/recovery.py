"""Codes sent by SMS or e-mail: password reset (忘记密码) and proof of a phone at registration.

Nothing here tells a caller whether an account exists. A request always answers the same words
and leaves the same kind of state in the caller's session; when there is no account (or, at
registration, when the phone already has one) no usable code exists, so every code entered is
"wrong or expired" — exactly what a mistyped code gives. Requests are limited per address and
per name typed (not per account), codes expire after ``CODE_TTL_SECONDS`` and allow
``MAX_TRIES`` attempts; every completed reset is recorded in the ledger.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from yunting.core import ratelimit
from yunting.ledger.services import record_event
from yunting.notify.services import notice_send_email, notice_send_sms

from .errors import AccountError, AccountErrorCode
from .events import password_reset
from .lockout import lockout_ident
from .models import User, normalize_phone

CODE_TTL_SECONDS = 10 * 60
MAX_TRIES = 5
REQUESTS_PER_NAME_PER_HOUR = 3
REQUESTS_PER_ADDRESS_PER_HOUR = 10

SENT = gettext_lazy(
    "If an account exists for %(target)s, a 6-digit code has been sent to it. It is valid for "
    "10 minutes."
)

# What is sent, always in Chinese (the person may read it anywhere, logged in or not).
RESET_CODE_SUBJECT = gettext_noop("Your Yunting password reset code")
RESET_CODE_TEXT = gettext_noop(
    "[Yunting] Your password reset code is %(code)s, valid for 10 minutes. If you did not ask "
    "for it, ignore this message; nobody from the court will ask you for it."
)
RESET_DONE_SUBJECT = gettext_noop("Your Yunting password was reset")
RESET_DONE_TEXT = gettext_noop(
    "[Yunting] %(name)s, the password of your account was reset with a code sent to you. If "
    "this was not you, contact the court at once."
)
REGISTER_TAKEN_TEXT = gettext_noop(
    "[Yunting] Someone tried to create an account with this number, which already has one. "
    "To recover it use “Forgot password” on the log-in page; otherwise ignore this."
)
REGISTER_CODE_TEXT = gettext_noop(
    "[Yunting] Your registration code is %(code)s, valid for 10 minutes."
)


@dataclass
class PendingCode:
    """What the caller's session keeps between asking for a code and entering it."""

    purpose: str  # "reset" or "register"
    target: str  # the phone or e-mail typed (normalised)
    user_id: str | None
    digest: str
    salt: str
    expires: float
    tries: int = 0
    payload: dict | None = None  # registration: the form's data, the password hashed

    def as_session(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def from_session(cls, data: dict | None, purpose: str) -> PendingCode | None:
        if not data or data.get("purpose") != purpose:
            return None
        return cls(**data)


def _digest(code: str, salt: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{salt}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _new_code() -> tuple[str, str, str]:
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    return code, salt, _digest(code, salt)


def normalise_target(value: str) -> str:
    value = (value or "").strip()
    return value.lower() if "@" in value else normalize_phone(value)


def masked(target: str) -> str:
    if "@" in target:
        name, _at, domain = target.partition("@")
        return f"{name[:2]}***@{domain}"
    return f"{target[:3]}****{target[-4:]}" if len(target) == 11 else target


def _limit(scope: str, target: str, client: str) -> None:
    name_scope, address_scope = f"code-{scope}-name", f"code-{scope}-address"
    if ratelimit.limit_reached(
        name_scope, lockout_ident(target), limit=REQUESTS_PER_NAME_PER_HOUR, window=3600
    ) or ratelimit.limit_reached(
        address_scope, client, limit=REQUESTS_PER_ADDRESS_PER_HOUR, window=3600
    ):
        raise AccountError(AccountErrorCode.RATE_LIMITED)
    ratelimit.count(name_scope, lockout_ident(target), window=3600)
    ratelimit.count(address_scope, client, window=3600)


def _find(target: str) -> User | None:
    if "@" in target:
        return User.objects.filter(email=target).first()
    return User.objects.filter(phone=target).first()


def _zh(text: str, **params: str) -> str:
    with translation.override("zh-hans"):
        return _(text) % params if params else _(text)


def _send(user: User, target: str, *, subject: str, body: str) -> None:
    if "@" in target:
        notice_send_email(address=user.email, subject=subject, body=body)
    else:
        notice_send_sms(phone=user.phone, text=body)


# --- password reset -------------------------------------------------------------------------


@transaction.atomic
def password_reset_request(*, identifier: str, client: str) -> PendingCode:
    """Send a reset code to the account's phone or e-mail (whichever was typed), if any."""
    target = normalise_target(identifier)
    _limit("reset", target, client)
    code, salt, digest = _new_code()
    user = _find(target)
    if user is None or not user.is_active:
        # the same state as for a real account; no code exists that could match
        _, salt, digest = _new_code()
        return PendingCode("reset", target, None, digest, salt, time.time() + CODE_TTL_SECONDS)
    body = _zh(RESET_CODE_TEXT, code=code)
    _send(user, target, subject=_zh(RESET_CODE_SUBJECT), body=body)
    return PendingCode("reset", target, str(user.id), digest, salt, time.time() + CODE_TTL_SECONDS)


def _check(pending: PendingCode, code: str) -> None:
    if pending.tries >= MAX_TRIES:
        raise AccountError(AccountErrorCode.TOO_MANY_TRIES)
    pending.tries += 1
    good = hmac.compare_digest(_digest((code or "").strip(), pending.salt), pending.digest)
    if not good or time.time() > pending.expires or pending.user_id is None:
        raise AccountError(AccountErrorCode.WRONG_CODE)


@transaction.atomic
def password_reset_confirm(*, pending: PendingCode, code: str, new_password: str) -> User:
    """Set the new password once the code matches; recorded, and the owner is told."""
    _check(pending, code)
    user = User.objects.select_for_update().get(pk=pending.user_id)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    channel = "email" if "@" in pending.target else "sms"
    record_event(password_reset(user=user, channel=channel))
    body = _zh(RESET_DONE_TEXT, name=user.name)
    _send(user, pending.target, subject=_zh(RESET_DONE_SUBJECT), body=body)
    pending.user_id = None  # a code is good once
    transaction.on_commit(lambda: _unlock(user))
    return user


def _unlock(user: User) -> None:
    from axes.utils import reset

    reset(username=user.phone)
    if user.email:
        reset(username=user.email)


# --- registration: prove the phone first ----------------------------------------------------


@transaction.atomic
def registration_start(*, data: dict, password: str, client: str) -> PendingCode:
    """Send a code to the phone being registered. If the phone already has an account, its
    owner gets a warning instead, and the page says the same as for a new number."""
    target = normalize_phone(data["phone"])
    _limit("register", target, client)
    code, salt, digest = _new_code()
    existing = User.objects.filter(phone=target).first()
    payload = {
        "name": data["name"],
        "phone": target,
        "email": (data.get("email") or "").lower(),
        "id_type": data["id_type"],
        "id_number": data["id_number"],
        "password_hash": make_password(password),
    }
    if existing is not None:
        notice_send_sms(phone=target, text=_zh(REGISTER_TAKEN_TEXT))
        _, salt, digest = _new_code()
        return PendingCode(
            "register", target, None, digest, salt, time.time() + CODE_TTL_SECONDS, 0, payload
        )
    notice_send_sms(phone=target, text=_zh(REGISTER_CODE_TEXT, code=code))
    return PendingCode(
        "register", target, "new", digest, salt, time.time() + CODE_TTL_SECONDS, 0, payload
    )


def registration_confirm(*, pending: PendingCode, code: str) -> User:
    from .services import user_register

    _check(pending, code)
    data = dict(pending.payload or {})
    pending.user_id = None
    return user_register(
        phone=data["phone"],
        password_hash=data["password_hash"],
        name=data["name"],
        email=data["email"],
        id_type=data["id_type"],
        id_number=data["id_number"],
    )
