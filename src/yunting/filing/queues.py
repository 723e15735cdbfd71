from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue

from .selectors import filing_review_queue

register_queue(
    Queue(
        key="filing_review",
        title=_("Filings to review"),
        url_name="filing:review_queue",
        roles=frozenset({Role.FILING_OFFICER}),
        count=lambda user: filing_review_queue(user=user).count(),
    )
)
