"""Writes about people: registration, profile, roles, two-factor devices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from yunting.core.tasks import enqueue_on_commit, send_email
from yunting.ledger.services import record_event

from . import events
from .errors import AccountError, AccountErrorCode
from .models import RoleAssignment, User
from .roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from yunting.courts.models import Court, Department


@transaction.atomic
def user_register(
    *,
    phone: str,
    password: str = "",
    password_hash: str = "",
    name: str,
    email: str = "",
    id_type: str = "citizen",
    id_number: str = "",
) -> User:
    """Create a litigant account; further roles are granted by the court."""
    user = User(phone=phone, email=email, name=name, id_type=id_type, id_number=id_number)
    if password_hash:  # hashed when the registration began (recovery.registration_start)
        user.password = password_hash
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        user.save()
    except IntegrityError as exc:  # a concurrent registration with the same phone or ID
        raise AccountError(AccountErrorCode.ACCOUNT_EXISTS) from exc
    assignment = RoleAssignment(user=user, role=Role.LITIGANT)
    assignment.full_clean()
    assignment.save()
    record_event(
        events.account_registered(user=user, id_type=id_type, has_id_number=bool(id_number))
    )
    return user


@transaction.atomic
def user_update_profile(*, user: User, name: str, email: str) -> User:
    user.name = name
    user.email = email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "email"])
    record_event(events.profile_updated(user=user))
    return user


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> User:
    """Change the password and tell the owner by email, so a stolen session cannot do it
    unnoticed."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_event(events.password_changed(user=user))
    if user.email:
        when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        with translation.override("zh-hans"):
            subject = _("Your Yunting password was changed")
            body = _(
                "%(name)s, the password of your account was changed at %(when)s (Beijing "
                "time). If this was not you, contact the court at once."
            ) % {"name": user.name, "when": when}
        enqueue_on_commit(send_email, to=[user.email], subject=subject, body=body)
    return user


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: str,
    court: Court | None = None,
    department: Department | None = None,
    is_division_head: bool = False,
) -> RoleAssignment:
    """Grant a role (idempotent): staff roles at a court, public roles without one."""
    if role not in STAFF_ROLES:
        court = None
    assignment = RoleAssignment.objects.filter(user=user, role=role, court=court).first()
    if assignment is None:
        assignment = RoleAssignment(user=user, role=role, court=court)
    assignment.department = department
    assignment.is_division_head = is_division_head
    assignment.full_clean()
    assignment.save()
    user.__dict__.pop("_yt_roles", None)
    record_event(
        events.role_granted(
            user=user,
            role=role,
            court=court,
            department=department,
            is_division_head=is_division_head,
        )
    )
    return assignment


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator; it counts only once the person proves it works."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> TOTPDevice | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(events.totp_enabled(user=user))
    return device


@transaction.atomic
def api_token_issue(*, user: User) -> Token:
    """The person's API token (one per account; issued once, then returned again)."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        record_event(events.api_token_issued(user=user))
    return token
