"""Effect (生效), closing (结案) with its fee settlement, withdrawal (撤诉), 按撤诉处理, and the
certificate of effect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yunting.cases.models import Case, CaseStatus, PartyRole
from yunting.cases.selectors import party_clock
from yunting.cases.services import case_change_status
from yunting.core.tasks import enqueue_on_commit
from yunting.ledger.services import record_event
from yunting.rules.fee_burden import apportion, balance, fee_burden, settle

from .. import events
from ..errors import JudgmentError, JudgmentErrorCode
from ..models import (
    EFFECTIVE_ON_ISSUE_KINDS,
    METHOD_OUTCOME,
    AppealStatus,
    Closing,
    ClosingMethod,
    Decision,
    DecisionKind,
    Draft,
    RequestStatus,
    Withdrawal,
)
from ..sources import closing_blockers, method_blockers
from .common import ensure_judge, ensure_open, lock_case, names, parties_acting_for
from .drafts import compute_burden, draft_issue

ZERO = Decimal("0.00")


def appeal_clocks(decision: Decision) -> list:
    """Each party's appeal period against this decision (None where not yet served)."""
    return [
        party_clock(party=p, kind=decision.appeal_clock_kind) for p in decision.case.parties.all()
    ]


@transaction.atomic
def decision_effect_check(*, decision: Decision, today: dt.date | None = None) -> bool:
    """A judgment, or an appealable ruling (驳回起诉, 不予受理), takes effect when every party
    was served and every party's appeal period ended with no appeal (CPL Art. 157, 158, 171):
    on the day after the last period's last day. The other rulings take effect on issue."""
    today = today or timezone.localdate()
    decision = (
        Decision.objects.select_for_update().select_related("case__court").get(pk=decision.pk)
    )
    if decision.effective_on is not None or decision.appealed:
        return decision.effective_on is not None
    if decision.kind in EFFECTIVE_ON_ISSUE_KINDS:
        # 准予撤诉, 按撤诉处理 and 移送管辖 rulings are not appealable (CPL Art. 157 second
        # paragraph): effective on issue.
        decision.effective_on = timezone.localdate(decision.issued_at)
    else:
        clocks = appeal_clocks(decision)
        issued_on = timezone.localdate(decision.issued_at)
        if not clocks or any(c is None or c.starts_on < issued_on for c in clocks):
            return False
        if decision.appeals.exists():
            return False
        last = max(c.due_on for c in clocks)
        if today <= last:
            return False
        decision.effective_on = last + dt.timedelta(days=1)
        record_event(events.effective(decision=decision, clocks=clocks))
        decision.save(update_fields=["effective_on"])
        return True
    decision.save(update_fields=["effective_on"])
    record_event(events.effective(decision=decision, clocks=[]))
    return True


def effects_check_all(*, today: dt.date | None = None) -> int:
    """The periodic pass: every issued decision not yet effective nor appealed."""
    count = 0
    for decision in Decision.objects.filter(effective_on=None, appealed=False):
        if decision_effect_check(decision=decision, today=today):
            count += 1
    return count


