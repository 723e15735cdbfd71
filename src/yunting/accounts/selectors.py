"""Reads about people and their roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RoleAssignment, User
from .roles import STAFF_ROLES

if TYPE_CHECKING:
    from yunting.courts.models import Court


def _assignments(user: User) -> list[RoleAssignment]:
    # Cached on the instance: the layout asks several times per request.
    cached = getattr(user, "_yt_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).select_related("court", "department")
        )
        user._yt_roles = cached
    return cached


def user_roles(*, user: User) -> frozenset[str]:
    return frozenset(a.role for a in _assignments(user))


def user_staff_assignments(*, user: User) -> list[RoleAssignment]:
    return [a for a in _assignments(user) if a.role in STAFF_ROLES]


def user_is_staff_member(*, user: User) -> bool:
    return bool(user_staff_assignments(user=user))


def user_home_court(*, user: User) -> Court | None:
    staff = user_staff_assignments(user=user)
    return staff[0].court if staff else None


def user_courts_with_role(*, user: User, roles: set[str] | frozenset[str]) -> list[Court]:
    return [a.court for a in _assignments(user) if a.role in roles and a.court is not None]


def user_has_confirmed_totp(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def court_staff(*, court: Court) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(court=court)
        .select_related("user", "department")
        .order_by("role", "user__name")
    )


def user_totp_device_pending(*, user: User) -> TOTPDevice | None:
    """The authenticator being set up and not yet confirmed, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def user_totp_devices(*, user: User) -> QuerySet[TOTPDevice]:
    """The user's confirmed authenticators."""
    return TOTPDevice.objects.filter(user=user, confirmed=True)
