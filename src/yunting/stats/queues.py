"""The dashboard's entry in the workbench navigation, with the count of cases pending."""

from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue


def _pending(user) -> int:
    """存案 today, by one count query (the dashboard computes the rest)."""
    from .selectors import pending_count

    return pending_count(user=user)


register_queue(
    Queue(
        key="stats_dashboard",
        title=_("Court statistics"),
        url_name="stats:dashboard",
        roles=frozenset({Role.COURT_ADMIN}),
        count=_pending,
    )
)