def _settlement(
    case: Case, method: str, decision: Decision | None, *, paid_directly: bool = False
) -> dict:
    """Who bears what, and the balance in the order it is carried out (rules.fee_burden:
    refunds to those who prepaid beyond their share, then bills to those whose share exceeds
    what they prepaid; with ``paid_directly`` the winner agreed the loser pays it directly)."""
    from yunting.fees.models import ACCEPTANCE_KINDS, PAID_STATUSES, FeeOrder

    outcome = METHOD_OUTCOME.get(method)
    if outcome is None:  # transferred: the receiving court settles the fee
        return {"outcome": "", "lines": []}
    if decision is not None and decision.draft.fee_burden.get("outcome") == outcome:
        stored = decision.draft.fee_burden
        share = {
            "plaintiff": Decimal(stored["plaintiff"]),
            "defendant": Decimal(stored["defendant"]),
        }
        basis = stored["basis"]
    else:
        b = fee_burden(outcome, fee=case.acceptance_fee, plaintiff_share="1")
        share = {"plaintiff": b.plaintiff, "defendant": b.defendant}
        basis = b.basis
    orders = list(
        FeeOrder.objects.filter(case=case, kind__in=ACCEPTANCE_KINDS).select_related("payer")
    )
    lines = []
    for role in (PartyRole.PLAINTIFF, PartyRole.DEFENDANT):
        mine = [o for o in orders if o.payer.role == role and o.status in PAID_STATUSES]
        prepaid = sum((o.paid_amount - o.refunded_amount for o in mine), ZERO)
        result = settle(prepaid=prepaid, bears=share[role])
        lines.append(
            {
                "role": role,
                "prepaid": str(prepaid),
                "bears": str(share[role]),
                "refund": str(result.refund),
                "owed": str(result.owed),
                "orders": [str(o.id) for o in mine],
            }
        )
    steps = balance(
        bears={line["role"]: line["bears"] for line in lines},
        prepaid={line["role"]: line["prepaid"] for line in lines},
        direct=paid_directly,
    )

    def who(key: str) -> str:  # the names as the judgment prints them
        return "本院" if key == "court" else names(case, key)

    refunded = {s.payee: s.amount for s in steps if s.kind == "refund"}
    billed = {s.payer: s.amount for s in steps if s.kind == "bill"}
    for line in lines:  # what the court refunds and bills once any direct payment is made
        line["refund"] = str(refunded.get(line["role"], ZERO))
        line["owed"] = str(billed.get(line["role"], ZERO))
    return {
        "outcome": outcome,
        "basis": basis,
        "lines": lines,
        "paid_directly": paid_directly,
        "steps": [
            {
                "kind": s.kind,
                "payer": s.payer,
                "payee": s.payee,
                "payer_name": who(s.payer),
                "payee_name": who(s.payee),
                "amount": str(s.amount),
            }
            for s in steps
        ],
    }


def _request_refunds(case: Case, settlement: dict, method: str, actor) -> list[str]:
    from yunting.fees.models import FeeOrder, RefundReason
    from yunting.fees.services import refund_request

    reason = {
        ClosingMethod.WITHDRAWAL: RefundReason.WITHDRAWAL,
        ClosingMethod.MEDIATION: RefundReason.MEDIATION,
        ClosingMethod.JUDGMENT: RefundReason.LOSER_BEARS,
        ClosingMethod.DISMISSED: RefundReason.NO_FEE,
        ClosingMethod.NOT_ACCEPTED: RefundReason.NO_FEE,
    }.get(method, RefundReason.OTHER)
    created = []
    for line in settlement.get("lines", []):
        # Co-payers on one side are refunded in proportion to what each prepaid (not the
        # oldest order first).
        orders = list(FeeOrder.objects.filter(pk__in=line["orders"]).order_by("created_at"))
        shares = apportion(
            Decimal(line["refund"]), [o.paid_amount - o.refunded_amount for o in orders]
        )
        for order, amount in zip(orders, shares, strict=True):
            if amount <= 0:
                continue
            refund = refund_request(
                order=order,
                actor=actor,
                reason=reason,
                amount=amount,
                note=f"结案退费（{settlement.get('basis', '')}）",
            )
            created.append(str(refund.id))
    return created


# Closing methods whose decision must first take effect (or its appeal be sent on).
_AFTER_EFFECT = {
    ClosingMethod.JUDGMENT: JudgmentErrorCode.NOT_EFFECTIVE,
    ClosingMethod.DISMISSED: JudgmentErrorCode.RULING_NOT_EFFECTIVE,
    ClosingMethod.NOT_ACCEPTED: JudgmentErrorCode.RULING_NOT_EFFECTIVE,
}


