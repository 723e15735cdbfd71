"""Tasks open on issue; consent gates the channels; the earliest effective channel wins; the
proof is filed; the right clock starts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yunting.cases.models import Clock, ClockKind
from yunting.service.errors import ServiceError, ServiceErrorCode
from yunting.service.events import ServiceEvent
from yunting.service.models import AttemptStatus, ServiceTask, TaskStatus

from .factories import defendant, issue

pytestmark = pytest.mark.django_db


def test_issuing_to_a_party_opens_one_task_with_due_date(case, demo):
    doc = issue(case, demo["judge"])
    task = ServiceTask.objects.get(document=doc)
    assert task.party == defendant(case)
    assert task.due_on == timezone.localdate(doc.issued_at) + dt.timedelta(days=5)
    assert task.status == TaskStatus.PENDING
    from yunting.ledger.models import Entry

    assert Entry.objects.filter(event_type=ServiceEvent.TASK_OPENED, case_id=case.id).exists()


def test_document_without_recipient_opens_no_task_but_judge_may_choose(case, demo):
    from yunting.documents.services import document_issue
    from yunting.service.services import service_tasks_open

    doc = document_issue(template_code="evidence_notice", case=case, actor=demo["judge"])
    assert not ServiceTask.objects.filter(document=doc).exists()
    opened = service_tasks_open(
        documents=[doc], parties=list(case.parties.all()), actor=demo["judge"]
    )
    assert len(opened) == 2
    again = service_tasks_open(
        documents=[doc], parties=list(case.parties.all()), actor=demo["judge"]
    )
    assert again == []


def test_opening_the_same_pair_twice_is_refused(case, demo):
    from yunting.service.services import service_task_open

    doc = issue(case, demo["judge"])
    with pytest.raises(ServiceError) as exc:
        service_task_open(document=doc, party=defendant(case), actor=demo["judge"])
    assert exc.value.error_code == ServiceErrorCode.ALREADY_OPEN


def test_no_consent_means_no_electronic_channel(case, officer):
    from yunting.service.addresses import address_confirm, channels_offered
    from yunting.service.services import service_dispatch

    party = defendant(case)
    address_confirm(
        party=party,
        actor=officer,
        source="express",
        email="a@b.example",
        mobile="13900000099",
        postal="上海市长宁区延安西路1号",
        consent=set(),
    )
    assert channels_offered(party=party) == ["postal", "public_notice"]
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    for channel in ("email", "sms", "inbox"):
        with pytest.raises(ServiceError) as exc:
            service_dispatch(task=task, channels=[channel], actor=officer)
        assert exc.value.error_code == ServiceErrorCode.NO_CONSENT
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING and not task.attempts.exists()


def test_bad_addresses_are_refused_with_nothing_written(case, officer):
    from yunting.service.addresses import address_confirm
    from yunting.service.models import AddressConfirmation

    party = defendant(case)
    for kwargs, code in [
        ({"mobile": "12345"}, ServiceErrorCode.BAD_MOBILE),
        ({"email": "not-an-address"}, ServiceErrorCode.BAD_EMAIL),
        ({}, ServiceErrorCode.NOTHING_CONFIRMED),
    ]:
        with pytest.raises(ServiceError) as exc:
            address_confirm(party=party, actor=officer, source="express", **kwargs)
        assert exc.value.error_code == code
    assert not AddressConfirmation.objects.exists()


def test_confirmation_is_a_sealed_document_in_the_efile(case, confirmed):
    from yunting.efile.models import Item
    from yunting.service.models import AddressConfirmation

    conf = AddressConfirmation.objects.get(party=confirmed)
    assert conf.document.template_code == "address_confirmation"
    assert conf.source == "express"
    assert Item.objects.filter(sha256=conf.document.sha256).exists()
    assert not ServiceTask.objects.filter(document=conf.document).exists()


@pytest.mark.django_db(transaction=True)
def test_inbox_serves_at_once_files_proof_and_starts_defence(
    case, confirmed, officer, smtp_inbox, run_worker
):
    from yunting.efile.models import Item
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["inbox", "email"], actor=officer)
    task.refresh_from_db()
    assert task.status == TaskStatus.SERVED and task.served_channel == "inbox"
    assert task.basis == "reached_system"
    assert task.receipt is None  # sealed by the worker, just after
    run_worker()
    task.refresh_from_db()
    assert task.receipt.template_code == "e_service_receipt"
    assert task.receipt.extra["service_method"] == "电子送达（诉讼服务平台）"
    assert Item.objects.filter(sha256=task.receipt.sha256).exists()
    clock = Clock.objects.get(party=confirmed, kind=ClockKind.DEFENCE)
    assert clock.source == f"service:{task.id}"
    assert clock.starts_on == timezone.localdate(task.served_at)
    # the e-mail still went out with the worker, but the inbox was first
    email = task.attempts.get(channel="email")
    assert email.status == AttemptStatus.CLOSED and email.delivered_at is not None
    [message] = smtp_inbox.messages
    assert message["To"] == "legal@shifan.example"
    body = message.get_payload(decode=True).decode()
    from yunting.service.links import link_token

    assert f"http://testserver/s/{link_token(email)}/" in body
    assert Clock.objects.filter(party=confirmed, kind=ClockKind.DEFENCE).count() == 1


def test_serving_twice_is_refused(case, confirmed, officer):
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["inbox"], actor=officer)
    with pytest.raises(ServiceError) as exc:
        service_dispatch(task=task, channels=["inbox"], actor=officer)
    assert exc.value.error_code == ServiceErrorCode.ALREADY_SERVED
    assert task.attempts.count() == 1


@pytest.mark.django_db(transaction=True)
def test_earliest_effective_channel_wins_even_when_reported_late(
    case, confirmed, officer, smtp_inbox, run_worker
):
    """Post delivered (signed for) the day before the e-mail reached the server: the post
    counts, the service date moves back, the clock restarts from it."""
    from yunting.service.postal import postal_update
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email", "postal"], actor=officer)
    run_worker()
    task.refresh_from_db()
    assert task.served_channel == "email"
    email_day = timezone.localdate(task.served_at)
    post = task.attempts.get(channel="postal")
    assert post.status == AttemptStatus.CLOSED
    postal_update(
        attempt=post,
        status="delivered",
        actor=officer,
        tracking_number="EMS001",
        day=email_day - dt.timedelta(days=1),
    )
    task.refresh_from_db()
    assert task.served_channel == "postal"
    assert timezone.localdate(task.served_at) == email_day - dt.timedelta(days=1)
    run_worker()
    task.refresh_from_db()
    assert task.receipt.extra["service_method"] == "邮寄送达"  # the corrected proof
    running = Clock.objects.get(party=confirmed, kind=ClockKind.DEFENCE, stopped_at=None)
    assert running.starts_on == email_day - dt.timedelta(days=1)
    # a later delivery changes nothing
    sms_day_later = task.served_at
    from yunting.service.services import attempt_delivered

    attempt_delivered(
        attempt=task.attempts.get(channel="email"),
        at=sms_day_later + dt.timedelta(days=3),
        actor=None,
    )
    task.refresh_from_db()
    assert task.served_channel == "postal"


def test_serving_an_evidence_notice_starts_no_second_limit(case, confirmed, officer):
    """The court fixed the 举证期限 when it set it (the evidence app starts that clock); the
    notice's service is recorded, and no other evidence period appears."""
    from yunting.service.services import service_dispatch

    doc = issue(case, case.judge, code="evidence_notice", extra={"due_on": "2027-01-29"})
    task = ServiceTask.objects.get(document=doc)
    service_dispatch(task=task, channels=["inbox"], actor=officer)
    task.refresh_from_db()
    assert task.served_at is not None
    assert not Clock.objects.filter(party=confirmed, kind=ClockKind.EVIDENCE).exists()


def test_foreign_staff_cannot_serve(case, confirmed, jingan):
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    with pytest.raises(ServiceError) as exc:
        service_dispatch(task=task, channels=["inbox"], actor=jingan["judge"])
    assert exc.value.error_code == ServiceErrorCode.NOT_STAFF
