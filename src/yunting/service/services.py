"""Service tasks: opening, assigning, batching, dispatching over channels, and completing by
the earliest effective channel, with the proof filed and the legal period started.

Completion (《人民法院在线诉讼规则》 Art. 31): at an address the party gave or confirmed, service
is complete when it reaches the system (inbox: on arrival; e-mail: accepted by the mail server;
SMS: accepted by the provider); at any other address on a read receipt. By post on the
delivery date; by public notice 30 days after publication. With several channels the
earliest effective one counts and the others are closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role
from yunting.cases.models import Clock, Party
from yunting.cases.services import clock_start, clock_stop
from yunting.core.tasks import enqueue_on_commit
from yunting.documents.models import IssuedDocument
from yunting.ledger.services import record_event

from . import events
from .addresses import INBOX_VALUE, channels_offered, check_staff, party_addresses
from .addresses import recommend_channels as _recommend
from .errors import ServiceError, ServiceErrorCode
from .kinds import NOT_SERVED, run_on_served, served_kind
from .links import link_issue
from .models import (
    ELECTRONIC,
    FAILED_ATTEMPTS,
    LIVE_ATTEMPTS,
    OPEN_STATUSES,
    TASK_TRANSITIONS,
    AttemptStatus,
    Channel,
    PublicNotice,
    ServiceAttempt,
    ServiceBatch,
    ServiceTask,
    TaskStatus,
)

BASIS_LABELS = {
    "reached_system": "送达信息到达受送达人特定系统（《人民法院在线诉讼规则》第三十一条）",
    "read_receipt": "受送达人已阅读（已读回执，《人民法院在线诉讼规则》第三十一条）",
    "acknowledged": "受送达人确认收悉",
    "postal_delivered": "邮件妥投，以签收日期为送达日期",
    "public_notice": "公告期满三十日视为送达（《中华人民共和国民事诉讼法》第九十五条）",
}
METHOD_LABELS = {
    Channel.INBOX: "电子送达（诉讼服务平台）",
    Channel.EMAIL: "电子送达（电子邮件）",
    Channel.SMS: "电子送达（手机短信）",
    Channel.POSTAL: "邮寄送达",
    Channel.PUBLIC_NOTICE: "公告送达",
}


def task_transition(task: ServiceTask, target: str) -> None:
    if target not in TASK_TRANSITIONS[task.status]:
        if task.status == TaskStatus.SERVED:
            raise ServiceError(ServiceErrorCode.ALREADY_SERVED)
        raise ServiceError(
            ServiceErrorCode.WRONG_STATE,
            current=TaskStatus(task.status).label,
            target=TaskStatus(target).label,
        )
    task.status = target


def lock_task(task: ServiceTask) -> ServiceTask:
    return (
        ServiceTask.objects.select_for_update(of=("self",))  # dispatched_by may be null
        .select_related("case__court", "party", "document", "court", "dispatched_by")
        .get(pk=task.pk)
    )


def _lock_attempt(attempt: ServiceAttempt) -> ServiceAttempt:
    """The attempt's row, locked and fresh; its task (with case, court, party and document,
    as the worker loaded it) is kept rather than read again for the ledger entries."""
    locked = ServiceAttempt.objects.select_for_update().get(pk=attempt.pk)
    if ServiceAttempt.task.is_cached(attempt):
        locked.task = attempt.task
    return locked


# --- opening, assigning, batching ---------------------------------------------------------


@transaction.atomic
def service_task_open(
    *, document: IssuedDocument, party: Party, actor: User | None, due_on: dt.date | None = None
) -> ServiceTask:
    """Open the task of serving ``document`` on ``party``. The same pair twice is refused."""
    if party.case_id != document.case_id:
        raise ServiceError(ServiceErrorCode.NOT_YOURS)
    if document.template_code in NOT_SERVED:
        raise ServiceError(ServiceErrorCode.WRONG_STATE, current="—", target="—")
    if ServiceTask.objects.filter(document=document, party=party).exists():
        raise ServiceError(ServiceErrorCode.ALREADY_OPEN, document=document.title, name=party.name)
    issued = timezone.localdate(document.issued_at)
    task = ServiceTask(
        case=document.case,
        court_id=document.court_id,
        document=document,
        party=party,
        due_on=due_on or issued + dt.timedelta(days=served_kind(document.template_code).due_days),
    )
    task.full_clean(exclude=["case", "court", "document", "party"])
    task.save()
    record_event(events.task_opened(task=task, actor=actor))
    return task


@transaction.atomic
def service_tasks_open(
    *, documents: Iterable[IssuedDocument], parties: Iterable[Party], actor: User
) -> list[ServiceTask]:
    """The judge chooses documents and recipients: one task per pair not yet open."""
    documents, parties = list(documents), list(parties)
    if not documents or not parties:
        raise ServiceError(ServiceErrorCode.NO_TASKS)
    opened = []
    for doc in documents:
        check_staff(actor, doc.court_id)
        for party in parties:
            if (
                party.case_id == doc.case_id
                and not ServiceTask.objects.filter(document=doc, party=party).exists()
            ):
                opened.append(service_task_open(document=doc, party=party, actor=actor))
    return opened


def _check_officer(user: User, court_id: int) -> None:
    courts = user_courts_with_role(user=user, roles={Role.SERVICE_OFFICER})
    if not any(c.id == court_id for c in courts):
        raise ServiceError(ServiceErrorCode.NOT_OFFICER)


@transaction.atomic
def service_tasks_assign(*, tasks: Iterable[ServiceTask], officer: User, actor: User) -> int:
    """Give open tasks to a service officer of their court (集约送达: the desk shares out its
    queue). All or nothing: one closed or foreign task refuses the whole choice. A task already
    with that officer is left as it is; the count says how many changed hands."""
    tasks = list(tasks)
    if not tasks:
        raise ServiceError(ServiceErrorCode.NO_TASKS)
    changed = 0
    for task in tasks:
        check_staff(actor, task.court_id)
        _check_officer(officer, task.court_id)
        task = lock_task(task)
        if task.status not in OPEN_STATUSES:
            raise ServiceError(
                ServiceErrorCode.TASK_CLOSED, document=task.document.title, name=task.party.name
            )
        if task.assigned_to_id == officer.id:
            continue
        task.assigned_to = officer
        task.save(update_fields=["assigned_to"])
        record_event(events.task_assigned(task=task, actor=actor, officer=officer))
        changed += 1
    return changed


@transaction.atomic
def service_batch_create(*, tasks: Iterable[ServiceTask], name: str, actor: User) -> ServiceBatch:
    tasks = list(tasks)
    if not tasks:
        raise ServiceError(ServiceErrorCode.NO_TASKS)
    court_id = tasks[0].court_id
    check_staff(actor, court_id)
    batch = ServiceBatch(court_id=court_id, name=name.strip()[:80] or "送达批次", created_by=actor)
    batch.full_clean(exclude=["court", "created_by"])
    batch.save()
    for task in tasks:
        if task.court_id != court_id:
            raise ServiceError(ServiceErrorCode.NOT_YOURS)
    ServiceTask.objects.filter(pk__in=[t.pk for t in tasks]).update(batch=batch)
    record_event(events.batch_created(batch=batch, actor=actor, tasks=len(tasks)))
    return batch


# --- dispatching ---------------------------------------------------------------------------


def _attempt_for(task: ServiceTask, channel: str, *, automatic: bool = False) -> ServiceAttempt:
    """A new attempt on ``channel``, refused without consent or address."""
    party = task.party
    if channel not in Channel.values or channel == Channel.PUBLIC_NOTICE:
        raise ServiceError(ServiceErrorCode.BAD_CHANNEL, field="channels")
    address = party_addresses(party=party).get(channel)
    if channel in ELECTRONIC and (address is None or not address.consent):
        raise ServiceError(
            ServiceErrorCode.NO_CONSENT,
            field="channels",
            name=party.name,
            channel=Channel(channel).label,
        )
    if address is None:
        raise ServiceError(
            ServiceErrorCode.NO_ADDRESS,
            field="channels",
            name=party.name,
            channel=Channel(channel).label,
        )
    attempt = ServiceAttempt(
        task=task, channel=channel, address=address.value, confirmed=True, automatic=automatic
    )
    if channel in (Channel.EMAIL, Channel.SMS):
        link_issue(attempt)
    attempt.save()
    return attempt


def _start_attempt(attempt: ServiceAttempt, actor: User | None) -> None:
    if attempt.channel == Channel.INBOX:
        attempt.sent_at = timezone.now()
        attempt.save(update_fields=["sent_at"])
        attempt_delivered(attempt=attempt, at=attempt.sent_at, actor=actor)
    elif attempt.channel in (Channel.EMAIL, Channel.SMS):
        from .tasks import attempt_send

        enqueue_on_commit(attempt_send, attempt_id=str(attempt.id))
    # post waits in the queue for the printed batch and its tracking number


@transaction.atomic
def service_dispatch(*, task: ServiceTask, channels: Iterable[str], actor: User) -> ServiceTask:
    """Start serving by each chosen channel at once (the earliest effective one counts)."""
    channels = list(dict.fromkeys(channels))
    task = lock_task(task)
    check_staff(actor, task.court_id)
    if not channels:
        raise ServiceError(ServiceErrorCode.NO_CHANNEL, field="channels")
    task_transition(task, TaskStatus.DISPATCHED)
    task.dispatched_by = actor
    task.save(update_fields=["status", "dispatched_by"])
    attempts = [_attempt_for(task, c) for c in channels]
    record_event(events.dispatched(task=task, actor=actor, channels=channels))
    for attempt in attempts:
        _start_attempt(attempt, actor)
    return task


def recommend_channels(*, task: ServiceTask) -> list[str]:
    return _recommend(party=task.party)


# --- what the channels report --------------------------------------------------------------


@transaction.atomic
def attempt_delivered(
    *,
    attempt: ServiceAttempt,
    at: dt.datetime,
    actor: User | None,
    provider_ref: str = "",
    sent_at: dt.datetime | None = None,
) -> ServiceAttempt:
    """The channel reached the recipient's system at ``at``: complete at a confirmed address.
    ``sent_at``: when the transport handed it over (the worker records both in one write)."""
    attempt = _lock_attempt(attempt)
    if attempt.delivered_at is not None:
        return attempt
    attempt.delivered_at = at
    attempt.provider_ref = provider_ref or attempt.provider_ref
    if attempt.status in LIVE_ATTEMPTS:
        attempt.status = AttemptStatus.DELIVERED
    fields = ["delivered_at", "provider_ref", "status"]
    if sent_at is not None:
        attempt.sent_at = sent_at
        fields.append("sent_at")
    attempt.save(update_fields=fields)
    record_event(events.attempt_delivered(attempt=attempt, actor=actor))
    if attempt.confirmed:
        basis = "postal_delivered" if attempt.channel == Channel.POSTAL else "reached_system"
        _complete(attempt, at=at, basis=basis, actor=actor)
    return attempt


@transaction.atomic
def attempt_read(*, attempt: ServiceAttempt, actor: User | None, acknowledged: bool = False):
    """The recipient opened the document: the read receipt presumes service (Art. 31)."""
    attempt = _lock_attempt(attempt)
    now = timezone.now()
    if attempt.read_at is None:
        attempt.read_at = now
        if attempt.opened_at is None:
            attempt.opened_at = now
        attempt.save(update_fields=["read_at", "opened_at"])
        record_event(events.document_read(attempt=attempt, actor=actor))
    _complete(
        attempt, at=now, basis="acknowledged" if acknowledged else "read_receipt", actor=actor
    )
    return attempt


@transaction.atomic
def attempt_failed(
    *,
    attempt: ServiceAttempt,
    status: str,
    error: str,
    actor: User | None,
    at: dt.datetime | None = None,
) -> ServiceAttempt:
    """The channel failed (refused, bounced, returned); fall back to the next channel."""
    attempt = _lock_attempt(attempt)
    if attempt.status in FAILED_ATTEMPTS:
        return attempt
    attempt.status = status
    attempt.error = error[:300]
    attempt.failed_at = at or timezone.now()
    attempt.save(update_fields=["status", "error", "failed_at"])
    record_event(events.attempt_failed(attempt=attempt, actor=actor))
    task = lock_task(attempt.task)
    if task.status == TaskStatus.SERVED and _counted(task, attempt):
        task = _withdraw_completion(task, attempt, actor)
    if task.status != TaskStatus.DISPATCHED:
        return attempt
    _fall_back(task, attempt, actor)
    return attempt


def _fall_back(task: ServiceTask, attempt: ServiceAttempt, actor: User | None) -> None:
    """No channel running: start the best one not yet tried, or leave the task failed."""
    if task.attempts.filter(status__in=LIVE_ATTEMPTS).exists():
        return  # another channel is still running
    tried = set(task.attempts.filter(status__in=FAILED_ATTEMPTS).values_list("channel", flat=True))
    for channel in _recommend(party=task.party):
        if channel not in tried:
            nxt = _attempt_for(task, channel, automatic=True)
            record_event(events.fallback(attempt=nxt, failed=attempt, actor=actor))
            _start_attempt(nxt, actor)
            return
    task_transition(task, TaskStatus.FAILED)
    task.save(update_fields=["status"])


def _counted(task: ServiceTask, attempt: ServiceAttempt) -> bool:
    """The failed attempt is the one whose delivery completed the service."""
    return (
        attempt.delivered_at is not None
        and attempt.read_at is None  # read by the recipient: served by the read receipt
        and task.served_channel == attempt.channel
        and task.served_address == attempt.address
        and task.served_at == attempt.delivered_at
    )


def _effective(task: ServiceTask) -> tuple[dt.datetime, ServiceAttempt, str] | None:
    """The earliest service still effective among the task's attempts (after one failed):
    a delivery to a confirmed address that did not fail since, or a read receipt."""
    found = []
    for a in task.attempts.all():
        if a.read_at is not None:
            found.append((a.read_at, a, "read_receipt"))
        if a.delivered_at is not None and a.confirmed and a.status not in FAILED_ATTEMPTS:
            basis = {Channel.POSTAL: "postal_delivered", Channel.PUBLIC_NOTICE: "public_notice"}
            found.append((a.delivered_at, a, basis.get(a.channel, "reached_system")))
    return min(found, key=lambda f: f[0]) if found else None


def _withdraw_completion(
    task: ServiceTask, attempt: ServiceAttempt, actor: User | None
) -> ServiceTask:
    """A bounce (退信) or returned mail arrived after the channel was counted as delivered: it
    never reached the party, so that service is not complete (Art. 31). The period it
    started is stopped; if another channel was effective, service dates from it (new proof,
    new period); otherwise the task is open again and falls back to the next channel."""
    old_at = task.served_at
    for clock in Clock.objects.filter(source__startswith=f"service:{task.id}", stopped_at=None):
        clock_stop(clock=clock, actor=actor, reason="service not complete: the channel failed")
    effective = _effective(task)
    if effective is not None:
        at, other, basis = effective
        task.served_at, task.served_channel, task.served_address = at, other.channel, other.address
        task.basis = basis
    else:
        task.status = TaskStatus.DISPATCHED  # SERVED → DISPATCHED only here
        # channels closed before they went out are live again (their send is still queued)
        task.attempts.filter(status=AttemptStatus.CLOSED, sent_at=None).exclude(
            pk=attempt.pk
        ).update(status=AttemptStatus.QUEUED)
        task.served_at, task.served_channel, task.served_address, task.basis = None, "", "", ""
    task.receipt = None  # the filed proof no longer holds; the ledger says why
    task.save(
        update_fields=[
            "status",
            "served_at",
            "served_channel",
            "served_address",
            "basis",
            "receipt",
        ]
    )
    record_event(
        events.completion_withdrawn(task=task, attempt=attempt, actor=actor, old_at=old_at)
    )
    if effective is not None:
        record_event(events.served(task=task, actor=actor))
        _start_clock(task, corrected=True)
        run_on_served(task)
        from .tasks import receipt_issue_task

        enqueue_on_commit(
            receipt_issue_task, task_id=str(task.id), served_at=_stamp(task.served_at)
        )
    return task


# --- completion -----------------------------------------------------------------------------


def _complete(attempt: ServiceAttempt, *, at: dt.datetime, basis: str, actor) -> None:
    task = lock_task(attempt.task)
    if task.status == TaskStatus.WITHDRAWN:  # a channel answered after the desk withdrew it
        return
    if task.status == TaskStatus.SERVED:
        if task.served_at <= at:
            ServiceAttempt.objects.filter(pk=attempt.pk, status__in=LIVE_ATTEMPTS).update(
                status=AttemptStatus.CLOSED
            )
            return
        old_at = task.served_at  # an earlier effective service came in late (post)
    else:
        old_at = None
        task_transition(task, TaskStatus.SERVED)
    task.served_at = at
    task.served_channel = attempt.channel
    task.served_address = attempt.address
    task.basis = basis
    task.save(update_fields=["status", "served_at", "served_channel", "served_address", "basis"])
    task.attempts.exclude(pk=attempt.pk).filter(status__in=LIVE_ATTEMPTS).update(
        status=AttemptStatus.CLOSED
    )
    if old_at is not None:
        record_event(events.service_corrected(task=task, actor=actor, old_at=old_at))
        for clock in Clock.objects.filter(source__startswith=f"service:{task.id}", stopped_at=None):
            clock_stop(clock=clock, actor=actor, reason="earlier effective service found")
    record_event(events.served(task=task, actor=actor))
    _start_clock(task, corrected=old_at is not None)
    run_on_served(task)
    from .tasks import receipt_issue_task

    # Sealing a PDF takes a good part of a second: the worker files the proof just after
    # the service is recorded, so a channel's report is never held up by it.
    enqueue_on_commit(receipt_issue_task, task_id=str(task.id), served_at=_stamp(at))


@transaction.atomic
def service_receipt_issue(*, task: ServiceTask, served_at: str = "") -> IssuedDocument | None:
    """Seal and file the 送达回证 of a completed service into the e-file (once per service
    date: a correction to an earlier date files a new one)."""
    task = lock_task(task)
    if task.status != TaskStatus.SERVED:
        return None
    if served_at and _stamp(task.served_at) != served_at:
        return None  # superseded by a correction, whose own receipt follows
    if task.receipt_id and task.receipt.extra.get("served_stamp") == _stamp(task.served_at):
        return task.receipt
    task.receipt = _issue_receipt(task)
    task.save(update_fields=["receipt"])
    record_event(events.receipt_filed(task=task))
    return task.receipt


def _stamp(at: dt.datetime) -> str:
    return f"{at.timestamp():.3f}"


def _issue_receipt(task: ServiceTask) -> IssuedDocument:
    from yunting.documents.services import document_issue

    officer = task.dispatched_by or task.assigned_to
    address = task.served_address
    if task.served_channel == Channel.INBOX and address == INBOX_VALUE:
        address = "诉讼服务平台站内信"
    local = timezone.localtime(task.served_at)
    return document_issue(
        template_code="e_service_receipt",
        case=task.case,
        actor=officer,
        recipient=task.party,
        extra={
            "served_documents": f"{task.document.title}（{task.document.verification_code}）",
            "service_method": METHOD_LABELS.get(task.served_channel, task.served_channel),
            "service_address": address,
            "served_at": local.strftime("%Y年%m月%d日 %H:%M:%S"),
            "basis": BASIS_LABELS.get(task.basis, task.basis),
            "officer": officer.name if officer else "",
            "task": str(task.id),
            "served_stamp": _stamp(task.served_at),
        },
    )


def _start_clock(task: ServiceTask, *, corrected: bool) -> None:
    kind = served_kind(task.document.template_code)
    if kind.clock is None:
        return
    source = f"service:{task.id}"
    if corrected or Clock.objects.filter(source=source, stopped_at__isnull=False).exists():
        source += f":{timezone.now().timestamp():.0f}"  # a new period after a correction
    clock_start(
        case=task.case,
        party=task.party,
        kind=kind.clock,
        starts_on=timezone.localdate(task.served_at),
        actor=task.dispatched_by,
        source=source,
    )


# --- public notice ---------------------------------------------------------------------------


@transaction.atomic
def service_notice_publish(
    *, task: ServiceTask, actor: User, today: dt.date | None = None
) -> PublicNotice:
    """公告送达: seal and publish the notice; service completes 30 days after publication."""
    from yunting.documents.services import document_issue
    from yunting.rules.deadlines import named_period_end

    task = lock_task(task)
    check_staff(actor, task.court_id)
    task_transition(task, TaskStatus.DISPATCHED)
    today = today or timezone.localdate()
    completes_on = named_period_end("public_notice", today).date
    doc = document_issue(
        template_code="service_public_notice",
        case=task.case,
        actor=actor,
        recipient=task.party,
        extra={
            "served_documents": task.document.title,
            "published_on": f"{today.year}年{today.month}月{today.day}日",
            "completes_on": f"{completes_on.year}年{completes_on.month}月{completes_on.day}日",
        },
    )
    task.dispatched_by = actor
    task.save(update_fields=["status", "dispatched_by"])
    ServiceAttempt.objects.create(
        task=task,
        channel=Channel.PUBLIC_NOTICE,
        address="本院公告栏（网站）",
        confirmed=True,
        status=AttemptStatus.SENT,
        sent_at=timezone.now(),
    )
    notice = PublicNotice.objects.create(
        task=task, document=doc, published_on=today, completes_on=completes_on
    )
    record_event(events.notice_published(notice=notice, actor=actor))
    record_event(events.dispatched(task=task, actor=actor, channels=[Channel.PUBLIC_NOTICE]))
    clock_start(
        case=task.case,
        party=task.party,
        kind="public_notice",
        starts_on=today,
        actor=actor,
        source=f"notice:{notice.id}",
    )
    return notice


def service_notices_complete(*, today: dt.date | None = None) -> int:
    """Complete every public-notice service whose 30 days have passed (run daily)."""
    today = today or timezone.localdate()
    done = 0
    for notice in PublicNotice.objects.filter(completed=False, completes_on__lte=today):
        with transaction.atomic(durable=True):
            notice = PublicNotice.objects.select_for_update().get(pk=notice.pk)
            if notice.completed:
                continue
            attempt = notice.task.attempts.filter(channel=Channel.PUBLIC_NOTICE).first()
            at = timezone.make_aware(dt.datetime.combine(notice.completes_on, dt.time(0, 0)))
            attempt.delivered_at = at
            attempt.status = AttemptStatus.DELIVERED
            attempt.save(update_fields=["delivered_at", "status"])
            _complete(attempt, at=at, basis="public_notice", actor=None)
            notice.completed = True
            notice.save(update_fields=["completed"])
            done += 1
    return done


__all__ = ["channels_offered"]
