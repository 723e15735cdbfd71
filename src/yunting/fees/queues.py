"""Workbench queues of the fees app: unpaid fees for the judge, money matters for finance."""

from django.utils.translation import gettext_lazy as _

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue

from .selectors import (
    orders_overdue_for_judge,
    refunds_pending_for_finance,
    reliefs_pending_for_judge,
)

register_queue(
    Queue(
        key="fees_overdue",
        title=_("Unpaid fees: treat as withdrawn"),
        url_name="fees:overdue_queue",
        roles=frozenset({Role.JUDGE}),
        count=lambda user: orders_overdue_for_judge(user=user).count(),
    )
)
register_queue(
    Queue(
        key="fees_relief",
        title=_("Fee deferral, reduction, waiver"),
        url_name="fees:relief_queue",
        roles=frozenset({Role.JUDGE}),
        count=lambda user: reliefs_pending_for_judge(user=user).count(),
    )
)
register_queue(
    Queue(
        key="fees_finance",
        title=_("Fees: transfers and refunds"),
        url_name="fees:finance_home",
        roles=frozenset({Role.FINANCE_OFFICER}),
        count=lambda user: refunds_pending_for_finance(user=user).count(),
    )
)
