"""Workbench queue: the hearings ahead of a judge or clerk (and those still being agreed)."""

from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue

from .selectors import hearings_ahead_for_staff

register_queue(
    Queue(
        key="hearings_ahead",
        title=_("My hearings"),
        url_name="hearings:my_hearings",
        roles=frozenset({Role.JUDGE, Role.CLERK}),
        count=lambda user: hearings_ahead_for_staff(user=user).count(),
    )
)
