"""Listening to documents: an issued document addressed to a party opens its service task."""

from __future__ import annotations

from .kinds import NOT_SERVED


def open_tasks_on_issue(sender, *, document, actor=None, **kwargs) -> None:
    if document.recipient is None or document.template_code in NOT_SERVED:
        return
    from .services import service_task_open

    service_task_open(document=document, party=document.recipient, actor=actor)
