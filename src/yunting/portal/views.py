from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_roles
from yunting.cases.selectors import case_list_for_user

from .tiles import visible_tiles


def home(request: HttpRequest) -> HttpResponse:
    """The litigation-service home: large task tiles first, in the order people need them."""
    context = {"tiles": visible_tiles(request.user)}
    if request.user.is_authenticated:
        roles = user_roles(user=request.user)
        context["role_labels"] = [label for value, label in Role.choices if value in roles]
        context["cases"] = case_list_for_user(user=request.user).order_by("-accepted_on")[:6]
    return render(request, "portal/home.html", context)
