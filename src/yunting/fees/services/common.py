"""Shared pieces of the fee services: constants, order locks, transitions, ledger records."""

from __future__ import annotations

import logging
import secrets
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_staff_assignments
from yunting.cases.models import Case
from yunting.core.formatting import beijing_now
from yunting.ledger.services import record_event
from yunting.rules.fee_kinds import (
    CAUSE_FEE_KINDS,
    FeeKindChoice,
    acceptance_fee,
    fee_kind_for_cause,
)
from yunting.rules.fees import FeeResult

from .. import events
from ..errors import FeeError, FeeErrorCode
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
# 《诉讼费用交纳办法》第二十二条：原告自接到人民法院交纳诉讼费用通知次日起7日内交纳案件受理费
PREPAY_DAYS = 7
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


def after_relief(assessed: Decimal, percent: Decimal) -> Decimal:
    return money(assessed * (Decimal("100") - percent) / Decimal("100"))


def new_reference() -> str:
    while True:
        raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
        reference = f"JF{raw}"
        if not FeeOrder.objects.filter(reference=reference).exists():
            return reference


def new_trade_no() -> str:
    while True:
        number = f"YT{beijing_now():%Y%m%d%H%M%S}{secrets.randbelow(10**8):08d}"
        if not Payment.objects.filter(out_trade_no=number).exists():
            return number


def order_transition(order: FeeOrder, target: str, *, actor: Any, reason: str) -> None:
    """Move ``order`` to ``target`` or refuse; every move is a ledger entry of its own."""
    if target not in ORDER_TRANSITIONS[order.status]:
        raise FeeError(
            FeeErrorCode.ILLEGAL_TRANSITION,
            current=order.get_status_display(),
            target=OrderStatus(target).label,
        )
    previous = order.status
    order.status = target
    record_event(events.order_status_changed(order=order, actor=actor, old=previous, reason=reason))


def order_lock(order: FeeOrder) -> FeeOrder:
    return (
        FeeOrder.objects.select_for_update()
        .select_related("case", "court", "payer")
        .get(pk=order.pk)
    )


def staff_at(user: User, court_id: Any, roles: frozenset[str] | None = None) -> bool:
    return any(
        a.court_id == court_id and (roles is None or a.role in roles)
        for a in user_staff_assignments(user=user)
    )


def ensure_judge(user: User, case: Case) -> None:
    """The judge handling the case (any judge of the court while none is assigned)."""
    if not staff_at(user, case.court_id, JUDGE_ROLES):
        raise FeeError(FeeErrorCode.NOT_JUDGE)
    if case.judge_id is not None and case.judge_id != user.id:
        raise FeeError(FeeErrorCode.NOT_JUDGE)


def ensure_finance(user: User, court_id: Any) -> None:
    if not staff_at(user, court_id, FINANCE_ROLES):
        raise FeeError(FeeErrorCode.NOT_FINANCE)


def acceptance_kind(
    *, cause_code: str = "", cause_name: str = "", cause_revision: str = "", fee_kind: str = ""
) -> FeeKindChoice:
    """The kind of acceptance fee: the court's override, else from the cause of action
    (``rules.fee_kinds``, data keyed by the official catalogue)."""
    if fee_kind:
        if fee_kind not in CAUSE_FEE_KINDS:
            raise FeeError(FeeErrorCode.BAD_FEE_KIND)
        return FeeKindChoice(fee_kind, None, "", "override")
    return fee_kind_for_cause(cause_code=cause_code, cause_name=cause_name, revision=cause_revision)


def acceptance_result(
    *,
    claim_total: Decimal,
    procedure: str,
    cause_code: str = "",
    cause_name: str = "",
    cause_revision: str = "",
    fee_kind: str = "",
) -> FeeResult:
    """The acceptance fee with its basis and breakdown (the one place it is computed). The
    kind of fee follows from the cause of action (离婚 by Art. 13(2)1, 人格权 by 13(2)2, 劳动争议
    by 13(4), 追索劳动报酬 without prepayment by Art. 20, …) unless the court overrides it
    (``fee_kind``); halved in summary and small-claims procedure (Art. 16)."""
    choice = acceptance_kind(
        cause_code=cause_code,
        cause_name=cause_name,
        cause_revision=cause_revision,
        fee_kind=fee_kind,
    )
    summary = procedure in {"summary", "small_claims"}
    return acceptance_fee(choice.kind, claim_total=claim_total, summary=summary)


def case_fee_kind(case: Case, *, fee_kind: str = "") -> FeeKindChoice:
    return acceptance_kind(
        cause_code=case.cause_code,
        cause_name=case.cause_name,
        cause_revision=case.cause_revision,
        fee_kind=fee_kind,
    )


def case_acceptance_result(case: Case, *, fee_kind: str = "", **changes: Any) -> FeeResult:
    """``acceptance_result`` for a case: its claim, procedure and cause (``changes`` replace
    ``claim_total`` or ``procedure``, as a re-assessment does)."""
    return acceptance_result(
        claim_total=changes.get("claim_total", case.claim_amount),
        procedure=changes.get("procedure", case.procedure),
        cause_code=case.cause_code,
        cause_name=case.cause_name,
        cause_revision=case.cause_revision,
        fee_kind=fee_kind,
    )
