"""The early-warning pages: every list the person is responsible for, and one list alone.
Thin: the selectors choose and scope, ``services.how_far`` words the distance."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_roles
from yunting.workbench.access import staff_required

from . import selectors
from .services import how_far


def _rows(items):
    return [{"item": i, "how_far": how_far(i)} for i in items]


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    sections = [
        {"kind": kind, "rows": _rows(items)}
        for kind, items in selectors.alerts_for_user(user=request.user)
    ]
    return render(request, "alerts/index.html", {"sections": sections})


@staff_required
def queue(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in {k.key for k in selectors.kinds_for(user=request.user)}:
        raise Http404
    items = selectors.alert_items(user=request.user, kind=kind)
    return render(
        request,
        "alerts/queue.html",
        {
            "kind": selectors.KINDS[kind],
            "rows": _rows(items),
            "fees_queue": kind == selectors.FEES and Role.JUDGE in user_roles(user=request.user),
        },
    )
