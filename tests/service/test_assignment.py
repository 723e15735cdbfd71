"""The desk shares out its queue: open tasks go to a service officer of their court, each
hand-over recorded; closed tasks, other courts and people who are not officers are refused."""

from __future__ import annotations

import pytest

from yunting.ledger.models import Entry
from yunting.service.errors import ServiceError, ServiceErrorCode
from yunting.service.events import ServiceEvent
from yunting.service.models import ServiceTask, TaskStatus
from yunting.service.selectors import service_queue
from yunting.service.services import service_tasks_assign

from .factories import defendant, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_officer(court):
    from yunting.accounts.models import User
    from yunting.accounts.roles import Role
    from yunting.accounts.services import role_grant

    user = User.objects.create_user("13900000041", "x-unused-9", name="钱送达")
    role_grant(user=user, role=Role.SERVICE_OFFICER, court=court)
    return user


@pytest.fixture
def two_tasks(case):
    issue(case, case.judge)
    issue(case, case.judge, code="summons")
    tasks = list(ServiceTask.objects.filter(case=case).order_by("created_at"))
    assert len(tasks) == 2
    return tasks


def test_open_tasks_go_to_an_officer_and_show_in_their_queue(
    case, two_tasks, officer, second_officer
):
    assert service_tasks_assign(tasks=two_tasks, officer=second_officer, actor=officer) == 2
    assert {t.assigned_to_id for t in ServiceTask.objects.filter(case=case)} == {second_officer.id}

    def assigned():
        return list(Entry.objects.filter(event_type=ServiceEvent.TASK_ASSIGNED).order_by("seq"))

    entries = assigned()
    assert [e.actor_id for e in entries] == [officer.id, officer.id]
    assert {e.payload["officer"] for e in entries} == {str(second_officer.id)}
    mine = service_queue(user=second_officer, mine=True)
    assert {t.pk for t in mine} == {t.pk for t in two_tasks}
    assert not service_queue(user=officer, mine=True).exists()
    # Giving them to the same officer again changes nothing and records nothing.
    assert service_tasks_assign(tasks=two_tasks, officer=second_officer, actor=officer) == 0
    assert len(assigned()) == 2
    # Handing one back to the first officer is one more recorded hand-over.
    assert service_tasks_assign(tasks=two_tasks[:1], officer=officer, actor=second_officer) == 1
    assert len(assigned()) == 3
    assert {t.pk for t in service_queue(user=officer, mine=True)} == {two_tasks[0].pk}


def test_a_closed_task_refuses_the_whole_choice(case, two_tasks, officer, second_officer):
    from yunting.service.withdrawal import service_task_withdraw

    service_task_withdraw(task=two_tasks[1], actor=officer, reason="原告已撤诉")
    with pytest.raises(ServiceError) as exc:
        service_tasks_assign(tasks=two_tasks, officer=second_officer, actor=officer)
    assert exc.value.error_code == ServiceErrorCode.TASK_CLOSED
    assert defendant(case).name in str(exc.value.message)
    assert not ServiceTask.objects.filter(case=case, assigned_to=second_officer).exists()
    assert not Entry.objects.filter(event_type=ServiceEvent.TASK_ASSIGNED).exists()
    assert ServiceTask.objects.get(pk=two_tasks[1].pk).status == TaskStatus.WITHDRAWN


def test_only_an_officer_of_the_court_takes_tasks_and_only_its_staff_give_them(
    case, two_tasks, officer, demo, jingan
):
    with pytest.raises(ServiceError) as exc:  # a clerk of the court is not a service officer
        service_tasks_assign(tasks=two_tasks, officer=demo["clerk"], actor=officer)
    assert exc.value.error_code == ServiceErrorCode.NOT_OFFICER
    with pytest.raises(ServiceError) as exc:  # another court's staff cannot share this queue
        service_tasks_assign(tasks=two_tasks, officer=officer, actor=jingan["clerk"])
    assert exc.value.error_code == ServiceErrorCode.NOT_STAFF
    with pytest.raises(ServiceError) as exc:
        service_tasks_assign(tasks=[], officer=officer, actor=officer)
    assert exc.value.error_code == ServiceErrorCode.NO_TASKS
    assert not ServiceTask.objects.filter(case=case).exclude(assigned_to=None).exists()


def test_the_desk_page_refuses_an_unknown_officer_and_a_malformed_task_id(
    client, case, two_tasks, officer, demo
):
    client.force_login(officer)
    ids = [str(t.pk) for t in two_tasks]
    r = client.post(
        "/service/desk/action/",
        {"action": "assign", "task": ids, "officer": str(demo["clerk"].id)},
        follow=True,
    )
    assert "只有本院送达专员可以承办送达任务" in r.content.decode()
    r = client.post(
        "/service/desk/action/", {"action": "assign", "task": ["not-a-uuid"]}, follow=True
    )
    assert r.status_code == 200
    assert not ServiceTask.objects.filter(case=case).exclude(assigned_to=None).exists()
    r = client.post(
        "/service/desk/action/",
        {"action": "assign", "task": ids, "officer": str(officer.id)},
        follow=True,
    )
    assert "已将2个任务分配给孙送达" in r.content.decode()
    assert ServiceTask.objects.filter(case=case, assigned_to=officer).count() == 2
