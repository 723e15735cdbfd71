"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from yunting.core.demo import DEMO_PASSWORD, PEOPLE, seed_demo


@pytest.fixture
def demo(db):
    """The demo courts and people; ``demo["judge"]`` is the first demo user with that role."""
    seed_demo()
    from yunting.accounts.models import User

    users = {}
    for role, phone, *_rest in PEOPLE:
        users.setdefault(str(role), User.objects.get(phone=phone))
    return users


@pytest.fixture
def demo_password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def court(demo):
    from yunting.courts.models import Court

    return Court.objects.get(code="沪0105")
