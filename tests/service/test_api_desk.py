"""The inbox API (list, acknowledge; another person's item is a 404), the party's page, the
history from the party's other cases behind the recommendation, reminders, the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from yunting.service.models import ServiceTask

from .factories import defendant, issue, make_service_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(case, confirmed, officer):
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["inbox"], actor=officer)
    return task


def test_inbox_api_lists_and_acknowledges(served, client, demo):
    client.force_login(demo["lawyer"])
    listing = client.get("/api/v1/service/inbox/").json()["results"]
    assert [i["document"] for i in listing] == ["应诉通知书"]
    assert listing[0]["task_status"] == "served" and listing[0]["read_at"] is None
    item = listing[0]["id"]
    answer = client.post(f"/api/v1/service/inbox/{item}/acknowledge/")
    assert answer.status_code == 200 and answer.json()["read_at"]


def test_inbox_api_hides_other_peoples_items(served, client, demo):
    client.force_login(demo["litigant"])  # the plaintiff's account: not the defendant's inbox
    assert client.get("/api/v1/service/inbox/").json()["results"] == []
    item = served.attempts.get().id
    answer = client.post(f"/api/v1/service/inbox/{item}/acknowledge/")
    assert answer.status_code == 404
    assert client.get(f"/service/inbox/{item}/read/").status_code == 404


def test_my_service_page_and_reading_from_the_inbox(served, client, demo):
    client.force_login(demo["lawyer"])
    page = client.get("/service/mine/")
    assert "应诉通知书" in page.content.decode()
    pdf = client.get(f"/service/inbox/{served.attempts.get().id}/read/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert served.attempts.get().read_at is not None


def test_history_from_other_cases_drives_the_recommendation(court, demo, officer):
    """Same company in an earlier case: its e-mail bounced there, SMS worked; the desk is
    recommended SMS here even though e-mail comes first by default."""
    from yunting.service.addresses import address_confirm, address_history, recommend_channels
    from yunting.service.models import AttemptStatus
    from yunting.service.services import attempt_failed, service_dispatch

    earlier = make_service_case(court=court, judge=demo["judge"])
    address_confirm(
        party=defendant(earlier),
        actor=officer,
        source="express",
        email="old@shifan.example",
        mobile="13900000099",
        consent={"email", "sms"},
    )
    task = ServiceTask.objects.get(document=issue(earlier, demo["judge"]))
    service_dispatch(task=task, channels=["email"], actor=officer)
    attempt_failed(
        attempt=task.attempts.get(), status=AttemptStatus.BOUNCED, error="550", actor=None
    )  # falls back to SMS (queued)
    now = case_now = task.attempts.get(channel="sms")
    from django.utils import timezone

    from yunting.service.services import attempt_delivered

    attempt_delivered(attempt=now, at=timezone.now(), actor=None)
    assert case_now.task_id == task.id
    later = make_service_case(court=court, judge=demo["judge"])
    address_confirm(
        party=defendant(later),
        actor=officer,
        source="prior_agreement",
        email="old@shifan.example",
        mobile="13900000099",
        consent={"email", "sms"},
    )
    history = {(h["channel"], h["value"]): h for h in address_history(party=defendant(later))}
    assert history[("email", "old@shifan.example")]["bounced"] == 1
    assert earlier.case_number in history[("email", "old@shifan.example")]["cases"]
    assert recommend_channels(party=defendant(later))[0] == "sms"


@pytest.mark.django_db(transaction=True)
def test_reminders_before_the_defence_period_ends(served, smtp_inbox, sms_provider, run_worker):
    from yunting.cases.models import Clock
    from yunting.service.tasks import clock_reminders

    clock = Clock.objects.get(party=served.party, kind="defence")
    assert clock_reminders(today=clock.due_on - dt.timedelta(days=3)) == 1
    assert clock_reminders(today=clock.due_on - dt.timedelta(days=3)) == 0  # once
    run_worker()
    lawyer_phone = served.party.agents.get().user.phone
    assert any("答辩期" in t or "Defence" in t for t in sms_provider.to(lawyer_phone))


def test_dashboard_counts_and_chart(served, client, officer, case):
    issue(
        case,
        case.judge,
        code="summons",
        extra={
            "hearing_time": "2027-01-10T09:30",
            "hearing_place": "第一法庭",
            "summons_reason": "开庭审理",
        },
    )
    client.force_login(officer)
    page = client.get("/service/desk/dashboard/").content.decode()
    assert 'data-testid="served">1<' in page and 'data-testid="open">1<' in page
    assert 'data-testid="rate">50.0%<' in page and 'data-testid="eshare">100.0%<' in page
    assert "<svg" in page
    queue = client.get("/service/desk/").content.decode()
    assert "传票" in queue


def test_desk_pages_are_404_for_litigants(client, demo, served):
    client.force_login(demo["litigant"])
    assert client.get("/service/desk/").status_code == 404
    assert client.get(f"/service/tasks/{served.id}/").status_code == 404


def test_other_courts_staff_get_404_on_the_task(client, jingan, served):
    client.force_login(jingan["judge"])
    assert client.get(f"/service/tasks/{served.id}/").status_code == 404
