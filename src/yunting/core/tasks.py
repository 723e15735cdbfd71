"""Background work shared by every app, and the one safe way to enqueue it.

Tasks are enqueued only after the transaction that asked for them commits: a Redis queue
does not take part in the database transaction, so a task enqueued earlier could run before
its data exists, or run although the data was rolled back."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task
from django_tasks.base import Task


def enqueue_on_commit(work: Task, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: work.enqueue(*args, **kwargs))


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one email through the configured SMTP server; returns the number sent."""
    return send_mail(subject, body, None, to, fail_silently=False)
