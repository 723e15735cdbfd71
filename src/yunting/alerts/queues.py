"""Workbench entries of the early warnings, one per list, each counted for its reader and
titled as its page. The judge's unpaid fees are the fees app's own queue (``fees_overdue``,
same selector), so this app adds the fee entry only for finance."""

from yunting.accounts.roles import Role
from yunting.workbench.navigation import Queue, register_queue

from . import selectors
from .selectors import FEES, FILINGS, KINDS, LIMITS, SERVICE, SUMMONS


def _counter(kind: str):
    return lambda user: len(selectors.alert_items(user=user, kind=kind))


for key, roles in (
    (LIMITS, {Role.JUDGE}),
    (SUMMONS, {Role.JUDGE, Role.CLERK}),
    (SERVICE, {Role.CLERK}),
    (FILINGS, {Role.FILING_OFFICER}),
    (FEES, {Role.FINANCE_OFFICER}),
):
    register_queue(
        Queue(
            key=f"alerts_{key}",
            title=KINDS[key].title,
            url_name=f"alerts:{key}",
            roles=frozenset(roles),
            count=_counter(key),
        )
    )
