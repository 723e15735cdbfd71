"""Trial-limit records: excluded periods, extensions (president's approval), conversion of
procedure, and the reminders for 临期 and 超期 cases."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from yunting.cases.models import Case
from yunting.cases.services import case_change_procedure
from yunting.ledger.services import record_event
from yunting.rules import trial_limits as rules
from yunting.rules.errors import RuleError

from .. import events
from ..errors import JudgmentError, JudgmentErrorCode
from ..models import (
    CourtPresident,
    Extension,
    LimitReminder,
    ProcedureChange,
    RequestStatus,
    Suspension,
    SuspensionKind,
)
from .common import ensure_judge, ensure_open, lock_case


def limit_inputs(case: Case, today: dt.date) -> dict:
    """What this app records, in the rules' terms (registered with cases.selectors)."""
    out: dict = {
        # Through the related managers, so a list that prefetched them asks nothing more.
        "suspensions": [rules.Suspension(s.kind, s.start, s.end) for s in case.suspensions.all()],
        "extensions": [
            rules.Extension(e.length, e.decided_on)
            for e in case.extensions.all()
            if e.status == RequestStatus.APPROVED
        ],
        "conversions": [
            rules.Conversion(c.from_procedure, c.to_procedure, c.on)
            for c in case.procedure_changes.all()
        ],
    }
    origin = getattr(case, "appeal_origin", None) if case.type_code.endswith("终") else None
    if origin is not None and origin.decision.kind != "judgment":
        out["procedure"] = "appeal_ruling"
    return out


@transaction.atomic
def suspension_start(*, case: Case, actor, kind: str, start: dt.date, note: str = "") -> Suspension:
    case = lock_case(case)
    ensure_judge(actor, case)
    ensure_open(case)
    if kind not in SuspensionKind.values:
        raise JudgmentError(JudgmentErrorCode.BAD_SUSPENSION_KIND, field="kind")
    if start < case.accepted_on:
        raise JudgmentError(JudgmentErrorCode.SUSPENSION_BEFORE_FILING, field="start")
    if Suspension.objects.filter(case=case, end=None).exists():
        raise JudgmentError(JudgmentErrorCode.SUSPENSION_OPEN)
    row = Suspension(case=case, kind=kind, start=start, note=(note or "")[:200], recorded_by=actor)
    row.full_clean()
    row.save()
    record_event(events.suspension(suspension=row, actor=actor, ended=False))
    return row


@transaction.atomic
def suspension_end(*, suspension: Suspension, actor, end: dt.date) -> Suspension:
    """End an excluded period (the day the excluded matter ended, counted as excluded)."""
    row = Suspension.objects.select_for_update().select_related("case__court").get(pk=suspension.pk)
    ensure_judge(actor, row.case)
    if row.end is not None:
        raise JudgmentError(JudgmentErrorCode.SUSPENSION_CLOSED)
    if end < row.start:
        raise JudgmentError(
            JudgmentErrorCode.SUSPENSION_ORDER, field="end", start=row.start, end=end
        )
    row.end = end
    row.save(update_fields=["end"])
    record_event(events.suspension(suspension=row, actor=actor, ended=True))
    return row


def _procedure_limit(case: Case) -> rules.Limit:
    from yunting.cases.selectors import case_trial_limit

    return rules.LIMITS[case_trial_limit(case=case).procedure]


@transaction.atomic
def extension_request(*, case: Case, actor, length: int, reason: str) -> Extension:
    case = lock_case(case)
    ensure_judge(actor, case)
    ensure_open(case)
    if not (reason or "").strip():
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="reason")
    limit = _procedure_limit(case)
    granted = sum(
        e.length for e in Extension.objects.filter(case=case).exclude(status=RequestStatus.REFUSED)
    )
    if not isinstance(length, int) or length < 1 or granted + length > limit.max_extension:
        raise JudgmentError(
            JudgmentErrorCode.EXTENSION_TOO_LONG,
            field="length",
            max=limit.max_extension,
            asked=granted + (length if isinstance(length, int) else 0),
        )
    row = Extension(case=case, length=length, reason=reason.strip(), requested_by=actor)
    row.full_clean()
    row.save()
    record_event(events.extension_requested(extension=row, actor=actor))
    return row


