from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yunting.accounts.roles import Role
from yunting.accounts.selectors import court_staff, user_staff_assignments
from yunting.courts.selectors import court_courtrooms, court_departments

from .access import staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """The staff member's desk: their posts, the queues for their roles, their court at a glance."""
    assignments = user_staff_assignments(user=request.user)
    court = assignments[0].court
    is_admin = any(a.role == Role.COURT_ADMIN for a in assignments)
    context = {
        "assignments": assignments,
        "court": court,
        "departments": court_departments(court=court),
        "courtrooms": court_courtrooms(court=court),
        "staff": court_staff(court=court) if is_admin else None,
    }
    return render(request, "workbench/home.html", context)
