"""Payloads of the service events: addresses, tasks and batches, each channel's attempts,
links, completion and its corrections, proof, post, public notice and reminders."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from tests.ledger.payloads.helpers import assert_event, covers, recorded
from tests.service.factories import DEFENDANT_CODE, issue, make_service_case
from yunting.cases.models import Clock
from yunting.service import services
from yunting.service.addresses import address_confirm
from yunting.service.errors import ServiceError
from yunting.service.events import ServiceEvent
from yunting.service.links import link_verify
from yunting.service.models import AddressConfirmation, ServiceTask
from yunting.service.postal import postal_import, postal_update
from yunting.service.tasks import clock_reminders

pytestmark = pytest.mark.django_db


def _head(task) -> dict:
    return {
        "task": str(task.id),
        "document": str(task.document_id),
        "party": str(task.party_id),
        "case_number": task.case.case_number,
    }


def _attempt(a) -> dict:
    return _head(a.task) | {"attempt": str(a.id), "channel": a.channel, "address": a.address}


def _at(case, actor) -> dict:
    return {"case_id": case.id, "court_id": case.court_id, "actor_id": actor.id if actor else None}


def _task(case):
    return ServiceTask.objects.get(document=issue(case, case.judge))


@covers(
    ServiceEvent.ADDRESS_CONFIRMED,
    ServiceEvent.TASK_OPENED,
    ServiceEvent.TASK_ASSIGNED,
    ServiceEvent.BATCH_CREATED,
    ServiceEvent.DISPATCHED,
    ServiceEvent.ATTEMPT_DELIVERED,
    ServiceEvent.SERVED,
    ServiceEvent.RECEIPT_FILED,
)
def test_inbox_service_events(case, officer):
    party = case.parties.get(role="defendant")
    with recorded() as entries:
        address_confirm(
            party=party,
            actor=officer,
            source="express",
            inbox=True,
            mobile="13900000099",
            consent={"inbox"},
        )
    confirmation = AddressConfirmation.objects.get(party=party)
    entry = assert_event(
        entries,
        ServiceEvent.ADDRESS_CONFIRMED,
        {
            "confirmation": str(confirmation.id),
            "party": str(party.id),
            "source": "express",
            "channels": {
                "inbox": {"address": "account", "consent": True},
                "sms": {"address": "13900000099", "consent": False},
            },
        },
        **_at(case, officer),
    )
    assert entry.document_hashes == [confirmation.document.sha256]

    with recorded() as entries:
        task = _task(case)
    assert_event(
        entries,
        ServiceEvent.TASK_OPENED,
        _head(task) | {"due_on": task.due_on.isoformat()},
        **_at(case, case.judge),
    )
    with recorded() as entries:
        services.service_tasks_assign(tasks=[task], officer=officer, actor=officer)
    assert_event(
        entries,
        ServiceEvent.TASK_ASSIGNED,
        _head(task) | {"officer": str(officer.id)},
        **_at(case, officer),
    )
    with recorded() as entries:
        batch = services.service_batch_create(tasks=[task], name=" 第一批 ", actor=officer)
    assert_event(
        entries,
        ServiceEvent.BATCH_CREATED,
        {"batch": str(batch.id), "name": "第一批", "tasks": 1},
        court_id=case.court_id,
        case_id=None,
        actor_id=officer.id,
    )
    with recorded() as entries:
        services.service_dispatch(task=task, channels=["inbox"], actor=officer)
    task.refresh_from_db()
    inbox = task.attempts.get()
    assert_event(
        entries,
        ServiceEvent.DISPATCHED,
        _head(task) | {"channels": ["inbox"]},
        **_at(case, officer),
    )
    assert_event(
        entries,
        ServiceEvent.ATTEMPT_DELIVERED,
        _attempt(inbox) | {"at": inbox.delivered_at.isoformat()},
        **_at(case, officer),
    )
    entry = assert_event(
        entries,
        ServiceEvent.SERVED,
        _head(task)
        | {
            "channel": "inbox",
            "address": inbox.address,
            "at": task.served_at.isoformat(),
            "basis": "reached_system",
        },
        **_at(case, officer),
    )
    assert entry.document_hashes == [task.document.sha256]
    with recorded() as entries:
        receipt = services.service_receipt_issue(task=task)
    task.refresh_from_db()
    entry = assert_event(
        entries,
        ServiceEvent.RECEIPT_FILED,
        _head(task) | {"receipt": str(receipt.id), "served_at": task.served_at.isoformat()},
        **_at(case, receipt.issued_by),
    )
    assert entry.document_hashes == [receipt.sha256]


@covers(
    ServiceEvent.LINK_OPENED,
    ServiceEvent.DOCUMENT_READ,
    ServiceEvent.LINK_LOCKED,
    ServiceEvent.ATTEMPT_FAILED,
    ServiceEvent.FALLBACK,
)
def test_link_and_failure_events(case, confirmed, officer):
    task = _task(case)
    services.service_dispatch(task=task, channels=["email"], actor=officer)
    email = task.attempts.get(channel="email")
    with recorded() as entries:
        link_verify(attempt=email, method="id6", code=DEFENDANT_CODE[-6:])
    assert_event(
        entries, ServiceEvent.LINK_OPENED, _attempt(email) | {"method": "id6"}, **_at(case, None)
    )
    with recorded() as entries:
        services.attempt_read(attempt=email, actor=None)
    assert_event(entries, ServiceEvent.DOCUMENT_READ, _attempt(email), **_at(case, None))

    other = _task(case)
    services.service_dispatch(task=other, channels=["email"], actor=officer)
    mail = other.attempts.get(channel="email")
    with recorded() as entries:
        for _ in range(5):
            with pytest.raises(ServiceError):
                link_verify(attempt=mail, method="id6", code="000000")
    assert_event(
        entries, ServiceEvent.LINK_LOCKED, _attempt(mail) | {"failures": 5}, **_at(case, None)
    )
    with recorded() as entries:
        services.attempt_failed(
            attempt=mail, status="bounced", error="550 no such user", actor=None
        )
    assert_event(
        entries,
        ServiceEvent.ATTEMPT_FAILED,
        _attempt(mail) | {"status": "bounced", "error": "550 no such user"},
        **_at(case, None),
    )
    nxt = other.attempts.exclude(pk=mail.pk).get()
    assert_event(
        entries, ServiceEvent.FALLBACK, _attempt(nxt) | {"after": str(mail.id)}, **_at(case, None)
    )


@covers(ServiceEvent.SERVICE_CORRECTED)
def test_service_corrected_event(case, confirmed, officer):
    task = _task(case)
    services.service_dispatch(task=task, channels=["email", "postal"], actor=officer)
    now = timezone.now()
    services.attempt_delivered(attempt=task.attempts.get(channel="email"), at=now, actor=None)
    task.refresh_from_db()
    old_at = task.served_at
    with recorded() as entries:
        postal_update(
            attempt=task.attempts.get(channel="postal"),
            status="delivered",
            actor=officer,
            tracking_number="EMS001",
            day=timezone.localdate(now) - dt.timedelta(days=1),
        )
    task.refresh_from_db()
    assert task.served_at < old_at
    assert_event(
        entries,
        ServiceEvent.SERVICE_CORRECTED,
        _head(task)
        | {
            "at": {
                "old": old_at.isoformat(),
                "new": timezone.localtime(task.served_at).isoformat(),  # the day, court time
            },
            "channel": "postal",
        },
        **_at(case, officer),
    )


@covers(ServiceEvent.POSTAL_IMPORTED)
def test_postal_imported_event(case, confirmed, officer, court):
    task = _task(case)
    services.service_dispatch(task=task, channels=["postal"], actor=officer)
    post = task.attempts.get(channel="postal")
    data = f"reference,tracking_number,status,date,note\n{str(post.id)[:8]},EMS0001,sent,,\n"
    data = data.encode()
    with recorded() as entries:
        report = postal_import(court=court, actor=officer, data=data)
    assert report.applied == 1
    assert_event(
        entries,
        ServiceEvent.POSTAL_IMPORTED,
        {"rows": 1, "file_sha256": hashlib.sha256(data).hexdigest()},
        court_id=court.id,
        case_id=None,
        actor_id=officer.id,
    )


@covers(ServiceEvent.NOTICE_PUBLISHED)
def test_notice_published_event(court, demo, officer):
    case = make_service_case(court=court, judge=demo["judge"])
    task = _task(case)
    with recorded() as entries:
        notice = services.service_notice_publish(
            task=task, actor=officer, today=dt.date(2026, 12, 1)
        )
    entry = assert_event(
        entries,
        ServiceEvent.NOTICE_PUBLISHED,
        _head(task) | {"published_on": "2026-12-01", "completes_on": "2026-12-31"},
        **_at(case, officer),
    )
    assert entry.document_hashes == [notice.document.sha256]


@covers(ServiceEvent.REMINDER_SENT)
def test_reminder_sent_event(case, confirmed, officer):
    task = _task(case)
    services.service_dispatch(task=task, channels=["inbox"], actor=officer)
    clock = Clock.objects.get(source=f"service:{task.id}")
    with recorded() as entries:
        assert clock_reminders(today=clock.due_on - dt.timedelta(days=3)) >= 1
    mine = [e for e in entries if e.payload.get("clock") == str(clock.id)]
    assert_event(
        mine,
        ServiceEvent.REMINDER_SENT,
        {
            "clock": str(clock.id),
            "kind": clock.kind,
            "due_on": clock.due_on.isoformat(),
            "days_before": 3,
            "recipients": 1,  # the defendant (a company, no account) through its lawyer
        },
        **_at(case, None),
    )
