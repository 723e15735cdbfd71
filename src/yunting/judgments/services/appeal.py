"""Appeal (上诉): lodged online by a party within its own period, the appeal fee on the amount
appealed (Art. 17), sent to the court of appeal with the e-file, docketed there as 民终."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from yunting.cases.models import Case, PartyRole
from yunting.cases.selectors import party_clock
from yunting.cases.services import AgentData, ClaimData, PartyData, case_create, clock_stop
from yunting.ledger.services import record_event

from .. import events
from ..errors import JudgmentError, JudgmentErrorCode
from ..models import (
    APPEAL_TRANSITIONS,
    APPEALABLE_KINDS,
    APPEALABLE_RULING_KINDS,
    Appeal,
    AppealStatus,
    Decision,
)
from .common import ensure_staff, lock_case, parties_acting_for


def _amount(value, limit: Decimal) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise JudgmentError(JudgmentErrorCode.APPEAL_AMOUNT, field="amount", limit=limit) from exc
    if not amount.is_finite() or amount < 0 or (limit and amount > limit):
        raise JudgmentError(JudgmentErrorCode.APPEAL_AMOUNT, field="amount", limit=f"{limit:,.2f}")
    return amount


@transaction.atomic
def appeal_file(
    *,
    case: Case,
    user,
    requests: str,
    grounds: str,
    amount=None,
    party_id: str | None = None,
    today: dt.date | None = None,
) -> Appeal:
    """Lodge an appeal against the case's judgment, or its ruling dismissing the suit or not
    accepting it (10 days, ``appeal_ruling``). Refused for anyone not acting for a party,
    after the party's own period (naming its last day), or a second time; the appeal fee order
    is created with it, except against those rulings (no fee: 《诉讼费用交纳办法》 Art. 8(3))."""
    from yunting.fees.services import fee_order_assess_appeal

    today = today or timezone.localdate()
    case = lock_case(case)
    mine = parties_acting_for(user, case)
    if party_id is not None:
        mine = [p for p in mine if str(p.id) == str(party_id)]
    if not mine:
        raise JudgmentError(JudgmentErrorCode.NOT_A_PARTY)
    party = mine[0]
    decision = (
        Decision.objects.filter(case=case, kind__in=APPEALABLE_KINDS).order_by("-issued_at").first()
    )
    clock = party_clock(party=party, kind=decision.appeal_clock_kind) if decision else None
    if decision is None or clock is None:
        raise JudgmentError(JudgmentErrorCode.NO_APPEALABLE_DECISION)
    if Appeal.objects.filter(decision=decision, party=party).exists():
        raise JudgmentError(JudgmentErrorCode.ALREADY_APPEALED)
    if today > clock.due_on or decision.effective_on is not None:
        raise JudgmentError(
            JudgmentErrorCode.APPEAL_LATE,
            deadline=f"{clock.due_on.year}年{clock.due_on.month}月{clock.due_on.day}日",
        )
    requests, grounds = (requests or "").strip(), (grounds or "").strip()
    if not requests:
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="requests")
    if not grounds:
        raise JudgmentError(JudgmentErrorCode.REQUIRED, field="grounds")
    against_ruling = decision.kind in APPEALABLE_RULING_KINDS
    # An appeal against a ruling on whether the suit proceeds claims no amount.
    value = None if against_ruling else _amount(amount, case.claim_amount)
    court_of_appeal = case.court.parent
    if court_of_appeal is None:
        raise JudgmentError(JudgmentErrorCode.NO_COURT_OF_APPEAL)
    order = (
        None
        if against_ruling
        else fee_order_assess_appeal(case=case, payer=party, amount=value, actor=user)
    )
    appeal = Appeal(
        case=case,
        decision=decision,
        party=party,
        filed_by=user,
        filed_on=today,
        deadline=clock.due_on,
        amount=value,
        requests=requests,
        grounds=grounds,
        fee_order=order,
        court_of_appeal=court_of_appeal,
    )
    appeal.full_clean(
        exclude=[
            "case",
            "decision",
            "party",
            "filed_by",
            "fee_order",
            "court_of_appeal",
            "appeal_case",
        ]
    )
    appeal.save()
    Decision.objects.filter(pk=decision.pk).update(appealed=True)
    clock_stop(clock=clock, actor=user, reason="已提起上诉")
    record_event(events.appeal_filed(appeal=appeal, actor=user))
    return appeal


def _move(appeal: Appeal, target: str) -> None:
    if target not in APPEAL_TRANSITIONS[appeal.status]:
        raise JudgmentError(JudgmentErrorCode.BAD_APPEAL_STATE, current=appeal.get_status_display())
    appeal.status = target


@transaction.atomic
def appeal_transmit(*, appeal: Appeal, actor) -> Appeal:
    """上诉案件移送: the first-instance court sends the case, once the appeal fee is paid."""
    from yunting.fees.models import PAID_STATUSES, OrderStatus

    appeal = (
        Appeal.objects.select_for_update()
        .select_related("case__court", "court_of_appeal")
        .get(pk=appeal.pk)
    )
    ensure_staff(actor, appeal.case)
    order = appeal.fee_order
    if order is not None and order.status not in (*PAID_STATUSES, OrderStatus.WAIVED):
        raise JudgmentError(
            JudgmentErrorCode.CLOSE_BLOCKED,
            messages=[f"上诉费交费单 {order.reference}（¥{order.amount:,.2f}）尚未交纳。"],
        )
    _move(appeal, AppealStatus.TRANSMITTED)
    appeal.transmitted_at = timezone.now()
    appeal.save(update_fields=["status", "transmitted_at"])
    record_event(
        events.appeal_transmitted(appeal=appeal, actor=actor, items=_efile_size(appeal.case))
    )
    return appeal


def _efile_size(case: Case) -> int:
    from yunting.efile.models import Item

    return Item.objects.filter(volume__efile__case=case).count()


def _copy_efile(source: Case, target: Case, actor) -> int:
    """The first-instance e-file, item by item (both volumes), into the appeal case's e-file:
    same bytes (same hashes), marked with their origin."""
    from yunting.efile import storage
    from yunting.efile.models import Item
    from yunting.efile.services import item_add

    count = 0
    items = (
        Item.objects.filter(volume__efile__case=source)
        .select_related("volume")
        .order_by("volume__kind", "position")
    )
    for item in items:
        data = storage.get(item.storage_path, sha256=item.sha256, title=item.title, case=source.id)
        item_add(
            case=target,
            data=data,
            content_type=item.content_type,
            title=f"一审：{item.title}",
            kind=item.kind,
            actor=actor,
            source="first_instance",
            source_id=str(item.id),
            volume_kind=item.volume.kind,
            dated=item.dated,
        )
        count += 1
    return count


@transaction.atomic
def appeal_docket(*, appeal: Appeal, officer, department=None) -> Case:
    """The court of appeal's filing officer dockets the appeal: a 民终 case with the
    appellant (上诉人) and the other parties (被上诉人), and the first-instance e-file."""
    from yunting.accounts.roles import Role
    from yunting.accounts.selectors import user_courts_with_role

    appeal = (
        Appeal.objects.select_for_update()
        .select_related("case__court", "court_of_appeal")
        .get(pk=appeal.pk)
    )
    court = appeal.court_of_appeal
    if court.id not in {
        c.id for c in user_courts_with_role(user=officer, roles={Role.FILING_OFFICER})
    }:
        raise JudgmentError(JudgmentErrorCode.NOT_STAFF)
    _move(appeal, AppealStatus.DOCKETED)
    first = appeal.case
    parties = []
    for p in first.parties.all():
        role = PartyRole.PLAINTIFF if p.pk == appeal.party_id else PartyRole.DEFENDANT
        parties.append(
            PartyData(
                role=role,
                kind=p.kind,
                name=p.name,
                id_type=p.id_type,
                id_number=p.id_number,
                address=p.address,
                phone=p.phone,
                representative=p.representative,
                user=p.user,
                agents=[
                    AgentData(
                        name=a.name,
                        user=a.user,
                        law_firm=a.law_firm,
                        licence_number=a.licence_number,
                        phone=a.phone,
                    )
                    for a in p.agents.all()
                ],
            )
        )
    if department is None:
        from yunting.courts.models import Department, DepartmentKind

        department = Department.objects.filter(court=court, kind=DepartmentKind.CIVIL).first()
    new = case_create(
        court=court,
        type_code="民终",
        cause_name=first.cause_name,
        cause_code=first.cause_code,
        cause_revision=first.cause_revision,
        parties=parties,
        claims=[ClaimData(text=appeal.requests, amount=appeal.amount)],
        actor=officer,
        procedure="ordinary",
        facts=appeal.grounds,
        department=department,
    )
    appeal.appeal_case = new
    appeal.save(update_fields=["status", "appeal_case"])
    _copy_efile(first, new, officer)
    record_event(events.appeal_docketed(appeal=appeal, actor=officer))
    return new
