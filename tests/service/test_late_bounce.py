"""A bounce (退信) that arrives after the e-mail was counted as delivered: it never reached the
party, so that service is not complete (《人民法院在线诉讼规则》第三十一条). The defence period
it started is stopped; service dates from another channel that was effective, or the task is
open again and falls back to the next channel; the desk's task page says what happened."""

from __future__ import annotations

import pytest
from django.utils import timezone

from yunting.cases.models import Clock
from yunting.ledger.models import Entry
from yunting.service.bounces import bounce_process
from yunting.service.events import ServiceEvent
from yunting.service.models import AttemptStatus, ServiceTask, TaskStatus
from yunting.service.services import service_dispatch

from .factories import defendant, issue

pytestmark = pytest.mark.django_db(transaction=True)


def _dsn(sent) -> bytes:
    return (
        "From: MAILER-DAEMON@mx.example\r\nTo: noreply@court.example\r\n"
        "Subject: Undelivered Mail\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        f"Final-Recipient: rfc822; {sent['To']}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {sent['Message-ID']}\r\nX-Yunting-Service-Attempt: "
        f"{sent['X-Yunting-Service-Attempt']}\r\n\r\n--B--\r\n"
    ).encode()


def _confirm(case, officer, consent):
    from yunting.service.addresses import address_confirm

    address_confirm(
        party=defendant(case),
        actor=officer,
        source="express",
        email="legal@shifan.example",
        mobile="13900000099",
        consent=set(consent),
    )


def _running(task):
    return list(Clock.objects.filter(source__startswith=f"service:{task.id}", stopped_at=None))


def test_a_late_bounce_reopens_the_task_stops_the_clock_and_falls_back_to_sms(
    case, officer, smtp_inbox, sms_provider, run_worker, client
):
    _confirm(case, officer, {"email", "sms"})
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email"], actor=officer)
    run_worker()
    task.refresh_from_db()
    email = task.attempts.get(channel="email")
    assert task.status == TaskStatus.SERVED and task.served_channel == "email"
    assert task.receipt is not None
    [defence] = _running(task)

    [sent] = smtp_inbox.messages
    assert bounce_process(_dsn(sent)) is not None  # the 退信 comes in after completion
    email.refresh_from_db()
    assert email.status == AttemptStatus.BOUNCED and email.delivered_at is not None
    defence.refresh_from_db()
    assert defence.stopped_at is not None and "not complete" in defence.stop_reason
    task.refresh_from_db()
    assert task.status == TaskStatus.DISPATCHED and task.served_at is None
    assert task.receipt is None
    sms = task.attempts.get(channel="sms")
    assert sms.automatic and sms.status == AttemptStatus.QUEUED
    withdrawn = Entry.objects.get(event_type=ServiceEvent.COMPLETION_WITHDRAWN, case_id=case.id)
    assert withdrawn.payload["channel"] == "email" and withdrawn.payload["at"]["new"] is None

    # the desk sees why the task is back, while the SMS is on its way
    client.force_login(officer)
    page = client.get(f"/service/tasks/{task.id}/").content.decode()
    assert 'data-testid="completion-withdrawn"' in page
    assert "legal@shifan.example" in page

    run_worker()  # the SMS goes out and completes the service, with a new proof and period
    task.refresh_from_db()
    assert task.status == TaskStatus.SERVED and task.served_channel == "sms"
    assert task.served_at == task.attempts.get(channel="sms").delivered_at
    assert task.receipt is not None and task.receipt.extra["served_stamp"]
    [again] = _running(task)
    assert again.pk != defence.pk and again.kind == defence.kind
    assert sms_provider.to("13900000099")


def test_a_late_bounce_dates_service_from_the_other_channel_that_was_delivered(
    case, officer, smtp_inbox, sms_provider, run_worker
):
    """E-mail and SMS at once: the e-mail lands first and counts; the SMS lands later and is
    closed. When the e-mail bounces, service dates from the SMS (clock corrected)."""
    _confirm(case, officer, {"email", "sms"})
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email", "sms"], actor=officer)
    run_worker()
    task.refresh_from_db()
    email, sms = task.attempts.get(channel="email"), task.attempts.get(channel="sms")
    assert task.served_channel == "email" and task.served_at == email.delivered_at
    assert sms.delivered_at is not None and sms.delivered_at >= email.delivered_at
    [first] = _running(task)

    bounce_process(_dsn(smtp_inbox.messages[0]))
    run_worker()  # the new proof is sealed
    task.refresh_from_db()
    assert task.status == TaskStatus.SERVED and task.served_channel == "sms"
    assert task.served_at == sms.delivered_at
    first.refresh_from_db()
    assert first.stopped_at is not None
    [corrected] = _running(task)
    assert corrected.starts_on == timezone.localdate(sms.delivered_at)
    assert task.receipt is not None
    entry = Entry.objects.get(event_type=ServiceEvent.COMPLETION_WITHDRAWN, case_id=case.id)
    assert entry.payload["at"]["new"] == sms.delivered_at.isoformat()
    assert not task.attempts.filter(channel="sms", automatic=True).exists()  # no new SMS


def test_a_bounce_of_a_channel_that_did_not_count_changes_nothing(
    case, demo, officer, smtp_inbox, run_worker
):
    """Inbox and e-mail at once: the inbox completes on arrival; the e-mail's later bounce
    leaves the service, its proof and its period alone."""
    from yunting.service.addresses import address_confirm

    address_confirm(
        party=defendant(case),
        actor=officer,
        source="express",
        inbox=True,
        email="legal@shifan.example",
        consent={"inbox", "email"},
    )
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["inbox", "email"], actor=officer)
    run_worker()
    task.refresh_from_db()
    served_at, receipt = task.served_at, task.receipt_id
    assert task.served_channel == "inbox"
    bounce_process(_dsn(smtp_inbox.messages[0]))
    task.refresh_from_db()
    assert task.status == TaskStatus.SERVED and task.served_channel == "inbox"
    assert (task.served_at, task.receipt_id) == (served_at, receipt)
    assert len(_running(task)) == 1
    assert not Entry.objects.filter(event_type=ServiceEvent.COMPLETION_WITHDRAWN).exists()
