"""Workbench queues of the service app: the central desk's open tasks, and overdue ones."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue

from .selectors import tasks_pending_for

register_queue(
    Queue(
        key="service_pending",
        title=_("To serve"),
        url_name="service:queue",
        roles=frozenset({Role.SERVICE_OFFICER, Role.CLERK}),
        count=lambda user: tasks_pending_for(user=user).count(),
    )
)
register_queue(
    Queue(
        key="service_overdue",
        title=_("Service overdue"),
        url_name="service:overdue",
        roles=frozenset({Role.SERVICE_OFFICER}),
        count=lambda user: (
            tasks_pending_for(user=user).filter(due_on__lt=timezone.localdate()).count()
        ),
    )
)
