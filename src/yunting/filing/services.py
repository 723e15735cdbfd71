"""Writes for online filing: draft, submit, correct, review, accept (creating the case)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from yunting.accounts.roles import Role
from yunting.accounts.selectors import user_courts_with_role
from yunting.cases.assignment import case_assign_automatically
from yunting.cases.models import Case, PartyRole
from yunting.cases.services import (
    AgentData,
    ClaimData,
    PartyData,
    case_create,
    case_set_acceptance_fee,
)
from yunting.core.files import check_upload, store_content_addressed
from yunting.courts.models import Department, DepartmentKind
from yunting.ledger.deposits import evidence_check
from yunting.ledger.services import record_event
from yunting.rules import causes
from yunting.rules.deadlines import period_end

from . import events
from .errors import FilingError, FilingErrorCode
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
from .selectors import filing_missing

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
    abroad: bool = False  # no domicile in China: its periods run 30 days (CPL Art. 285-286)


def _clean(obj: Model) -> None:
    """A model's own checks (lengths, choices, ID numbers) as a typed filing error, so pages
    and the API answer with the fields at fault instead of a bare ``ValidationError``."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        if isinstance(exc, FilingError):
            raise
        raise FilingError(FilingErrorCode.INVALID, errors=exc.message_dict) from exc


def _next_position(related) -> int:
    last = related.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _transition(filing: Filing, target: str) -> None:
    if target not in FILING_TRANSITIONS[filing.status]:
        raise FilingError(
            FilingErrorCode.ILLEGAL_TRANSITION,
            current=filing.get_status_display(),
            target=FilingStatus(target).label,
        )
    filing.status = target


def _lock_editable(filing: Filing, user: User) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.created_by_id != user.id:
        raise FilingError(FilingErrorCode.NOT_YOURS)
    if not filing.is_editable:
        raise FilingError(FilingErrorCode.NOT_EDITABLE)
    return filing


def _ensure_officer(filing: Filing, user: User) -> None:
    courts = user_courts_with_role(user=user, roles={Role.FILING_OFFICER})
    if filing.court not in courts:
        raise FilingError(FilingErrorCode.NOT_OFFICER)


@transaction.atomic
def filing_create(*, user: User, court: Court, type_code: str = "民初") -> Filing:
    """Start a draft. When a filing officer or court admin starts it at their own court's
    counter for another court (跨域立案), the draft goes to ``court``, which has
    jurisdiction, and records the counter's court as ``origin_court``."""
    counter_courts = user_courts_with_role(user=user, roles={Role.FILING_OFFICER, Role.COURT_ADMIN})
    origin_court = counter_courts[0] if counter_courts else None
    if origin_court is not None and origin_court == court:
        origin_court = None
    filing = Filing(created_by=user, court=court, origin_court=origin_court, type_code=type_code)
    _clean(filing)
    filing.save()
    record_event(events.filing_created(filing=filing, actor=user))
    return filing


def _catalogue_match(name: str) -> causes.Cause | None:
    """The catalogue entry with exactly this name (《民事案件案由规定》), or None."""
    return next((c for c in causes.search(name) if c.name == name.strip()), None)


@transaction.atomic
def filing_update_basics(
    *,
    filing: Filing,
    user: User,
    court: Court,
    cause_name: str,
    facts: str,
) -> Filing:
    """Court, cause of action and facts of a draft. A cause named exactly as in the official
    catalogue keeps its code and revision, so the case carries the official cause."""
    filing = _lock_editable(filing, user)
    old_cause, old_court = filing.cause_name, filing.court
    match = _catalogue_match(cause_name)
    filing.court = court
    filing.cause_name = cause_name.strip()
    filing.cause_code = match.key if match else ""
    filing.cause_revision = match.revision if match else ""
    filing.facts = facts.strip()
    _clean(filing)
    filing.save()
    record_event(
        events.filing_updated(filing=filing, actor=user, old_cause=old_cause, old_court=old_court)
    )
    return filing


