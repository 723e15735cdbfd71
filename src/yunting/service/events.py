"""Service event types and one constructor per event: the payload's shape is written here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, change, register


@register
class ServiceEvent(EventType):
    ADDRESS_CONFIRMED = "service.address_confirmed", _("Address for service confirmed")
    TASK_OPENED = "service.task_opened", _("Service task opened")
    TASK_ASSIGNED = "service.task_assigned", _("Service task assigned")
    BATCH_CREATED = "service.batch_created", _("Service batch created")
    DISPATCHED = "service.dispatched", _("Service started")
    ATTEMPT_DELIVERED = "service.attempt_delivered", _("Service channel delivered")
    ATTEMPT_FAILED = "service.attempt_failed", _("Service channel failed")
    FALLBACK = "service.fallback", _("Service fell back to another channel")
    LINK_OPENED = "service.link_opened", _("Served document opened")
    DOCUMENT_READ = "service.document_read", _("Served document read")
    LINK_LOCKED = "service.link_locked", _("Service link locked after wrong codes")
    SERVED = "service.served", _("Document served")
    RECEIPT_FILED = "service.receipt_filed", _("Proof of service filed")
    SERVICE_CORRECTED = "service.corrected", _("Earlier effective service found")
    COMPLETION_WITHDRAWN = (
        "service.completion_withdrawn",
        _("Service no longer complete: the channel that counted failed"),
    )
    NOTICE_PUBLISHED = "service.notice_published", _("Public notice published")
    POSTAL_IMPORTED = "service.postal_imported", _("Postal tracking imported")
    REMINDER_SENT = "service.reminder_sent", _("Deadline reminder sent")
    TASK_WITHDRAWN = "service.task_withdrawn", _("Service withdrawn")


def _task_record(event: str, task: Any, actor: Any, documents=(), **payload: Any) -> Record:
    head = {
        "task": str(task.id),
        "document": str(task.document_id),
        "party": str(task.party_id),
        "case_number": task.case.case_number,
    }
    return Record(
        event,
        {**head, **payload},
        actor=actor,
        court=task.court,
        case=task.case,
        documents=tuple(documents),
    )


def address_confirmed(*, confirmation: Any, actor: Any, channels: dict) -> Record:
    party = confirmation.party
    return Record(
        ServiceEvent.ADDRESS_CONFIRMED,
        {
            "confirmation": str(confirmation.id),
            "party": str(party.id),
            "source": confirmation.source,
            "channels": channels,
        },
        actor=actor,
        court=party.case.court,
        case=party.case,
        documents=(confirmation.document.sha256,) if confirmation.document else (),
    )


def task_opened(*, task: Any, actor: Any) -> Record:
    return _task_record(ServiceEvent.TASK_OPENED, task, actor, due_on=task.due_on)


def task_assigned(*, task: Any, actor: Any, officer: Any) -> Record:
    return _task_record(ServiceEvent.TASK_ASSIGNED, task, actor, officer=str(officer.id))


def batch_created(*, batch: Any, actor: Any, tasks: int) -> Record:
    return Record(
        ServiceEvent.BATCH_CREATED,
        {"batch": str(batch.id), "name": batch.name, "tasks": tasks},
        actor=actor,
        court=batch.court,
    )


def dispatched(*, task: Any, actor: Any, channels: list[str]) -> Record:
    return _task_record(ServiceEvent.DISPATCHED, task, actor, channels=channels)


def _attempt_record(event: str, attempt: Any, actor: Any, **payload: Any) -> Record:
    return _task_record(
        event,
        attempt.task,
        actor,
        attempt=str(attempt.id),
        channel=attempt.channel,
        address=attempt.address,
        **payload,
    )


def attempt_delivered(*, attempt: Any, actor: Any) -> Record:
    return _attempt_record(
        ServiceEvent.ATTEMPT_DELIVERED, attempt, actor, at=attempt.delivered_at.isoformat()
    )


def attempt_failed(*, attempt: Any, actor: Any) -> Record:
    return _attempt_record(
        ServiceEvent.ATTEMPT_FAILED, attempt, actor, status=attempt.status, error=attempt.error
    )


def fallback(*, attempt: Any, failed: Any, actor: Any) -> Record:
    return _attempt_record(ServiceEvent.FALLBACK, attempt, actor, after=str(failed.id))


def link_opened(*, attempt: Any, method: str) -> Record:
    return _attempt_record(ServiceEvent.LINK_OPENED, attempt, None, method=method)


def document_read(*, attempt: Any, actor: Any) -> Record:
    return _attempt_record(ServiceEvent.DOCUMENT_READ, attempt, actor)


def link_locked(*, attempt: Any) -> Record:
    return _attempt_record(
        ServiceEvent.LINK_LOCKED, attempt, None, failures=attempt.identity_failures
    )


def served(*, task: Any, actor: Any) -> Record:
    return _task_record(
        ServiceEvent.SERVED,
        task,
        actor,
        documents=[task.document.sha256],
        channel=task.served_channel,
        address=task.served_address,
        at=task.served_at.isoformat(),
        basis=task.basis,
    )


def receipt_filed(*, task: Any) -> Record:
    return _task_record(
        ServiceEvent.RECEIPT_FILED,
        task,
        task.receipt.issued_by,
        documents=[task.receipt.sha256],
        receipt=str(task.receipt.id),
        served_at=task.served_at.isoformat(),
    )


def service_corrected(*, task: Any, actor: Any, old_at: Any) -> Record:
    return _task_record(
        ServiceEvent.SERVICE_CORRECTED,
        task,
        actor,
        at=change(old_at.isoformat(), task.served_at.isoformat()),
        channel=task.served_channel,
    )


def completion_withdrawn(*, task: Any, attempt: Any, actor: Any, old_at: Any) -> Record:
    """The attempt that completed service bounced: ``at`` changes to the next effective
    service found among the other channels, or to None when the task is open again."""
    return _task_record(
        ServiceEvent.COMPLETION_WITHDRAWN,
        task,
        actor,
        attempt=str(attempt.id),
        channel=attempt.channel,
        address=attempt.address,
        status=attempt.status,
        at=change(old_at.isoformat(), task.served_at.isoformat() if task.served_at else None),
    )


def notice_published(*, notice: Any, actor: Any) -> Record:
    return _task_record(
        ServiceEvent.NOTICE_PUBLISHED,
        notice.task,
        actor,
        documents=[notice.document.sha256],
        published_on=notice.published_on,
        completes_on=notice.completes_on,
    )


def postal_imported(*, court: Any, actor: Any, rows: int, sha256: str) -> Record:
    return Record(
        ServiceEvent.POSTAL_IMPORTED,
        {"rows": rows, "file_sha256": sha256},
        actor=actor,
        court=court,
    )


def reminder_sent(*, clock: Any, days_before: int, recipients: int) -> Record:
    return Record(
        ServiceEvent.REMINDER_SENT,
        {
            "clock": str(clock.id),
            "kind": clock.kind,
            "due_on": clock.due_on,
            "days_before": days_before,
            "recipients": recipients,
        },
        actor=None,
        court=clock.case.court,
        case=clock.case,
    )


def task_withdrawn(*, task: Any, actor: Any, reason: str) -> Record:
    return _task_record(ServiceEvent.TASK_WITHDRAWN, task, actor, reason=reason)
