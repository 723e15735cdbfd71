"""Workbench queue of the publication app."""

from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue

from . import selectors

register_queue(
    Queue(
        key="publication_review",
        title=_("Judgments to publish"),
        url_name="publication:queue",
        roles=frozenset({Role.JUDGE, Role.CLERK}),
        count=lambda user: selectors.decisions_to_review(user=user).count(),
    )
)
