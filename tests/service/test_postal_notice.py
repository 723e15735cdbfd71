"""Post: one address sheet per recipient in the batch PDF; CSV import reports row by row and
applies nothing when a row is wrong. Public notice: served 30 days after publication."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from yunting.cases.models import Clock, ClockKind
from yunting.service.errors import ServiceError, ServiceErrorCode
from yunting.service.models import AttemptStatus, ServiceTask, TaskStatus

from .factories import defendant, issue, make_service_case

pytestmark = pytest.mark.django_db


def _postal_case(court, demo, officer, n):
    from yunting.service.addresses import address_confirm

    case = make_service_case(court=court, judge=demo["judge"], defendant_id=f"91310105MA1FL{n:05d}")
    address_confirm(
        party=defendant(case), actor=officer, source="express", postal=f"上海市长宁区延安西路{n}号"
    )
    return case


@pytest.fixture
def batch(court, demo, officer):
    from yunting.service.services import service_batch_create, service_dispatch

    tasks = []
    for n in (1, 2, 3):
        case = _postal_case(court, demo, officer, n)
        for code in ("response_notice", "summons"):
            extra = (
                {
                    "hearing_time": "2027-01-10T09:30",
                    "hearing_place": "第一法庭",
                    "summons_reason": "开庭审理",
                }
                if code == "summons"
                else None
            )
            task = ServiceTask.objects.get(document=issue(case, demo["judge"], code, extra=extra))
            service_dispatch(task=task, channels=["postal"], actor=officer)
            tasks.append(task)
    return service_batch_create(tasks=tasks, name="邮寄批次 1", actor=officer)


def test_postal_batch_pdf_has_one_address_sheet_per_recipient(batch):
    from yunting.service.postal import SHEET_MARK, batch_postal_pdf

    reader = PdfReader(io.BytesIO(batch_postal_pdf(batch=batch)))
    texts = ["".join(p.extract_text().split()) for p in reader.pages]
    sheets = [t for t in texts if SHEET_MARK in t]
    assert len(sheets) == 3  # three recipients, two documents each
    for n in (1, 2, 3):
        assert sum(f"延安西路{n}号" in t for t in sheets) == 1
    assert len(reader.pages) > 3


def _csv(rows):
    head = "reference,tracking_number,status,date,note\n"
    return (head + "\n".join(",".join(r) for r in rows) + "\n").encode()


def test_csv_with_unknown_or_malformed_rows_applies_nothing(batch, officer, court):
    from yunting.service.postal import postal_import

    attempts = [t.attempts.get() for t in batch.tasks.all()]
    ref = str(attempts[0].id)[:8]
    report = postal_import(
        court=court,
        actor=officer,
        data=_csv(
            [
                (ref, "EMS0001", "sent", "", ""),
                ("", "NO-SUCH-NUMBER", "delivered", "2026-12-01", ""),
                (str(attempts[1].id)[:8], "EMS0002", "delivered", "2026-13-45", ""),
                (str(attempts[2].id)[:8], "EMS0003", "lost", "2026-12-01", ""),
            ]
        ),
    )
    assert [r.ok for r in report.rows] == [True, False, False, False]
    assert [r.row for r in report.errors] == [3, 4, 5]
    assert report.applied == 0
    attempts[0].refresh_from_db()
    assert attempts[0].tracking_number == "" and attempts[0].status == AttemptStatus.QUEUED
    with pytest.raises(ServiceError) as exc:
        postal_import(court=court, actor=officer, data=b"\xff\xfe\x00garbage")
    assert exc.value.error_code == ServiceErrorCode.CSV_UNREADABLE


def test_csv_sent_then_delivered_and_returned_mail_falls_back(batch, officer, court):
    from yunting.service.postal import postal_import

    tasks = list(batch.tasks.all())
    a0, a1 = tasks[0].attempts.get(), tasks[1].attempts.get()
    report = postal_import(
        court=court,
        actor=officer,
        data=_csv(
            [
                (str(a0.id)[:8], "EMS0001", "sent", "", ""),
                (str(a1.id)[:8], "EMS0002", "sent", "", ""),
            ]
        ),
    )
    assert report.applied == 2 and not report.errors
    report = postal_import(
        court=court,
        actor=officer,
        data=_csv(
            [
                ("", "EMS0001", "delivered", "2026-12-01", ""),
                ("", "EMS0002", "returned", "2026-12-02", "查无此人"),
            ]
        ),
    )
    assert report.applied == 2
    tasks[0].refresh_from_db()
    tasks[1].refresh_from_db()
    assert tasks[0].status == TaskStatus.SERVED and tasks[0].basis == "postal_delivered"
    assert tasks[0].served_at.date() == dt.date(2026, 12, 1)
    assert Clock.objects.get(party=tasks[0].party, kind=ClockKind.DEFENCE).starts_on == dt.date(
        2026, 12, 1
    )
    assert tasks[1].status == TaskStatus.FAILED  # no other channel: the desk decides
    assert tasks[1].attempts.get().status == AttemptStatus.RETURNED


def test_public_notice_completes_after_thirty_days(court, demo, officer):
    from yunting.service.services import service_notice_publish, service_notices_complete

    case = make_service_case(court=court, judge=demo["judge"])
    task = ServiceTask.objects.get(document=issue(case, demo["judge"]))
    published = dt.date(2026, 12, 1)
    notice = service_notice_publish(task=task, actor=officer, today=published)
    assert notice.completes_on == dt.date(2026, 12, 31)
    assert notice.document.template_code == "service_public_notice"
    assert Clock.objects.get(party=task.party, kind=ClockKind.PUBLIC_NOTICE).due_on == dt.date(
        2026, 12, 31
    )
    assert service_notices_complete(today=dt.date(2026, 12, 30)) == 0
    task.refresh_from_db()
    assert task.status == TaskStatus.DISPATCHED
    assert service_notices_complete(today=dt.date(2026, 12, 31)) == 1
    task.refresh_from_db()
    assert task.status == TaskStatus.SERVED and task.basis == "public_notice"
    from django.utils import timezone

    assert timezone.localdate(task.served_at) == dt.date(2026, 12, 31)
    defence = Clock.objects.get(party=task.party, kind=ClockKind.DEFENCE)
    assert defence.starts_on == dt.date(2026, 12, 31)
    assert service_notices_complete(today=dt.date(2027, 1, 5)) == 0  # once


def test_public_notice_page_is_open_to_everyone(court, demo, officer, client):
    from yunting.service.services import service_notice_publish

    case = make_service_case(court=court, judge=demo["judge"])
    notice = service_notice_publish(
        task=ServiceTask.objects.get(document=issue(case, demo["judge"])), actor=officer
    )
    page = client.get("/service/notices/")
    assert page.status_code == 200 and case.case_number in page.content.decode()
    pdf = client.get(f"/service/notices/{notice.id}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_the_desk_publishes_a_public_notice_only_when_ticked(court, demo, officer, client):
    """An irreversible step: the button alone does nothing; with the box ticked it publishes."""
    from yunting.service.models import PublicNotice

    case = make_service_case(court=court, judge=demo["judge"])
    task = ServiceTask.objects.get(document=issue(case, demo["judge"]))
    client.force_login(officer)
    url = f"/service/tasks/{task.id}/serve/"
    client.post(url, {"action": "public_notice"})
    assert not PublicNotice.objects.filter(task=task).exists()
    page = client.get(f"/service/tasks/{task.id}/").content.decode()
    assert 'data-testid="confirm-notice"' in page and "onclick" not in page
    client.post(url, {"action": "public_notice", "confirm_notice": "on"})
    assert PublicNotice.objects.filter(task=task).exists()
