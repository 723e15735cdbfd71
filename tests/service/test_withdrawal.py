"""撤回送达: the desk withdraws a task with its reason; live channels stop; a late delivery no
longer serves it; it neither counts as overdue nor blocks the closing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from yunting.service.errors import ServiceError, ServiceErrorCode
from yunting.service.models import AttemptStatus, ServiceTask, TaskStatus
from yunting.service.selectors import open_tasks_blocking_closing
from yunting.service.withdrawal import service_task_withdraw

from .factories import issue

pytestmark = pytest.mark.django_db


def test_withdrawal_needs_a_reason_and_stops_live_channels(case, confirmed, officer):
    from yunting.service.services import attempt_delivered, service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email"], actor=officer)
    assert open_tasks_blocking_closing(case)
    with pytest.raises(ServiceError) as exc:
        service_task_withdraw(task=task, actor=officer, reason="  ")
    assert exc.value.error_code == ServiceErrorCode.NO_REASON
    task.refresh_from_db()
    assert task.status == TaskStatus.DISPATCHED
    service_task_withdraw(task=task, actor=officer, reason="原告已撤诉")
    task.refresh_from_db()
    assert (task.status, task.withdrawn_reason) == (TaskStatus.WITHDRAWN, "原告已撤诉")
    attempt = task.attempts.get()
    assert attempt.status == AttemptStatus.CLOSED
    # The mail server's acceptance arrives after the withdrawal: recorded, not served.
    attempt_delivered(attempt=attempt, at=timezone.now(), actor=None)
    task.refresh_from_db()
    assert task.status == TaskStatus.WITHDRAWN and task.served_at is None
    assert open_tasks_blocking_closing(case) == []
    with pytest.raises(ServiceError) as exc:
        service_dispatch(task=task, channels=["inbox"], actor=officer)
    assert exc.value.error_code == ServiceErrorCode.WRONG_STATE


def test_a_served_task_cannot_be_withdrawn(case, confirmed, officer):
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["inbox"], actor=officer)
    with pytest.raises(ServiceError) as exc:
        service_task_withdraw(task=task, actor=officer, reason="不需要了")
    assert exc.value.error_code == ServiceErrorCode.ALREADY_SERVED


def test_foreign_staff_cannot_withdraw(case, confirmed, jingan):
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    with pytest.raises(ServiceError) as exc:
        service_task_withdraw(task=task, actor=jingan["judge"], reason="不需要了")
    assert exc.value.error_code == ServiceErrorCode.NOT_STAFF
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING


def test_the_closing_decisions_own_service_does_not_block(case, confirmed):
    doc = issue(case, case.judge)
    [line] = open_tasks_blocking_closing(case)
    assert doc.title in line and confirmed.name in line
    assert open_tasks_blocking_closing(case, frozenset({doc.id})) == []


def test_the_desk_withdraws_on_the_task_page(case, confirmed, officer, client):
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    client.force_login(officer)
    page = client.get(task.get_absolute_url()).content.decode()
    assert 'data-testid="withdraw"' in page
    answer = client.post(f"/service/tasks/{task.id}/withdraw/", {"reason": ""}, follow=True)
    assert "请说明撤回送达的理由" in answer.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.PENDING
    answer = client.post(
        f"/service/tasks/{task.id}/withdraw/", {"reason": "文书已替换"}, follow=True
    )
    body = answer.content.decode()
    assert 'data-testid="withdrawn-reason"' in body and "文书已替换" in body
    assert 'data-testid="withdraw"' not in body
    task.refresh_from_db()
    assert task.status == TaskStatus.WITHDRAWN


def test_a_withdrawn_task_is_out_of_the_completion_rate(case, confirmed, officer):
    from yunting.service.selectors import dashboard
    from yunting.service.services import service_dispatch

    served = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=served, channels=["inbox"], actor=officer)
    notice = issue(case, case.judge, code="evidence_notice", extra={"due_on": "2027-01-29"})
    other = ServiceTask.objects.get(document=notice)
    before = dashboard(user=officer)
    assert (before["total"], before["served"], before["open"]) == (2, 1, 1)
    service_task_withdraw(task=other, actor=officer, reason="举证期限已重新指定，原通知作废")
    after = dashboard(user=officer)
    assert (after["total"], after["served"], after["open"], after["rate"]) == (1, 1, 0, 100.0)
