from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_is_staff_member, user_roles
from yunting.cases.selectors import case_recent_for_user
from yunting.fees.selectors import orders_due_for_payer

from .tiles import visible_tiles


def front_door(request: HttpRequest) -> HttpResponse:
    """The site's root: each person goes to the face made for them, staff to the workbench,
    everyone else to the portal."""
    if request.user.is_authenticated and user_is_staff_member(user=request.user):
        return redirect("workbench:home")
    return redirect("portal:home")


def home(request: HttpRequest) -> HttpResponse:
    """The litigation-service home: large task tiles first, in the order people need them."""
    context = {"tiles": visible_tiles(request.user)}
    if request.user.is_authenticated:
        roles = user_roles(user=request.user)
        context["role_labels"] = [label for value, label in Role.choices if value in roles]
        context["cases"] = case_recent_for_user(user=request.user)
        context["fees_due"] = orders_due_for_payer(user=request.user)[:6]
    return render(request, "portal/home.html", context)