@transaction.atomic
def case_close(
    *,
    case: Case,
    actor,
    method: str,
    decision: Decision | None = None,
    closed_on: dt.date | None = None,
    paid_directly: bool = False,
) -> Closing:
    """结案: refused while anything blocks it (listed); then the fee settlement, the refund
    requests handed to finance, the status, and the archive started."""
    case = lock_case(case)
    ensure_judge(actor, case)
    if hasattr(case, "closing") or case.status in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
        raise JudgmentError(JudgmentErrorCode.ALREADY_CLOSED)
    ensure_open(case)
    if method not in ClosingMethod.values:
        raise JudgmentError(JudgmentErrorCode.BAD_METHOD, field="method")
    needs = {
        ClosingMethod.JUDGMENT: DecisionKind.JUDGMENT,
        ClosingMethod.WITHDRAWAL: DecisionKind.WITHDRAWAL_RULING,
        ClosingMethod.TREATED_WITHDRAWN: DecisionKind.TREATED_WITHDRAWN_RULING,
        ClosingMethod.DISMISSED: DecisionKind.DISMISSAL_RULING,
        ClosingMethod.NOT_ACCEPTED: DecisionKind.NOT_ACCEPTED_RULING,
        ClosingMethod.TRANSFERRED: DecisionKind.TRANSFER_RULING,
    }.get(method)
    if needs is not None:
        decision = decision or Decision.objects.filter(case=case, kind=needs).first()
        if decision is None or decision.kind != needs or decision.case_id != case.id:
            raise JudgmentError(JudgmentErrorCode.NO_DECISION, method=ClosingMethod(method).label)
    exempt = frozenset(decision.documents.values_list("id", flat=True)) if decision else frozenset()
    blockers = method_blockers(case, method) + closing_blockers(case, exempt_documents=exempt)
    if method in _AFTER_EFFECT and decision is not None:
        # As for a judgment: effective once every party's appeal period ran, or the appeal
        # was sent on to the court of appeal.
        transmitted = decision.appeals.exclude(status=AppealStatus.FILED).exists()
        if decision.effective_on is None and not transmitted:
            code = _AFTER_EFFECT[method]
            blockers.insert(0, str(code.message))
    if blockers:
        raise JudgmentError(JudgmentErrorCode.CLOSE_BLOCKED, messages=blockers)
    settlement = _settlement(case, method, decision, paid_directly=paid_directly)
    settlement["refunds"] = _request_refunds(case, settlement, method, actor)
    closing = Closing(
        case=case,
        method=method,
        closed_on=closed_on or timezone.localdate(),
        decision=decision,
        settlement=settlement,
        closed_by=actor,
    )
    closing.full_clean(exclude=["case", "decision", "closed_by"])
    closing.save()
    case_change_status(
        case=case,
        status=CaseStatus.CLOSED,
        actor=actor,
        reason=f"结案：{ClosingMethod(method).label}",
    )
    record_event(events.closed(closing=closing, actor=actor))
    from ..tasks import archive_closed_case

    enqueue_on_commit(archive_closed_case, case_id=str(case.id))
    return closing


# --- withdrawal -----------------------------------------------------------------------------


@transaction.atomic
def withdrawal_apply(*, case: Case, user, reason: str = "") -> Withdrawal:
    """A plaintiff (or their agent) applies online to withdraw the suit."""
    case = lock_case(case)
    plaintiffs = [p for p in parties_acting_for(user, case) if p.role == PartyRole.PLAINTIFF]
    if not plaintiffs:
        raise JudgmentError(JudgmentErrorCode.NOT_PLAINTIFF)
    ensure_open(case)
    if Withdrawal.objects.filter(case=case, status=RequestStatus.PENDING).exists():
        raise JudgmentError(JudgmentErrorCode.WITHDRAWAL_PENDING)
    row = Withdrawal(
        case=case,
        party=plaintiffs[0],
        applied_by=user,
        applied_on=timezone.localdate(),
        reason=(reason or "").strip(),
    )
    row.full_clean(exclude=["case", "party", "applied_by"])
    row.save()
    record_event(events.withdrawal_applied(withdrawal=row, actor=user))
    return row


