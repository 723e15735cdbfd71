"""Which documents are served, how soon, and which legal period each starts once served.

The one place other apps add their documents: evidence, judgments and hearings put their
template codes here (``SERVED["ruling"] = Served(ClockKind.APPEAL_RULING)``), and a completed
service starts the period for that party through ``cases.services.clock_start``.

**On-served hooks** — ``register_on_served(template_code, name, fn)``: ``fn(task)`` runs inside
the transaction that records a completed service (or its correction to an earlier date) of a
document of that template, so an app reacts to a party's receipt without this app importing
it (the evidence app records each party's receipt of a 民事调解书 and its effect, CPL Art. 100).
An error in a hook fails the service, as a failed ledger append does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yunting.cases.models import ClockKind


@dataclass(frozen=True)
class Served:
    clock: str | None = None  # the period a completed service starts for the recipient
    due_days: int = 5  # days from issue within which the desk should serve (CPL Art. 128)


SERVED: dict[str, Served] = {
    "complaint_copy": Served(ClockKind.DEFENCE),
    "response_notice": Served(ClockKind.DEFENCE),
    # The 举证期限 is a date the court fixes when it sets the limit; the evidence app starts
    # that clock itself (source ``document:<id>``), so serving the notice starts nothing more.
    "evidence_notice": Served(),
    "judgment": Served(ClockKind.APPEAL_JUDGMENT),
    "ruling": Served(ClockKind.APPEAL_RULING),
    # Rulings granting or deeming a withdrawal cannot be appealed (CPL Art. 157): no clock.
    "withdrawal_ruling": Served(),
    "treated_withdrawn_ruling": Served(),
    # 驳回起诉 and 不予受理 can be appealed within 10 days of each party's own service (30
    # without domicile in China; CPL Art. 157, 171, 286); 移送管辖 is effective on issue.
    "dismissal_ruling": Served(ClockKind.APPEAL_RULING),
    "not_accepted_ruling": Served(ClockKind.APPEAL_RULING),
    "transfer_ruling": Served(),
    "payment_notice": Served(ClockKind.PAYMENT),
    "payment_order": Served(ClockKind.PAYMENT_ORDER),
}

# Documents that are never served by the desk: the service app's own records and receipts.
NOT_SERVED: frozenset[str] = frozenset(
    {
        "e_service_receipt",
        "service_receipt",
        "address_confirmation",
        "service_public_notice",
        "fee_receipt",
        "effect_certificate",  # downloaded by the parties from their case page
    }
)


def served_kind(template_code: str) -> Served:
    return SERVED.get(template_code, Served())


OnServed = Callable[[object], None]
ON_SERVED: dict[str, dict[str, OnServed]] = {}


def register_on_served(template_code: str, name: str, fn: OnServed) -> None:
    ON_SERVED.setdefault(template_code, {})[name] = fn


def run_on_served(task) -> None:
    """Call every hook registered for the template of the task's document."""
    for fn in ON_SERVED.get(task.document.template_code, {}).values():
        fn(task)
