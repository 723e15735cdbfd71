from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from yunting.accounts.models import RoleAssignment
from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_home_court, user_is_staff_member, user_roles
from yunting.accounts.services import role_grant


def test_a_staff_role_needs_a_court(demo):
    with pytest.raises(ValidationError) as raised:
        role_grant(user=demo["litigant"], role=Role.JUDGE, court=None)
    assert "court" in raised.value.message_dict


def test_the_database_also_refuses_a_staff_role_without_court(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=demo["litigant"], role=Role.CLERK, court=None)


def test_a_person_can_hold_several_roles_and_grants_are_idempotent(demo, court):
    judge = demo["judge"]
    role_grant(user=judge, role=Role.MEDIATOR, court=court)
    role_grant(user=judge, role=Role.MEDIATOR, court=court)
    assert RoleAssignment.objects.filter(user=judge, role=Role.MEDIATOR).count() == 1
    assert {Role.JUDGE, Role.MEDIATOR} <= user_roles(user=judge)
    assert user_is_staff_member(user=judge)
    assert user_home_court(user=judge) == court


def test_public_roles_are_not_tied_to_a_court(demo, court):
    assignment = role_grant(user=demo["litigant"], role=Role.LAWYER, court=court)
    assert assignment.court is None
    assert not user_is_staff_member(user=demo["litigant"])


def test_a_department_of_another_court_is_refused(demo, court):
    from yunting.courts.models import Department

    other = Department.objects.exclude(court=court).first()
    with pytest.raises(ValidationError) as raised:
        role_grant(user=demo["clerk"], role=Role.CLERK, court=court, department=other)
    assert "department" in raised.value.message_dict
