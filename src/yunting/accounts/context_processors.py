"""Values every page needs: the court whose name heads it, the user's roles, elder mode."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from yunting.courts.selectors import site_court

from .selectors import user_home_court, user_roles


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    court = (user_home_court(user=user) if authenticated else None) or site_court()
    return {
        "site_court": court,
        "user_roles": user_roles(user=user) if authenticated else frozenset(),
        "elder_mode": getattr(request, "elder_mode", False),
    }
