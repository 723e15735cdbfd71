"""The workbench's left navigation: each app contributes queues for the roles it serves.

An app registers a queue with ``register_queue``; the navigation shows it, with its count,
to staff holding one of its roles. Until an app registers, nothing is shown for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from yunting.accounts.selectors import user_roles


@dataclass(frozen=True)
class Queue:
    key: str
    title: Promise
    url_name: str
    roles: frozenset[str]
    count: Callable[[object], int]


_QUEUES: dict[str, Queue] = {}


def register_queue(queue: Queue) -> None:
    _QUEUES[queue.key] = queue


def queues_for(user) -> list[dict]:
    roles = user_roles(user=user)
    return [
        {"title": q.title, "url": reverse(q.url_name), "count": q.count(user)}
        for q in _QUEUES.values()
        if q.roles & roles
    ]
