"""People who log in, and the roles they hold (staff roles are per court)."""

from __future__ import annotations

import re
import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunting.rules.identity import check_citizen_id

from .errors import ID_CHECK_MESSAGES, OTHER_ID_MESSAGE, PHONE_MESSAGE
from .roles import STAFF_ROLES, Role

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
OTHER_ID_RE = re.compile(r"^[A-Za-z0-9]{5,20}$")


def normalize_phone(value: str) -> str:
    """Accept what people type (+86, spaces, dashes) and keep the 11 digits."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


class IdType(models.TextChoices):
    CITIZEN = "citizen", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PR = "foreign_pr", _("Foreign permanent resident ID card")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra: object) -> User:
        user = self.model(phone=normalize_phone(phone), **extra)
        if user.email:
            user.email = self.normalize_email(user.email).lower()
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("name", "Administrator")
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=11, unique=True)
    email = models.EmailField(_("email"), blank=True, default="")
    name = models.CharField(_("real name"), max_length=60)
    id_type = models.CharField(
        _("ID type"), max_length=16, choices=IdType.choices, default=IdType.CITIZEN
    )
    id_number = models.CharField(_("ID number"), max_length=20, blank=True, default="")
    real_name_verified_at = models.DateTimeField(_("real name verified at"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("Technical administrators only; court staff use the workbench."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="user_unique_email"
            ),
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~Q(id_number=""),
                name="user_unique_identity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        self.phone = normalize_phone(self.phone)
        if not PHONE_RE.match(self.phone):
            errors.setdefault("phone", []).append(PHONE_MESSAGE)
        self.email = (self.email or "").strip().lower()
        self.id_number = (self.id_number or "").strip().upper()
        if self.id_number:
            if self.id_type == IdType.CITIZEN:
                check = check_citizen_id(self.id_number)
                if not check.valid:
                    message = ID_CHECK_MESSAGES.get(check.code or "", check.reason)
                    errors.setdefault("id_number", []).append(message)
            elif not OTHER_ID_RE.match(self.id_number):
                errors.setdefault("id_number", []).append(OTHER_ID_MESSAGE)
        if errors:
            raise ValidationError(errors)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        """Shown on pages: enough to recognise, not enough to misuse."""
        n = self.id_number
        return f"{n[:3]}{'*' * (len(n) - 7)}{n[-4:]}" if len(n) > 7 else n


class RoleAssignment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    court = models.ForeignKey(
        "courts.Court",
        verbose_name=_("court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    department = models.ForeignKey(
        "courts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    is_division_head = models.BooleanField(_("head of division"), default=False)
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "court"],
                condition=Q(court__isnull=False),
                name="role_unique_per_court",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(court__isnull=True), name="role_unique_public"
            ),
            models.CheckConstraint(
                condition=Q(role__in=sorted(STAFF_ROLES), court__isnull=False)
                | (~Q(role__in=sorted(STAFF_ROLES)) & Q(court__isnull=True)),
                name="role_staff_needs_court",
            ),
        ]

    def __str__(self) -> str:
        where = f" @ {self.court}" if self.court_id else ""
        return f"{self.user.name}: {self.get_role_display()}{where}"

    def clean(self) -> None:
        if self.role in STAFF_ROLES and not self.court_id:
            raise ValidationError({"court": _("A staff role is held at a court: choose one.")})
        if self.role not in STAFF_ROLES and self.court_id:
            raise ValidationError({"court": _("This role is not tied to a court.")})
        if self.department_id and self.department.court_id != self.court_id:
            raise ValidationError({"department": _("The department belongs to another court.")})
