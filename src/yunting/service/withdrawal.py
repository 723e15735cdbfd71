"""撤回送达: the desk withdraws a service task the case no longer needs (the suit was withdrawn
before the summons reached the defendant, a document was superseded). The task stops, its
live channels are closed, and the reason is kept: a withdrawn task neither blocks the case's
closing nor counts in the completion rate."""

from __future__ import annotations

from django.db import transaction

from yunting.accounts.models import User
from yunting.ledger.services import record_event

from . import events
from .addresses import check_staff
from .errors import ServiceError, ServiceErrorCode
from .models import LIVE_ATTEMPTS, AttemptStatus, ServiceTask, TaskStatus
from .services import lock_task, task_transition


@transaction.atomic
def service_task_withdraw(*, task: ServiceTask, actor: User, reason: str) -> ServiceTask:
    """Withdraw an open task, with the reason the court gives for it."""
    task = lock_task(task)
    check_staff(actor, task.court_id)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ServiceErrorCode.NO_REASON, field="reason")
    task_transition(task, TaskStatus.WITHDRAWN)
    task.withdrawn_reason = reason[:300]
    task.save(update_fields=["status", "withdrawn_reason"])
    task.attempts.filter(status__in=LIVE_ATTEMPTS).update(status=AttemptStatus.CLOSED)
    record_event(events.task_withdrawn(task=task, actor=actor, reason=task.withdrawn_reason))
    return task
