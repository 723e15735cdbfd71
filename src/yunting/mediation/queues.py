"""Workbench queues: disputes to designate (coordinator), to mediate (mediator), and
applications for judicial confirmation (judge)."""

from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue

from .selectors import confirmations_for, mediating_for, to_designate

register_queue(
    Queue(
        key="mediation_designate",
        title=_("Disputes to designate"),
        url_name="mediation:queue",
        roles=frozenset({Role.MEDIATOR, Role.FILING_OFFICER, Role.COURT_ADMIN}),
        count=lambda user: to_designate(user=user).count(),
    )
)
register_queue(
    Queue(
        key="mediation_mine",
        title=_("My mediations"),
        url_name="mediation:mine",
        roles=frozenset({Role.MEDIATOR}),
        count=lambda user: mediating_for(user=user).count(),
    )
)
register_queue(
    Queue(
        key="mediation_confirmations",
        title=_("Judicial confirmations"),
        url_name="mediation:confirmations",
        roles=frozenset({Role.JUDGE}),
        count=lambda user: confirmations_for(user=user).count(),
    )
)
