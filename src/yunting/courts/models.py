"""Courts, their departments and courtrooms: the organisation every case belongs to."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# 法院代字 (DOMAIN.md §2): 最高法; a province abbreviation (high court); + 2 digits
# (intermediate court); + 2 more digits (basic court).
PROVINCE_ABBREVIATIONS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵"
COURT_CODE_RE = re.compile(rf"^(最高法|[{PROVINCE_ABBREVIATIONS}](\d{{2}}(\d{{2}})?)?)$")


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", _("Supreme People's Court")
    HIGH = "high", _("High people's court")
    INTERMEDIATE = "intermediate", _("Intermediate people's court")
    BASIC = "basic", _("Basic people's court")


def court_level_for_code(code: str) -> CourtLevel:
    if code == "最高法":
        return CourtLevel.SUPREME
    return {1: CourtLevel.HIGH, 3: CourtLevel.INTERMEDIATE, 5: CourtLevel.BASIC}[len(code)]


class Court(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("court code"),
        max_length=10,
        unique=True,
        help_text=_("法院代字 used in case numbers, e.g. 沪0105."),
    )
    level = models.CharField(_("level"), max_length=16, choices=CourtLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The account court fees are paid into (诉讼费专户), printed on every payment notice.
    fee_account_name = models.CharField(
        _("fee account holder"),
        max_length=100,
        blank=True,
        help_text=_("Payee on payment notices; empty: the court's name."),
    )
    fee_bank = models.CharField(_("fee account bank"), max_length=100, blank=True)
    fee_account = models.CharField(_("fee account number"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("court")
        verbose_name_plural = _("courts")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not COURT_CODE_RE.match(self.code or ""):
            raise ValidationError(
                {"code": _("Court code must look like 最高法, 沪, 沪01 or 沪0105.")}
            )
        if self.level and self.level != court_level_for_code(self.code):
            raise ValidationError({"level": _("The level does not match the court code.")})
        if self.parent_id:
            expected = {
                CourtLevel.HIGH: CourtLevel.SUPREME,
                CourtLevel.INTERMEDIATE: CourtLevel.HIGH,
                CourtLevel.BASIC: CourtLevel.INTERMEDIATE,
            }.get(self.level)
            if self.parent.level != expected:
                raise ValidationError(
                    {"parent": _("The superior court must be one level above this court.")}
                )


class DepartmentKind(models.TextChoices):
    FILING = "filing", _("Case-filing division")
    CIVIL = "civil", _("Civil division")
    COMMERCIAL = "commercial", _("Commercial division")
    CRIMINAL = "criminal", _("Criminal division")
    ADMINISTRATIVE = "administrative", _("Administrative division")
    ENFORCEMENT = "enforcement", _("Enforcement bureau")
    IP = "ip", _("Intellectual property division")
    MEDIATION = "mediation", _("Mediation centre")
    SERVICE = "service", _("Service centre")
    FINANCE = "finance", _("Finance office")
    ADMIN = "admin", _("Administration office")


class Department(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices)

    class Meta:
        ordering = ["court__code", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.court.name} {self.name}"


class Courtroom(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="courtrooms"
    )
    name = models.CharField(_("name"), max_length=60)
    location = models.CharField(_("location"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), default=30)
    supports_online = models.BooleanField(_("equipped for online hearings"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["court__code", "name"]
        verbose_name = _("courtroom")
        verbose_name_plural = _("courtrooms")
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="courtroom_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.court.name} {self.name}"
