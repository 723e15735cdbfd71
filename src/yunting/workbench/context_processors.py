"""The workbench's queues with their counts, for the left navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import queues_for


def queues(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    # a callable: the template engine calls it only on workbench pages that show queues
    return {"queues": (lambda: queues_for(user)) if authenticated else ()}
