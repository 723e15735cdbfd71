"""Writes for online filing: draft, submit, correct, review, accept (creating the case)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role
from yunting.cases.assignment import case_assign_automatically
from yunting.cases.models import Case, PartyRole
from yunting.cases.services import AgentData, ClaimData, PartyData, case_create
from yunting.core.files import check_upload, store_content_addressed
from yunting.courts.models import Department, DepartmentKind
from yunting.ledger.services import record
from yunting.rules.deadlines import period_end

from . import errors
from .errors import FilingError
from .events import FilingEvent
from .models import (
    FILING_TRANSITIONS,
    AttachmentKind,
    Filing,
    FilingAgent,
    FilingAttachment,
    FilingClaim,
    FilingCounter,
    FilingParty,
    FilingStatus,
)

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.courts.models import Court

REVIEW_DAYS = 7  # 《民事诉讼法》第一百二十六条: decide within 7 days


@dataclass
class AgentInput:
    name: str
    law_firm: str = ""
    licence_number: str = ""
    phone: str = ""
    is_me: bool = False


@dataclass
class PartyInput:
    role: str
    kind: str
    name: str
    address: str
    id_number: str = ""
    phone: str = ""
    representative: str = ""
    is_self: bool = False
    agents: list[AgentInput] = field(default_factory=list)


def _next_position(related) -> int:
    last = related.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _record_change(
    filing: Filing, user: User, event: str, payload: dict, documents: Sequence[str] = ()
) -> None:
    record(
        event,
        actor=user,
        court=filing.court,
        payload={"filing": str(filing.id), **payload},
        documents=documents,
    )


def _transition(filing: Filing, target: str) -> None:
    if target not in FILING_TRANSITIONS[filing.status]:
        raise FilingError(
            "illegal_transition",
            errors.ILLEGAL_TRANSITION
            % {"current": filing.get_status_display(), "target": FilingStatus(target).label},
        )
    filing.status = target


def _lock_editable(filing: Filing, user: User) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.created_by_id != user.id:
        raise FilingError("not_yours", errors.NOT_YOURS)
    if not filing.is_editable:
        raise FilingError("not_editable", errors.NOT_EDITABLE)
    return filing


def _ensure_officer(filing: Filing, user: User) -> None:
    courts = user_courts_with_role(user=user, roles={Role.FILING_OFFICER})
    if filing.court not in courts:
        raise FilingError("not_officer", errors.NOT_OFFICER)


@transaction.atomic
def filing_create(
    *, user: User, court: Court, origin_court: Court | None = None, type_code: str = "民初"
) -> Filing:
    """Start a draft. ``origin_court`` is set when a collaborating court's counter files on
    a party's behalf (跨域立案): the draft goes to ``court``, which has jurisdiction."""
    if origin_court is not None and origin_court == court:
        origin_court = None
    filing = Filing(created_by=user, court=court, origin_court=origin_court, type_code=type_code)
    filing.full_clean()
    filing.save()
    record(
        FilingEvent.CREATED,
        actor=user,
        court=court,
        payload={
            "filing": str(filing.id),
            "origin_court": origin_court.code if origin_court else None,
        },
    )
    return filing


@transaction.atomic
def filing_update_basics(
    *,
    filing: Filing,
    user: User,
    court: Court,
    cause_name: str,
    facts: str,
    cause_code: str = "",
    cause_revision: str = "",
) -> Filing:
    filing = _lock_editable(filing, user)
    filing.court = court
    filing.cause_name = cause_name.strip()
    filing.cause_code = cause_code
    filing.cause_revision = cause_revision
    filing.facts = facts.strip()
    filing.full_clean()
    filing.save()
    _record_change(filing, user, FilingEvent.UPDATED, {"cause": filing.cause_name})
    return filing


@transaction.atomic
def filing_add_party(*, filing: Filing, user: User, data: PartyInput) -> FilingParty:
    filing = _lock_editable(filing, user)
    party = FilingParty(
        filing=filing,
        position=_next_position(filing.parties),
        role=data.role,
        kind=data.kind,
        name=data.name.strip(),
        id_number=data.id_number,
        address=data.address.strip(),
        phone=data.phone.strip(),
        representative=data.representative.strip(),
        is_self=data.is_self,
    )
    party.full_clean()
    party.save()
    for agent in data.agents:
        a = FilingAgent(
            party=party,
            user=user if agent.is_me else None,
            name=agent.name.strip(),
            law_firm=agent.law_firm.strip(),
            licence_number=agent.licence_number.strip(),
            phone=agent.phone.strip(),
        )
        a.full_clean()
        a.save()
    _record_change(filing, user, FilingEvent.PARTY_ADDED, {"role": party.role, "name": party.name})
    return party


@transaction.atomic
def filing_remove_party(*, party: FilingParty, user: User) -> None:
    filing = _lock_editable(party.filing, user)
    payload = {"role": party.role, "name": party.name}
    party.delete()
    _record_change(filing, user, FilingEvent.PARTY_REMOVED, payload)


