"""Workbench queues of the judgments app; also registers the trial-limit source with cases."""

from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.cases.selectors import register_trial_limit_source
from yunting.workbench.navigation import Queue, register_queue

from . import selectors
from .services.limits import limit_inputs

register_trial_limit_source(
    limit_inputs, prefetch=("suspensions", "extensions", "procedure_changes", "appeal_origin")
)

register_queue(
    Queue(
        key="judgments_limits",
        title=_("Trial limits: due soon / overdue (临期/超期)"),
        url_name="judgments:limits",
        roles=frozenset({Role.JUDGE, Role.COURT_ADMIN}),
        count=lambda user: len(selectors.cases_by_limit_state(user=user)),
    )
)
register_queue(
    Queue(
        key="judgments_appeals_in",
        title=_("Appeals to docket (上诉案件立案)"),
        url_name="judgments:appeals_in",
        roles=frozenset({Role.FILING_OFFICER}),
        count=lambda user: selectors.appeals_to_docket(user=user).count(),
    )
)
register_queue(
    Queue(
        key="judgments_appeals_out",
        title=_("Appeals to send (上诉案件移送)"),
        url_name="judgments:appeals_out",
        roles=frozenset({Role.JUDGE, Role.CLERK}),
        count=lambda user: selectors.appeals_to_transmit(user=user).count(),
    )
)
