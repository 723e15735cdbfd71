"""The people the judgments loop needs beyond the base demo: a third judge for a panel, the
president who approves extensions, and the intermediate court's filing officer and judge (so
an appeal can be docketed as 民终). Idempotent; used by the demo and the tests."""

from __future__ import annotations

from django.db import transaction

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.services import role_grant
from yunting.courts.models import Court, Department

from .models import CourtPresident

# role, phone, name, court code, department, division head?, president?
PEOPLE = [
    (Role.JUDGE, "13900000023", "陈法官", "沪0105", "民事审判第一庭", False, False),
    (Role.JUDGE, "13900000024", "王院长", "沪0105", "办公室", False, True),
    (Role.FILING_OFFICER, "13900000025", "高立案", "沪01", "立案庭", False, False),
    (Role.JUDGE, "13900000026", "许法官", "沪01", "民事审判第一庭", True, False),
]


@transaction.atomic
def ensure_judgment_people(password: str) -> list[tuple[str, str, str, str]]:
    """Create (or find) each person; (role label, phone, name, court name) for the listing."""
    rows = []
    for role, phone, name, code, dept, head, president in PEOPLE:
        court = Court.objects.get(code=code)
        user = User.objects.filter(phone=phone).first() or User.objects.create_user(
            phone, password, name=name, email=f"{phone}@demo.yunting.invalid"
        )
        role_grant(
            user=user,
            role=role,
            court=court,
            department=Department.objects.filter(court=court, name=dept).first(),
            is_division_head=head,
        )
        if president:
            CourtPresident.objects.get_or_create(court=court, user=user)
        rows.append((str(Role(role).label), phone, name, court.name))
    return rows
