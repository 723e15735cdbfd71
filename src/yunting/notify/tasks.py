"""Sending notices in the background (after the transaction that asked for them commits)."""

from __future__ import annotations

from django_tasks import task

from .sms import sms_send


@task()
def send_sms(*, to: str, text: str) -> str:
    """Hand one SMS to the provider; raises (the task fails, visibly) when it is refused."""
    return sms_send(to=to, text=text)