@transaction.atomic
def filing_add_party(*, filing: Filing, user: User, data: PartyInput) -> FilingParty:
    filing = _lock_editable(filing, user)
    if data.is_self:  # the person themself: their account's name, ID number and phone
        data = replace(
            data,
            kind="person",
            name=user.name,
            id_number=user.id_number or data.id_number,
            phone=user.phone or data.phone,
        )
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
        abroad=data.abroad,
    )
    _clean(party)
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
        _clean(a)
        a.save()
    record_event(events.filing_party_added(filing=filing, actor=user, party=party))
    return party


@transaction.atomic
def filing_set_service_address(
    *,
    filing: Filing,
    user: User,
    inbox: bool = False,
    mobile: str = "",
    email: str = "",
    postal: str = "",
    consent: Sequence[str] = (),
) -> Filing:
    """The filer's own 送达地址确认书: where the court may serve them and by which electronic
    channels they consent; applied to their party when the case is accepted."""
    from yunting.service.addresses import address_values_clean  # service builds on cases

    filing = _lock_editable(filing, user)
    mobile, email, postal = address_values_clean(mobile=mobile, email=email, postal=postal)
    if not (inbox or mobile or email or postal):
        raise FilingError(FilingErrorCode.NO_SERVICE_ADDRESS)
    given = {"inbox": inbox, "sms": mobile, "email": email}
    filing.service_address = {
        "inbox": inbox,
        "mobile": mobile,
        "email": email,
        "postal": postal,
        "consent": sorted(c for c in set(consent) if given.get(c)),
        "at": timezone.now().isoformat(),
    }
    filing.save(update_fields=["service_address", "updated_at"])
    record_event(events.filing_service_address_given(filing=filing, actor=user))
    return filing


@transaction.atomic
def filing_remove_party(*, party: FilingParty, user: User) -> None:
    filing = _lock_editable(party.filing, user)
    role, name = party.role, party.name
    party.delete()
    record_event(events.filing_party_removed(filing=filing, actor=user, role=role, name=name))


@transaction.atomic
def filing_add_claim(
    *, filing: Filing, user: User, text: str, amount: Decimal | None
) -> FilingClaim:
    filing = _lock_editable(filing, user)
    claim = FilingClaim(
        filing=filing, position=_next_position(filing.claims), text=text.strip(), amount=amount
    )
    _clean(claim)
    claim.save()
    record_event(events.filing_claim_added(filing=filing, actor=user, claim=claim))
    return claim