@transaction.atomic
def filing_add_claim(
    *, filing: Filing, user: User, text: str, amount: Decimal | None
) -> FilingClaim:
    filing = _lock_editable(filing, user)
    claim = FilingClaim(
        filing=filing, position=_next_position(filing.claims), text=text.strip(), amount=amount
    )
    claim.full_clean()
    claim.save()
    _record_change(
        filing,
        user,
        FilingEvent.CLAIM_ADDED,
        {"text": claim.text, "amount": None if amount is None else str(claim.amount)},
    )
    return claim


@transaction.atomic
def filing_remove_claim(*, claim: FilingClaim, user: User) -> None:
    filing = _lock_editable(claim.filing, user)
    payload = {"text": claim.text}
    claim.delete()
    _record_change(filing, user, FilingEvent.CLAIM_REMOVED, payload)


@transaction.atomic
def filing_add_attachment(
    *,
    filing: Filing,
    user: User,
    kind: str,
    name: str,
    data: bytes,
    agent: FilingAgent | None = None,
) -> FilingAttachment:
    """Validate the bytes by content before anything is stored; nothing is kept on refusal."""
    filing = _lock_editable(filing, user)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": errors.BAD_ATTACHMENT_KIND})
    if agent is not None and agent.party.filing_id != filing.id:
        raise ValidationError({"agent": errors.AGENT_NOT_IN_FILING})
    checked = check_upload(data)
    path = store_content_addressed(checked.data, folder="filings", extension=checked.extension)
    attachment = FilingAttachment.objects.create(
        filing=filing,
        kind=kind,
        original_name=name[:200],
        path=path,
        sha256=checked.sha256,
        content_type=checked.content_type,
        size=len(checked.data),
        pages=checked.pages,
        uploaded_by=user,
    )
    if agent is not None:
        agent.power_of_attorney = attachment
        agent.save(update_fields=["power_of_attorney"])
    record(
        FilingEvent.ATTACHMENT_ADDED,
        actor=user,
        court=filing.court,
        payload={"filing": str(filing.id), "kind": kind, "name": attachment.original_name},
        documents=[checked.sha256],
    )
    return attachment


@transaction.atomic
def filing_remove_attachment(*, attachment: FilingAttachment, user: User) -> None:
    filing = _lock_editable(attachment.filing, user)
    payload = {"kind": attachment.kind, "name": attachment.original_name}
    digest = attachment.sha256
    attachment.delete()  # the stored bytes stay: content-addressed, maybe shared, and hashed
    _record_change(filing, user, FilingEvent.ATTACHMENT_REMOVED, payload, documents=[digest])


def filing_missing(filing: Filing) -> list[str]:
    """Everything that still stops submission, said at once (一次性告知)."""
    missing = []
    roles = [p.role for p in filing.parties.all()]
    if not filing.cause_name:
        missing.append(str(errors.MISSING_CAUSE))
    if not filing.facts:
        missing.append(str(errors.MISSING_FACTS))
    if PartyRole.PLAINTIFF not in roles:
        missing.append(str(errors.MISSING_PLAINTIFF))
    if PartyRole.DEFENDANT not in roles:
        missing.append(str(errors.MISSING_DEFENDANT))
    if not filing.claims.exists():
        missing.append(str(errors.MISSING_CLAIM))
    kinds = {a.kind for a in filing.attachments.all()}
    if AttachmentKind.COMPLAINT not in kinds:
        missing.append(str(errors.MISSING_COMPLAINT))
    for party in filing.parties.all():
        for agent in party.agents.all():
            if agent.power_of_attorney_id is None:
                missing.append(str(errors.MISSING_POWER_OF_ATTORNEY % {"name": agent.name}))
    return missing


def _next_filing_number(court: Court) -> str:
    day = timezone.localdate()
    counter = FilingCounter.objects.select_for_update().filter(court=court, day=day).first()
    if counter is None:
        try:
            with transaction.atomic():
                FilingCounter.objects.create(court=court, day=day)
        except IntegrityError:
            pass
        counter = FilingCounter.objects.select_for_update().get(court=court, day=day)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return f"{court.code}网立{day:%Y%m%d}{counter.last_serial:04d}"


@transaction.atomic
def filing_submit(*, filing: Filing, user: User) -> Filing:
    """Submit (or resubmit after correction). The 7-day review clock starts the day after
    (《人民法院在线诉讼规则》第九条: after a correction, from the day after it arrives)."""
    filing = _lock_editable(filing, user)
    missing = filing_missing(filing)
    if missing:
        raise ValidationError([ValidationError(m, code="incomplete") for m in missing])
    resubmission = filing.status == FilingStatus.CORRECTION_REQUESTED
    _transition(filing, FilingStatus.SUBMITTED)
    if not filing.number:
        filing.number = _next_filing_number(filing.court)
    filing.submitted_at = timezone.now()
    filing.review_from = timezone.localdate()
    filing.review_due = period_end(filing.review_from, days=REVIEW_DAYS).date
    filing.save()
    record(
        FilingEvent.RESUBMITTED if resubmission else FilingEvent.SUBMITTED,
        actor=user,
        court=filing.court,
        payload={
            "filing": str(filing.id),
            "number": filing.number,
            "review_due": filing.review_due.isoformat(),
            "cause": filing.cause_name,
            "claim_total": str(filing.claim_total),
        },
        documents=[a.sha256 for a in filing.attachments.all()],
    )
    return filing


