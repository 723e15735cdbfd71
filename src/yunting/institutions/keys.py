"""Institution API keys: made, rotated and revoked by services; checked on every request by
the authentication class (``Authorization: Key yt_<prefix>_<secret>``), the scope permission
and the per-key throttle; logged per key by :class:`KeyRequestLogMiddleware`."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from yunting.accounts.roles import Role
from yunting.ledger.services import record_event

from . import events
from .errors import InstitutionError, InstitutionErrorCode
from .models import ApiKey, KeyRequest, Scope

if TYPE_CHECKING:
    from yunting.accounts.models import User

KEYWORD = "Key"
SCOPE_VERBS = {
    Scope.READ: _("read"),
    Scope.FILE: _("file"),
    Scope.PAY: _("pay"),
    Scope.DEPOSIT: _("deposit"),
    "manage": _("manage keys and webhooks (log in as the person to do that)"),
}
PREFIX = "yt_"


def _hash(secret: str) -> str:
    # Keys are 256-bit random: a plain SHA-256 cannot be brute-forced, and it is one lookup.
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def ensure_institution(user: User) -> None:
    if not user.role_assignments.filter(role=Role.INSTITUTION).exists():
        raise InstitutionError(InstitutionErrorCode.NOT_INSTITUTION)


def _clean_scopes(scopes: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(scopes))
    if not chosen or any(s not in Scope.values for s in chosen):
        raise InstitutionError(InstitutionErrorCode.BAD_SCOPE, field="scopes")
    return chosen


@transaction.atomic
def key_create(
    *, user: User, name: str, scopes: Sequence[str], rate_per_minute: int = 600
) -> tuple[ApiKey, str]:
    """A new key and its secret, which is never shown again."""
    ensure_institution(user)
    prefix, secret = _new_secret()
    key = ApiKey(
        owner=user,
        name=name.strip(),
        prefix=prefix,
        key_hash=_hash(secret),
        scopes=_clean_scopes(scopes),
        rate_per_minute=rate_per_minute,
    )
    key.full_clean()
    key.save()
    record_event(events.key_created(key=key, actor=user))
    return key, secret


@transaction.atomic
def key_rotate(*, key: ApiKey, user: User) -> tuple[ApiKey, str]:
    """A new secret with the same name, scopes and limit; the old key stops working."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk, owner=user)
    if not key.is_active:
        raise InstitutionError(InstitutionErrorCode.KEY_REVOKED)
    prefix, secret = _new_secret()
    new = ApiKey.objects.create(
        owner=user,
        name=key.name,
        prefix=prefix,
        key_hash=_hash(secret),
        scopes=key.scopes,
        rate_per_minute=key.rate_per_minute,
    )
    key.revoked_at = timezone.now()
    key.replaced_by = new
    key.save(update_fields=["revoked_at", "replaced_by"])
    record_event(events.key_rotated(old=key, new=new, actor=user))
    return new, secret


@transaction.atomic
def key_revoke(*, key: ApiKey, user: User) -> ApiKey:
    key = ApiKey.objects.select_for_update().get(pk=key.pk, owner=user)
    if not key.is_active:
        raise InstitutionError(InstitutionErrorCode.KEY_REVOKED)
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    record_event(events.key_revoked(key=key, actor=user))
    return key


# --- per request ----------------------------------------------------------------------------


class InstitutionKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Key yt_…``: the key's owner, with the key as ``request.auth``."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed()
        try:
            secret = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed() from exc
        key = (
            ApiKey.objects.select_related("owner")
            .filter(key_hash=_hash(secret), revoked_at__isnull=True)
            .first()
        )
        if key is None or not key.owner.is_active:
            raise exceptions.AuthenticationFailed()
        request._request.yunting_api_key = key  # for the request log
        return key.owner, key

    def authenticate_header(self, request) -> str:
        return KEYWORD


def required_scope(request, view) -> str:
    """``view.key_scope`` if it names one (payments: ``pay``), else read for safe methods and
    file for the rest."""
    declared = getattr(view, "key_scope", None)
    if declared:
        return declared
    return Scope.READ if request.method in permissions.SAFE_METHODS else Scope.FILE


class KeyScope(permissions.BasePermission):
    """A request made with an institution key needs the key's scope; other logins pass."""

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, ApiKey):
            return True
        scope = required_scope(request, view)
        if scope not in request.auth.scopes:
            raise InstitutionError(
                InstitutionErrorCode.OUT_OF_SCOPE, scope=SCOPE_VERBS.get(scope, scope)
            )
        return True


class KeyRateThrottle(throttling.SimpleRateThrottle):
    """Each key's own requests-per-minute (``ApiKey.rate_per_minute``)."""

    scope = "institution_key"

    def allow_request(self, request, view) -> bool:
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        self.num_requests, self.duration = key.rate_per_minute, 60
        self.key = f"throttle_key_{key.id}"
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def get_rate(self):  # the rate is per key, set in allow_request
        return None

    def get_cache_key(self, request, view):  # pragma: no cover - allow_request sets it
        return None


class KeyRequestLogMiddleware:
    """One ``KeyRequest`` per request authenticated by a key, with the status answered."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        key = getattr(request, "yunting_api_key", None)
        if key is not None:
            now = timezone.now()
            KeyRequest.objects.create(
                key=key,
                method=request.method[:8],
                path=request.path[:300],
                status=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000),
            )
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return response


class InstitutionKeyScheme(OpenApiAuthenticationExtension):
    """The key in the OpenAPI schema: ``Authorization: Key yt_…``."""

    target_class = InstitutionKeyAuthentication
    name = "institutionKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Key yt_<prefix>_<secret>`: an institution key (scopes read/file/pay).",
        }