@transaction.atomic
def filing_remove_claim(*, claim: FilingClaim, user: User) -> None:
    filing = _lock_editable(claim.filing, user)
    text = claim.text
    claim.delete()
    record_event(events.filing_claim_removed(filing=filing, actor=user, text=text))


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
        raise FilingError(FilingErrorCode.BAD_ATTACHMENT_KIND, field="kind")
    if agent is not None and agent.party.filing_id != filing.id:
        raise FilingError(FilingErrorCode.AGENT_NOT_IN_FILING, field="agent")
    checked = check_upload(data)
    path = store_content_addressed(checked.data, folder="filings", extension=checked.extension)
    attachment = FilingAttachment(
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
    _clean(attachment)
    attachment.save()
    if agent is not None:
        agent.power_of_attorney = attachment
        agent.save(update_fields=["power_of_attorney"])
    record_event(events.filing_attachment_added(filing=filing, actor=user, attachment=attachment))
    evidence_check(
        sha256=attachment.sha256,
        source="filing_attachment",
        source_id=str(attachment.id),
        title=attachment.original_name,
        court=filing.court_id,
        actor=user,
    )
    return attachment


@transaction.atomic
def filing_remove_attachment(*, attachment: FilingAttachment, user: User) -> None:
    filing = _lock_editable(attachment.filing, user)
    removed = events.filing_attachment_removed(
        filing=filing,
        actor=user,
        kind=attachment.kind,
        name=attachment.original_name,
        sha256=attachment.sha256,
    )
    attachment.delete()  # the stored bytes stay: content-addressed, maybe shared, and hashed
    record_event(removed)


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
        raise FilingError(FilingErrorCode.INCOMPLETE, messages=missing)
    resubmission = filing.status == FilingStatus.CORRECTION_REQUESTED
    _transition(filing, FilingStatus.SUBMITTED)
    if not filing.number:
        filing.number = _next_filing_number(filing.court)
    filing.submitted_at = timezone.now()
    filing.review_from = timezone.localdate()
    filing.review_due = period_end(filing.review_from, days=REVIEW_DAYS).date
    filing.save()
    record_event(events.filing_submitted(filing=filing, actor=user, resubmission=resubmission))
    return filing


@transaction.atomic
def filing_request_correction(
    *, filing: Filing, officer: User, items: Sequence[str], note: str = ""
) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _ensure_officer(filing, officer)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        raise FilingError(FilingErrorCode.ITEMS_REQUIRED)
    _transition(filing, FilingStatus.CORRECTION_REQUESTED)
    filing.correction_items = items
    filing.correction_note = note.strip()
    filing.reviewed_by = officer
    filing.save()
    record_event(events.filing_correction_requested(filing=filing, actor=officer))
    return filing


@transaction.atomic
def filing_refuse(*, filing: Filing, officer: User, reason: str) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _ensure_officer(filing, officer)
    if not reason.strip():
        raise FilingError(FilingErrorCode.REASON_REQUIRED)
    _transition(filing, FilingStatus.REFUSED)
    filing.refusal_reason = reason.strip()
    filing.reviewed_by = officer
    filing.decided_at = timezone.now()
    filing.save()
    record_event(events.filing_refused(filing=filing, actor=officer))
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
    """Accept: number the case, compute the fee, assign a judge, and ask for the acceptance
    and payment notices to the plaintiff side (made after commit). All or nothing."""
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
                abroad=p.abroad,
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
    from yunting.fees.services import case_acceptance_result  # fees builds on cases

    case.acceptance_fee = case_acceptance_result(case).fee
    case_set_acceptance_fee(case=case, fee=case.acceptance_fee)
    filing.case = case
    filing.reviewed_by = officer
    filing.decided_at = timezone.now()
    filing.save()
    record_event(events.filing_accepted(filing=filing, actor=officer, case=case))
    from yunting.efile.services import efile_ingest_filing_later  # the e-file builds on cases

    efile_ingest_filing_later(case=case, filing=filing, actor=officer)
    case_assign_automatically(case=case, actor=officer)
    from yunting.fees.services import fee_orders_assess_acceptance  # fees builds on cases

    orders = fee_orders_assess_acceptance(case=case, actor=officer)
    _issue_acceptance_documents(case=case, officer=officer, orders=orders)
    if filing.service_address:
        from yunting.service.addresses import address_confirm_from_filing  # builds on cases

        address_confirm_from_filing(
            case=case, filer=creator, officer=officer, data=filing.service_address
        )
    return case


def _issue_acceptance_documents(*, case: Case, officer: User, orders: Sequence = ()) -> None:
    """受理通知书 and 交费通知书 to each plaintiff (DOMAIN.md §1: prepay within 7 days).
    Each payment notice states the payer's own fee order: share, due date, reference.

    Requested here and made by a worker after commit (documents.requests): rendering,
    sealing and signing take ~0.3 s a notice and must not hold the acceptance open."""
    from yunting.documents.requests import document_request_create  # documents builds on cases
    from yunting.fees.services import payment_notice_extra

    due = period_end(timezone.localdate(), days=7).date
    by_payer = {order.payer_id: order for order in orders}
    for plaintiff in case.parties.filter(role=PartyRole.PLAINTIFF):
        document_request_create(
            template_code="acceptance_notice", case=case, actor=officer, recipient=plaintiff
        )
        order = by_payer.get(plaintiff.id)
        document_request_create(
            template_code="payment_notice",
            case=case,
            actor=officer,
            recipient=plaintiff,
            extra=payment_notice_extra(order)
            if order is not None
            else {"fee": case.acceptance_fee, "due_date": due},
            links={"fee_order": order.id} if order is not None else None,
        )


@transaction.atomic
def filing_party_id_reveal(*, filing: Filing, party: FilingParty, officer: User) -> str:
    """Show a party's full ID number to a filing officer of the court, and record who saw
    whose number when (the review page shows it masked otherwise)."""
    _ensure_officer(filing, officer)
    if party.filing_id != filing.id:
        raise FilingError(FilingErrorCode.NOT_OFFICER)
    record_event(events.filing_id_revealed(filing=filing, actor=officer, party=party))
    return party.id_number


# --- pre-litigation mediation (诉前调解): the mediation app guides a filing out and back ------


@transaction.atomic
def filing_send_to_mediation(*, filing: Filing, officer: User, consent_note: str) -> Filing:
    """The filing officer, with the plaintiff's consent, guides a submitted filing to
    pre-litigation mediation; it waits (out of the review queue) until the mediation ends."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _ensure_officer(filing, officer)
    if not consent_note.strip():
        raise FilingError(FilingErrorCode.REASON_REQUIRED)
    _transition(filing, FilingStatus.MEDIATING)
    filing.reviewed_by = officer
    filing.save()
    record_event(
        events.filing_to_mediation(filing=filing, actor=officer, consent_note=consent_note.strip())
    )
    return filing


def _restart_review(filing: Filing) -> None:
    filing.review_from = timezone.localdate()
    filing.review_due = period_end(filing.review_from, days=REVIEW_DAYS).date


@transaction.atomic
def filing_release_from_mediation(
    *, filing: Filing, actor: User, record: dict, dispute_number: str
) -> Filing:
    """The mediation failed: the waiting filing comes back to review, its 7 days counted
    afresh, carrying the pre-litigation record."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    _transition(filing, FilingStatus.SUBMITTED)
    _restart_review(filing)
    filing.pre_litigation_record = record
    filing.save()
    record_event(
        events.filing_from_mediation(
            filing=filing, actor=actor, dispute_number=dispute_number, created=False
        )
    )
    return filing


@transaction.atomic
def filing_create_from_mediation(
    *,
    court: Court,
    creator: User,
    actor: User,
    cause_name: str,
    facts: str,
    parties: Sequence[PartyInput],
    claims: Sequence[tuple[str, Decimal | None]],
    record: dict,
    dispute_number: str,
) -> Filing:
    """A failed mediation becomes a submitted filing of the applicant, in review at once,
    starting from the pre-litigation record."""
    cause = _catalogue_match(cause_name)
    filing = Filing(
        created_by=creator,
        court=court,
        cause_name=cause.name if cause else cause_name,
        cause_code=cause.code if cause else "",
        cause_revision=cause.revision if cause else "",
        facts=facts,
        status=FilingStatus.SUBMITTED,
        pre_litigation_record=record,
    )
    filing.number = _next_filing_number(court)
    filing.submitted_at = timezone.now()
    _restart_review(filing)
    filing.save()
    for position, data in enumerate(parties):
        FilingParty.objects.create(
            filing=filing,
            position=position,
            role=data.role,
            kind=data.kind,
            name=data.name,
            id_number=data.id_number,
            address=data.address or "—",
            phone=data.phone,
            is_self=data.is_self,
        )
    for text, amount in claims:
        FilingClaim.objects.create(filing=filing, text=text, amount=amount)
    record_event(
        events.filing_from_mediation(
            filing=filing, actor=actor, dispute_number=dispute_number, created=True
        )
    )
    return filing