@transaction.atomic
def filing_request_correction(
    *, filing: Filing, officer: User, items: Sequence[str], note: str = ""
) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _ensure_officer(filing, officer)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise FilingError("items_required", errors.CORRECTION_ITEMS_REQUIRED)
    _transition(filing, FilingStatus.CORRECTION_REQUESTED)
    filing.correction_items = items
    filing.correction_note = note.strip()
    filing.reviewed_by = officer
    filing.save()
    record(
        FilingEvent.CORRECTION_REQUESTED,
        actor=officer,
        court=filing.court,
        payload={"filing": str(filing.id), "items": items, "note": filing.correction_note},
    )
    return filing


@transaction.atomic
def filing_refuse(*, filing: Filing, officer: User, reason: str) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _ensure_officer(filing, officer)
    if not reason.strip():
        raise FilingError("reason_required", errors.REASON_REQUIRED)
    _transition(filing, FilingStatus.REFUSED)
    filing.refusal_reason = reason.strip()
    filing.reviewed_by = officer
    filing.decided_at = timezone.now()
    filing.save()
    record(
        FilingEvent.REFUSED,
        actor=officer,
        court=filing.court,
        payload={
            "filing": str(filing.id),
            "number": filing.number,
            "reason": filing.refusal_reason,
        },
    )
    return filing


def _civil_department(court: Court) -> Department | None:
    return (
        Department.objects.filter(court=court, kind=DepartmentKind.CIVIL).order_by("name").first()
    )


@transaction.atomic
def filing_accept(
    *,
    filing: Filing,
    officer: User,
    procedure: str = "ordinary",
    department: Department | None = None,
) -> Case:
    """Accept: number the case, compute the fee, assign a judge, issue the acceptance and
    payment notices to the plaintiff side. All or nothing."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _ensure_officer(filing, officer)
    _transition(filing, FilingStatus.ACCEPTED)
    creator = filing.created_by
    parties = []
    for p in filing.parties.prefetch_related("agents"):
        parties.append(
            PartyData(
                role=p.role,
                kind=p.kind,
                name=p.name,
                id_type="citizen" if p.kind == "person" else "uscc",
                id_number=p.id_number,
                address=p.address,
                phone=p.phone,
                representative=p.representative,
                user=creator if p.is_self else None,
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
    claims = [ClaimData(text=c.text, amount=c.amount) for c in filing.claims.all()]
    case = case_create(
        court=filing.court,
        type_code=filing.type_code,
        cause_name=filing.cause_name,
        cause_code=filing.cause_code,
        cause_revision=filing.cause_revision,
        parties=parties,
        claims=claims,
        actor=officer,
        procedure=procedure,
        facts=filing.facts,
        department=department or _civil_department(filing.court),
    )
    from yunting.fees.services import acceptance_result  # fees builds on cases

    case.acceptance_fee = acceptance_result(claim_total=case.claim_amount, procedure=procedure).fee
    case.save(update_fields=["acceptance_fee"])
    filing.case = case
    filing.reviewed_by = officer
    filing.decided_at = timezone.now()
    filing.save()
    record(
        FilingEvent.ACCEPTED,
        actor=officer,
        court=filing.court,
        case=case,
        payload={
            "filing": str(filing.id),
            "number": filing.number,
            "case_number": case.case_number,
            "acceptance_fee": str(case.acceptance_fee),
        },
    )
    case_assign_automatically(case=case, actor=officer)
    from yunting.fees.services import fee_orders_assess_acceptance  # fees builds on cases

    orders = fee_orders_assess_acceptance(case=case, actor=officer)
    _issue_acceptance_documents(case=case, officer=officer, orders=orders)
    return case


def _issue_acceptance_documents(*, case: Case, officer: User, orders: Sequence = ()) -> None:
    """受理通知书 and 交费通知书 to each plaintiff (DOMAIN.md §1: prepay within 7 days).
    Each payment notice states the payer's own fee order: share, due date, reference."""
    from yunting.documents.services import document_issue  # documents builds on cases
    from yunting.fees.services import fee_order_link_notice, payment_notice_extra

    due = period_end(timezone.localdate(), days=7).date
    by_payer = {order.payer_id: order for order in orders}
    for plaintiff in case.parties.filter(role=PartyRole.PLAINTIFF):
        document_issue(
            template_code="acceptance_notice", case=case, actor=officer, recipient=plaintiff
        )
        order = by_payer.get(plaintiff.id)
        notice = document_issue(
            template_code="payment_notice",
            case=case,
            actor=officer,
            recipient=plaintiff,
            extra=payment_notice_extra(order)
            if order is not None
            else {"fee": case.acceptance_fee, "due_date": due},
        )
        if order is not None:
            fee_order_link_notice(order=order, document=notice, actor=officer)
