import pytest

pytestmark = pytest.mark.django_db


def test_demo_service_cases_once(demo):
    from yunting.service.demo import seed_demo_service
    from yunting.service.models import (
        AttemptStatus,
        PublicNotice,
        ServiceAttempt,
        ServiceBatch,
        ServiceTask,
        TaskStatus,
    )

    assert seed_demo_service() == 6
    assert seed_demo_service() == 0
    statuses = sorted(ServiceTask.objects.values_list("status", flat=True))
    dispatched = [TaskStatus.DISPATCHED] * 3  # public notice, e-mail link, post
    assert statuses == sorted(
        [TaskStatus.SERVED, TaskStatus.PENDING, *dispatched, TaskStatus.FAILED]
    )
    assert PublicNotice.objects.count() == 1
    link = ServiceAttempt.objects.exclude(status=AttemptStatus.BOUNCED).get(channel="email")
    assert link.link_key and link.read_at is None
    batch = ServiceBatch.objects.get()
    assert [a.channel for a in ServiceAttempt.objects.filter(task__batch=batch)] == ["postal"]
