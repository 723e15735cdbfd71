"""Shared pieces of the fee services: constants, order locks, transitions, ledger records."""

from __future__ import annotations

import logging
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role, user_staff_assignments
from yunting.cases.models import Case, Party
from yunting.ledger.services import record
from yunting.rules.fees import FeeResult, compute_fee

from .. import errors
from ..errors import FeeError
from ..events import FeeEvent
from ..models import (
    ORDER_TRANSITIONS,
    FeeOrder,
    OrderStatus,
    Payment,
    Provider,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
PREPAY_DAYS = 7  # 《诉讼费用交纳办法》第二十条: within 7 days from the day after the notice
MIN_REDUCTION = Decimal("30")  # 第四十六条: a reduction is at least 30 %
MAX_REDUCTION = Decimal("99")
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: nothing to misread
JUDGE_ROLES = frozenset({Role.JUDGE})
ASSESSOR_ROLES = frozenset({Role.JUDGE, Role.JUDGE_ASSISTANT, Role.FILING_OFFICER})
FINANCE_ROLES = frozenset({Role.FINANCE_OFFICER})
# What the receipt says about how the money came (the PDF is in Chinese whatever the UI).
PAYMENT_METHOD_CN = {
    Provider.COUNTER: "银行转账",
    Provider.TEST: "网上支付（测试通道，非真实资金）",
}


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def split_evenly(total: Decimal, n: int) -> list[Decimal]:
    """``total`` in ``n`` shares to the fen that add up exactly; the first payers take the
    odd fen (as a counter would: nobody pays a fraction of a fen)."""
    if n <= 0:
        return []
    cents = int(money(total) / CENT)
    base, rest = divmod(cents, n)
    return [(base + (1 if i < rest else 0)) * CENT for i in range(n)]


def _after_relief(assessed: Decimal, percent: Decimal) -> Decimal:
    return money(assessed * (Decimal("100") - percent) / Decimal("100"))


def _new_reference() -> str:
    while True:
        raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
        reference = f"JF{raw}"
        if not FeeOrder.objects.filter(reference=reference).exists():
            return reference


def _new_trade_no() -> str:
    while True:
        number = f"YT{timezone.now():%Y%m%d%H%M%S}{secrets.randbelow(10**8):08d}"
        if not Payment.objects.filter(out_trade_no=number).exists():
            return number


def _payload(order: FeeOrder, **extra: Any) -> dict[str, Any]:
    return {
        "order": str(order.id),
        "reference": order.reference,
        "kind": order.kind,
        "payer": str(order.payer_id),
        "case_number": order.case.case_number,
        **extra,
    }


def _record(
    order: FeeOrder, event: str, actor: Any, documents: tuple[str, ...] = (), **extra: Any
) -> None:
    record(
        event,
        actor=actor,
        court=order.court,
        case=order.case,
        payload=_payload(order, **extra),
        documents=documents,
    )


def _transition(order: FeeOrder, target: str, *, actor: Any, reason: str) -> None:
    """Move ``order`` to ``target`` or refuse; every move is a ledger entry of its own."""
    if target not in ORDER_TRANSITIONS[order.status]:
        raise FeeError(
            "illegal_transition",
            errors.ILLEGAL_TRANSITION
            % {"current": order.get_status_display(), "target": OrderStatus(target).label},
        )
    previous = order.status
    order.status = target
    _record(
        order, FeeEvent.ORDER_STATUS_CHANGED, actor, **{"from": previous, "to": target}, why=reason
    )


def _lock(order: FeeOrder) -> FeeOrder:
    return (
        FeeOrder.objects.select_for_update()
        .select_related("case", "court", "payer")
        .get(pk=order.pk)
    )


def _staff_at(user: User, court_id: Any, roles: frozenset[str] | None = None) -> bool:
    return any(
        a.court_id == court_id and (roles is None or a.role in roles)
        for a in user_staff_assignments(user=user)
    )


def _ensure_judge(user: User, case: Case) -> None:
    """The judge handling the case (any judge of the court while none is assigned)."""
    if not _staff_at(user, case.court_id, JUDGE_ROLES):
        raise FeeError("not_judge", errors.NOT_JUDGE)
    if case.judge_id is not None and case.judge_id != user.id:
        raise FeeError("not_judge", errors.NOT_JUDGE)


def _ensure_finance(user: User, court_id: Any) -> None:
    if not _staff_at(user, court_id, FINANCE_ROLES):
        raise FeeError("not_finance", errors.NOT_FINANCE)


def user_pays_for(user: User, party: Party) -> bool:
    """The payer themself, or one of their agents (a lawyer pays for the principal)."""
    return party.user_id == user.id or party.agents.filter(user=user).exists()


def acceptance_result(*, claim_total: Decimal, procedure: str) -> FeeResult:
    """The acceptance fee with its basis and breakdown (the one place it is computed): a
    property case by the amount claimed, else non-property (Art. 13), halved in summary and
    small-claims procedure (Art. 16)."""
    summary = procedure in {"summary", "small_claims"}
    if claim_total > 0:
        return compute_fee("property", amount=claim_total, summary=summary)
    return compute_fee("non-property", summary=summary)


def courts_of(user: User, roles: frozenset[str]) -> list:
    return user_courts_with_role(user=user, roles=roles)
