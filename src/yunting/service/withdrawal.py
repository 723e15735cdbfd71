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
from .models import LIVE_ATTEMPTS, OPEN_STATUSES, AttemptStatus, ServiceTask, TaskStatus
from .services import lock_task, task_transition


@transaction.atomic
def service_task_withdraw(*, task: ServiceTask, actor: User, reason: str) -> ServiceTask:
    """Withdraw an open task, with the reason the court gives for it."""
    task = lock_task(task)
    check_staff(actor, task.court_id)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(ServiceErrorCode.NO_REASON, field="reason")
    return _withdraw(task, actor, reason)


def service_tasks_withdraw_superseded(*, documents, actor: User, reason: str) -> int:
    """Withdraw the open tasks of documents that another app's service found moot (a
    mediation statement a party refused before receiving it, CPL Art. 102): that service
    checked the act; the desk is not asked. Runs inside the caller's transaction."""
    done = 0
    ids = [d.pk for d in documents]
    for task in ServiceTask.objects.filter(document_id__in=ids, status__in=OPEN_STATUSES):
        _withdraw(lock_task(task), actor, reason)
        done += 1
    return done


def _withdraw(task: ServiceTask, actor: User, reason: str) -> ServiceTask:
    task_transition(task, TaskStatus.WITHDRAWN)
    task.withdrawn_reason = reason[:300]
    task.save(update_fields=["status", "withdrawn_reason"])
    task.attempts.filter(status__in=LIVE_ATTEMPTS).update(status=AttemptStatus.CLOSED)
    record_event(events.task_withdrawn(task=task, actor=actor, reason=task.withdrawn_reason))
    return task
