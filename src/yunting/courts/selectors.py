"""Reads of the court organisation."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from .models import Court, Courtroom, Department


def site_court() -> Court | None:
    """The court named on pages seen before anyone logs in (configurable per deployment)."""
    code = settings.YUNTING_SITE_COURT_CODE
    qs = Court.objects.filter(is_active=True)
    if code:
        return qs.filter(code=code).first()
    return qs.order_by("level", "code").filter(level="basic").first() or qs.first()


def court_list(*, active_only: bool = True) -> QuerySet[Court]:
    qs = Court.objects.select_related("parent")
    return qs.filter(is_active=True) if active_only else qs


def court_departments(*, court: Court) -> QuerySet[Department]:
    return Department.objects.filter(court=court).order_by("name")


def court_courtrooms(*, court: Court) -> QuerySet[Courtroom]:
    return Courtroom.objects.filter(court=court, is_active=True).order_by("name")
