"""The accounts app's ledger events and their constructors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class AccountEvent(EventType):
    REGISTERED = "accounts.registered", _("Account registered")
    PROFILE_UPDATED = "accounts.profile_updated", _("Account details changed")
    PASSWORD_CHANGED = "accounts.password_changed", _("Password changed")
    PASSWORD_RESET = "accounts.password_reset", _("Password reset with a code")
    ROLE_GRANTED = "accounts.role_granted", _("Role granted")
    TOTP_ENABLED = "accounts.totp_enabled", _("Two-factor authentication enabled")
    API_TOKEN_ISSUED = "accounts.api_token_issued", _("API token issued")


# --- one constructor per event: the payload's shape is written here once -------------------


def _about(user: Any) -> dict[str, str]:
    return {"user": str(user.id)}


def account_registered(*, user: Any, id_type: str, has_id_number: bool) -> Record:
    payload = {**_about(user), "id_type": id_type, "has_id_number": has_id_number}
    return Record(AccountEvent.REGISTERED, payload, actor=user)


def profile_updated(*, user: Any) -> Record:
    return Record(AccountEvent.PROFILE_UPDATED, _about(user), actor=user)


def password_changed(*, user: Any) -> Record:
    return Record(AccountEvent.PASSWORD_CHANGED, _about(user), actor=user)


def password_reset(*, user: Any, channel: str) -> Record:
    """A password set with a one-time code sent by ``channel`` (``"sms"`` or ``"email"``)."""
    return Record(AccountEvent.PASSWORD_RESET, {**_about(user), "channel": channel}, actor=user)


def role_granted(
    *, user: Any, role: str, court: Any, department: Any, is_division_head: bool
) -> Record:
    payload = {
        **_about(user),
        "role": role,
        "department": str(department.id) if department else None,
        "division_head": is_division_head,
    }
    return Record(AccountEvent.ROLE_GRANTED, payload, court=court)


def totp_enabled(*, user: Any) -> Record:
    return Record(AccountEvent.TOTP_ENABLED, _about(user), actor=user)


def api_token_issued(*, user: Any) -> Record:
    return Record(AccountEvent.API_TOKEN_ISSUED, _about(user), actor=user)
