"""Writes to the court organisation (used by the demo loader and the admin tools)."""

from __future__ import annotations

from django.db import transaction

from .models import Court, Courtroom, Department, court_level_for_code


@transaction.atomic
def court_ensure(*, code: str, name: str, parent: Court | None = None, **extra: str) -> Court:
    """Create the court, or bring an existing one with this code up to date (idempotent)."""
    court = Court.objects.filter(code=code).first() or Court(code=code)
    court.name = name
    court.parent = parent
    court.level = court_level_for_code(code)
    for field, value in extra.items():
        setattr(court, field, value)
    court.full_clean()
    court.save()
    return court


@transaction.atomic
def department_ensure(*, court: Court, name: str, kind: str) -> Department:
    dept = Department.objects.filter(court=court, name=name).first() or Department(
        court=court, name=name
    )
    dept.kind = kind
    dept.full_clean()
    dept.save()
    return dept


@transaction.atomic
def courtroom_ensure(
    *, court: Court, name: str, location: str = "", supports_online: bool = True
) -> Courtroom:
    room = Courtroom.objects.filter(court=court, name=name).first() or Courtroom(
        court=court, name=name
    )
    room.location = location
    room.supports_online = supports_online
    room.full_clean()
    room.save()
    return room