def _ruling(case: Case, actor, kind: str, sections: dict) -> Decision:
    burden = compute_burden(case, kind)
    draft = Draft(
        case=case,
        kind=kind,
        sections={**sections, "fee_burden": burden["text"]},
        fee_burden=burden,
        created_by=actor,
        updated_by=actor,
    )
    draft.full_clean()
    draft.save()
    decision = draft_issue(draft=draft, actor=actor)
    decision_effect_check(decision=decision)
    decision.refresh_from_db()
    return decision


@transaction.atomic
def withdrawal_decide(*, withdrawal: Withdrawal, actor, grant: bool, note: str = "") -> Withdrawal:
    """The judge grants (准予撤诉 ruling issued to every party, fee halved, case closed) or
    refuses with reasons."""
    row = Withdrawal.objects.select_for_update().select_related("case__court").get(pk=withdrawal.pk)
    case = row.case
    ensure_judge(actor, case)
    if row.status != RequestStatus.PENDING:
        raise JudgmentError(JudgmentErrorCode.NOT_PENDING)
    if not grant and not (note or "").strip():
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="note")
    row.status = RequestStatus.APPROVED if grant else RequestStatus.REFUSED
    row.decided_by = actor
    row.note = (note or "").strip()
    if grant:
        row.decision = _ruling(
            case,
            actor,
            DecisionKind.WITHDRAWAL_RULING,
            {
                "withdrawal_date": _cn(row.applied_on),
                "reason": row.reason,
            },
        )
    row.save()
    record_event(events.withdrawal_decided(withdrawal=row, actor=actor))
    if grant:
        case_close(case=case, actor=actor, method=ClosingMethod.WITHDRAWAL, decision=row.decision)
    return row


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def treated_withdrawn_pending(case: Case) -> bool:
    from yunting.fees.models import FeeOrder

    return FeeOrder.objects.filter(case=case, overdue_decision="treat_as_withdrawn").exists()


@transaction.atomic
def treated_withdrawn_rule(*, case: Case, actor) -> Decision:
    """The ruling for a case the judge decided to treat as withdrawn for an unpaid fee (the
    fees app's queue): issued like any ruling, then the case closes 按撤诉处理."""
    case = lock_case(case)
    ensure_judge(actor, case)
    ensure_open(case)
    if not treated_withdrawn_pending(case):
        raise JudgmentError(
            JudgmentErrorCode.NO_DECISION, method=ClosingMethod.TREATED_WITHDRAWN.label
        )
    decision = _ruling(case, actor, DecisionKind.TREATED_WITHDRAWN_RULING, {})
    case_close(case=case, actor=actor, method=ClosingMethod.TREATED_WITHDRAWN, decision=decision)
    return decision


@transaction.atomic
def effect_certificate(*, decision: Decision, user):
    """The certificate of effect (生效证明) for the party asking (or their agent): issued
    once per party by the court (the clerk, else the judge) and then downloaded again."""
    from yunting.documents.models import IssuedDocument
    from yunting.documents.services import document_issue

    case = decision.case
    mine = parties_acting_for(user, case)
    if not mine:
        raise JudgmentError(JudgmentErrorCode.NOT_YOURS)
    if decision.effective_on is None:
        raise JudgmentError(JudgmentErrorCode.NOT_EFFECTIVE)
    party = mine[0]
    existing = IssuedDocument.objects.filter(
        case=case, template_code="effect_certificate", recipient=party
    ).first()
    if existing is not None:
        return existing
    issuer = case.clerk or case.judge
    first = decision.documents.order_by("issued_at").first()
    return document_issue(
        template_code="effect_certificate",
        case=case,
        actor=issuer,
        recipient=party,
        extra={
            "decision_title": first.title if first else "民事判决书",
            "effective_on": f"{decision.effective_on.year}年{decision.effective_on.month}月"
            f"{decision.effective_on.day}日",
            "decision_code": first.verification_code if first else "",
            "parties": f"原告{names(case, 'plaintiff')}，被告{names(case, 'defendant')}",
        },
    )