def user_is_president(*, user, court) -> bool:
    return CourtPresident.objects.filter(user=user, court=court).exists()


@transaction.atomic
def extension_decide(
    *, extension: Extension, actor, approve: bool, today: dt.date | None = None
) -> Extension:
    """The president approves or refuses; only an approved extension moves the limit."""
    row = Extension.objects.select_for_update().select_related("case__court").get(pk=extension.pk)
    if not user_is_president(user=actor, court=row.case.court):
        raise JudgmentError(JudgmentErrorCode.NOT_PRESIDENT)
    if row.status != RequestStatus.PENDING:
        raise JudgmentError(JudgmentErrorCode.NOT_PENDING)
    row.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    row.decided_by = actor
    row.decided_on = today or timezone.localdate()
    row.save()
    record_event(events.extension_decided(extension=row, actor=actor))
    return row


@transaction.atomic
def procedure_convert(
    *, case: Case, actor, to_procedure: str, on: dt.date | None = None, reason: str
) -> ProcedureChange:
    """Summary (or small claims) → ordinary: the limit is computed again from filing. The
    ruling must come before the running limit ends (《民诉法解释》第二百五十八条)."""
    from yunting.cases.selectors import case_trial_limit

    case = lock_case(case)
    ensure_judge(actor, case)
    ensure_open(case)
    on = on or timezone.localdate()
    if not (reason or "").strip():
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="reason")
    if (case.procedure, to_procedure) not in rules.CONVERSIONS:
        raise JudgmentError(
            JudgmentErrorCode.BAD_CONVERSION, why=f"{case.procedure} → {to_procedure}"
        )
    current = case_trial_limit(case=case, today=on)
    if on > current.end:
        raise JudgmentError(
            JudgmentErrorCode.BAD_CONVERSION, why=f"the limit ended on {current.end:%Y-%m-%d}"
        )
    row = ProcedureChange(
        case=case,
        from_procedure=case.procedure,
        to_procedure=to_procedure,
        on=on,
        reason=reason.strip()[:200],
        actor=actor,
    )
    row.full_clean()
    row.save()
    try:
        case_trial_limit(case=case, today=on)
    except RuleError as exc:
        raise JudgmentError(JudgmentErrorCode.BAD_CONVERSION, why=exc.message) from exc
    case_change_procedure(
        case=case, procedure=to_procedure, actor=actor, reason=row.reason, on=row.on
    )
    return row


def limit_reminders_send(*, today: dt.date | None = None) -> int:
    """Tell each judge of a 临期 or 超期 case (once a day per case and state): e-mail when the
    judge has an address, always a ledger entry the dashboard shows."""
    from django.conf import settings
    from django.core.mail import send_mail

    from ..selectors import cases_by_limit_state

    today = today or timezone.localdate()
    sent = 0
    for row in cases_by_limit_state(today=today, states=("due_soon", "overdue")):
        case, limit, state = row.case, row.limit, row.state
        if case.judge is None:
            continue
        try:
            with transaction.atomic():
                LimitReminder.objects.create(case=case, state=state, sent_on=today, end=limit.end)
                record_event(
                    events.limit_reminded(
                        case=case, state=state, end=limit.end, recipient=case.judge
                    )
                )
        except IntegrityError:
            continue
        if case.judge.email:
            word = "已超期" if state == "overdue" else "临近届满"
            send_mail(
                f"审限提醒：{case.case_number}{word}",
                f"{case.case_number} 审理期限至 {limit.end:%Y年%m月%d日}，{word}。",
                settings.DEFAULT_FROM_EMAIL,
                [case.judge.email],
            )
        sent += 1
    return sent
