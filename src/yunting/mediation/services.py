"""Writes for online mediation: register (or guide a filing out), invite and consent, assign,
talk (jointly and 背对背), agree and sign, then judicial confirmation, a filing, or withdrawal.
Each write appends one ledger event."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yunting.accounts.models import User
from yunting.courts.models import DepartmentKind
from yunting.ledger.services import record_event
from yunting.rules import mediation as rules

from . import events
from .errors import MediationError, MediationErrorCode
from .models import (
    OPEN_STATUSES,
    RESOLVED_STATUSES,
    Agreement,
    AgreementSignature,
    AssignmentMethod,
    ConfirmationDecision,
    ConfirmationRuling,
    Consent,
    Dispute,
    DisputeParty,
    DisputeStatus,
    EvidenceItem,
    Extension,
    MatterConcerned,
    Mediator,
    Message,
    Origin,
    PartySide,
    Speciality,
)
from .selectors import coordinator_court_ids, judge_court_ids

if TYPE_CHECKING:
    from yunting.courts.models import Court
    from yunting.filing.models import Filing

DISPUTE_TYPE_CODE = "民诉前调"
CONFIRMATION_TYPE_CODE = "民特"
CONFIRMATION_TEMPLATE = "confirmation_ruling"
MOBILE_RE = re.compile(r"^1\d{10}$")


# --- who is who -------------------------------------------------------------------------------


def is_coordinator(user: User, court: Court) -> bool:
    return court.id in coordinator_court_ids(user=user)


def is_judge(user: User, court: Court) -> bool:
    return court.id in judge_court_ids(user=user)


def is_mediator_of(user: User, dispute: Dispute) -> bool:
    return dispute.mediator_id is not None and dispute.mediator.user_id == user.id


def parties_of(user: User, dispute: Dispute) -> list[DisputeParty]:
    return [p for p in dispute.parties.all() if p.user_id == user.id]


def _party_of(user: User, dispute: Dispute, party: DisputeParty | None) -> DisputeParty:
    mine = parties_of(user, dispute)
    if party is None:
        if not mine:
            raise MediationError(MediationErrorCode.NOT_YOURS)
        return mine[0]
    if all(p.id != party.id for p in mine):
        raise MediationError(MediationErrorCode.NOT_YOURS)
    return party


def _lock(dispute: Dispute) -> Dispute:
    return (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("court", "mediator")
        .get(pk=dispute.pk)
    )


def _state(dispute: Dispute, allowed: frozenset | set) -> None:
    if dispute.status not in allowed:
        raise MediationError(
            MediationErrorCode.WRONG_STATE, status=str(DisputeStatus(dispute.status).label)
        )


def _ensure_coordinator(user: User, dispute: Dispute) -> None:
    if not is_coordinator(user, dispute.court):
        raise MediationError(MediationErrorCode.NOT_COORDINATOR)


def _ensure_mediator(user: User, dispute: Dispute) -> None:
    if not is_mediator_of(user, dispute):
        raise MediationError(MediationErrorCode.NOT_MEDIATOR)


# --- registration -------------------------------------------------------------------------------


@dataclass
class PartyInput:
    side: str
    name: str
    kind: str = "person"
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    is_self: bool = False


def parse_amount(text: str) -> Decimal | None:
    text = (text or "").replace(",", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MediationError(MediationErrorCode.BAD_AMOUNT, field="amount") from None
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise MediationError(MediationErrorCode.BAD_AMOUNT, field="amount")
    return value


def _clean_registration(
    *, cause_name: str, speciality: str, claim: str, facts: str, parties: Sequence[PartyInput]
) -> None:
    errors: dict[str, list[str]] = {}
    for field, value, what in (
        ("cause_name", cause_name, _("the cause of action")),
        ("claim", claim, _("what you ask for")),
        ("facts", facts, _("the facts")),
    ):
        if not value.strip():
            errors[field] = [MediationErrorCode.REQUIRED.message % {"what": what}]
    if speciality not in Speciality.values:
        errors["speciality"] = [MediationErrorCode.BAD_CHOICE.message % {"what": _("the kind")}]
    for p in parties:
        if not p.is_self and not p.name.strip():
            errors.setdefault("parties", []).append(
                MediationErrorCode.REQUIRED.message % {"what": _("every party's name")}
            )
        if p.phone and not MOBILE_RE.match(p.phone):
            errors.setdefault("phone", []).append(str(MediationErrorCode.BAD_PHONE.message))
    if not any(p.side == PartySide.RESPONDENT for p in parties):
        errors.setdefault("parties", []).append(str(MediationErrorCode.NO_RESPONDENT.message))
    if errors:
        raise MediationError(MediationErrorCode.REQUIRED, errors=errors, what="")


def _new_dispute(
    *,
    court: Court,
    origin: str,
    registered_by: User,
    cause_name: str,
    speciality: str,
    region: str,
    claim: str,
    amount: Decimal | None,
    facts: str,
    filing: Filing | None = None,
) -> Dispute:
    from yunting.cases.services import case_number_allocate  # the court's one number sequence

    today = timezone.localdate()
    number = case_number_allocate(court=court, year=today.year, type_code=DISPUTE_TYPE_CODE)
    return Dispute.objects.create(
        number=number.format(),
        court=court,
        origin=origin,
        registered_by=registered_by,
        filing=filing,
        cause_name=cause_name.strip(),
        speciality=speciality,
        region=region.strip(),
        claim=claim.strip(),
        amount=amount,
        facts=facts.strip(),
        received_on=today,
        joint_choice_due=rules.joint_choice_due(today),
        designation_due=rules.designation_due(today),
    )


def _add_parties(dispute: Dispute, parties: Sequence[PartyInput], registrant: User) -> None:
    now = timezone.now()
    for position, p in enumerate(parties):
        user = registrant if p.is_self else None
        if user is None and p.phone:
            user = User.objects.filter(phone=p.phone, is_active=True).first()
        applicant = p.side == PartySide.APPLICANT
        DisputeParty.objects.create(
            dispute=dispute,
            position=position,
            side=p.side,
            kind=p.kind,
            name=(registrant.name if p.is_self else p.name).strip(),
            id_number=p.id_number.strip(),
            phone=(registrant.phone if p.is_self and not p.phone else p.phone).strip(),
            address=p.address.strip(),
            email=p.email.strip(),
            user=user,
            # The applicant asked for mediation: that is its consent.
            consent=Consent.GIVEN if applicant else Consent.PENDING,
            consent_at=now if applicant else None,
        )


def _invite(dispute: Dispute, actor: User) -> None:
    """Invite each respondent by the channels known (SMS, e-mail), after commit."""
    from yunting.notify.services import notice_send_email, notice_send_sms

    text = _(
        "%(court)s: you are invited to online mediation of dispute %(number)s (%(cause)s). "
        "Log in to Yunting to consent or refuse."
    ) % {"court": dispute.court.name, "number": dispute.number, "cause": dispute.cause_name}
    for party in dispute.parties.filter(side=PartySide.RESPONDENT):
        channels = []
        if party.phone:
            notice_send_sms(phone=party.phone, text=text)
            channels.append("sms")
        if party.email:
            notice_send_email(address=party.email, subject=dispute.number, body=text)
            channels.append("email")
        party.invited_at = timezone.now()
        party.save(update_fields=["invited_at"])
        record_event(events.invited(dispute=dispute, party=party, actor=actor, channels=channels))


@transaction.atomic
def dispute_register(
    *,
    user: User,
    court: Court,
    cause_name: str,
    speciality: str,
    claim: str,
    facts: str,
    parties: Sequence[PartyInput],
    region: str = "",
    amount: Decimal | None = None,
    institution: bool = False,
) -> Dispute:
    """A person (or an institution) asks the court for pre-litigation mediation. The clocks of
    Art. 10 start the day after: a joint choice within 2 working days, designation within 3."""
    _clean_registration(
        cause_name=cause_name, speciality=speciality, claim=claim, facts=facts, parties=parties
    )
    dispute = _new_dispute(
        court=court,
        origin=Origin.INSTITUTION if institution else Origin.PERSON,
        registered_by=user,
        cause_name=cause_name,
        speciality=speciality,
        region=region,
        claim=claim,
        amount=amount,
        facts=facts,
    )
    _add_parties(dispute, parties, user)
    record_event(events.registered(dispute=dispute, actor=user))
    _invite(dispute, user)
    return dispute


@transaction.atomic
def dispute_from_filing(
    *, filing: Filing, officer: User, consent_note: str, speciality: str, region: str = ""
) -> Dispute:
    """诉前调解: the filing officer, with the plaintiff's consent, guides a submitted filing to
    mediation. The filing waits; failure releases it with the pre-litigation record."""
    from yunting.filing.models import FilingStatus
    from yunting.filing.services import filing_send_to_mediation

    if filing.status != FilingStatus.SUBMITTED:
        raise MediationError(MediationErrorCode.FILING_NOT_WAITING)
    if not consent_note.strip():
        raise MediationError(
            MediationErrorCode.REQUIRED, what=_("how the plaintiff consented"), field="consent"
        )
    if speciality not in Speciality.values:
        raise MediationError(MediationErrorCode.BAD_CHOICE, what=_("the kind"), field="speciality")
    filing = filing_send_to_mediation(filing=filing, officer=officer, consent_note=consent_note)
    claims = list(filing.claims.all())
    amount = sum((c.amount for c in claims if c.amount is not None), Decimal("0.00"))
    dispute = _new_dispute(
        court=filing.court,
        origin=Origin.FILING,
        registered_by=officer,
        cause_name=filing.cause_name or "—",
        speciality=speciality,
        region=region,
        claim="\n".join(c.text for c in claims) or "—",
        amount=amount or None,
        facts=filing.facts or "—",
        filing=filing,
    )
    inputs = [
        PartyInput(
            side=PartySide.APPLICANT if p.role == "plaintiff" else PartySide.RESPONDENT,
            name=p.name,
            kind=p.kind,
            id_number=p.id_number,
            phone=p.phone,
            address=p.address,
        )
        for p in filing.parties.all()
        if p.role in ("plaintiff", "defendant")
    ]
    _add_parties(dispute, inputs, officer)
    for party, source in zip(
        dispute.parties.filter(side=PartySide.APPLICANT),
        [p for p in filing.parties.all() if p.role == "plaintiff"],
        strict=False,
    ):
        if source.is_self:
            party.user = filing.created_by
            party.save(update_fields=["user"])
    record_event(events.registered(dispute=dispute, actor=officer))
    _invite(dispute, officer)
    return dispute


# --- consent, choice, assignment ---------------------------------------------------------------


def _all_consented(dispute: Dispute) -> bool:
    return all(p.consent == Consent.GIVEN for p in dispute.parties.all())


def _maybe_start(dispute: Dispute, actor: User) -> None:
    """Mediation starts once a mediator is designated and every party consented; the 30-day
    period runs from that day."""
    if dispute.status != DisputeStatus.RECEIVED or dispute.mediator_id is None:
        return
    if not _all_consented(dispute):
        return
    dispute.status = DisputeStatus.MEDIATING
    dispute.started_on = timezone.localdate()
    dispute.period_end = rules.mediation_period_end(dispute.started_on, stage="pre_filing")
    dispute.save(update_fields=["status", "started_on", "period_end"])
    record_event(events.started(dispute=dispute, actor=actor))


@transaction.atomic
def dispute_answer_invitation(
    *, dispute: Dispute, user: User, accept: bool, party: DisputeParty | None = None
) -> Dispute:
    """The invited side consents to mediation or refuses it; a refusal ends the mediation (a
    waiting filing goes back to review)."""
    dispute = _lock(dispute)
    party = _party_of(user, dispute, party)
    _state(dispute, {DisputeStatus.RECEIVED})
    if party.consent != Consent.PENDING:
        raise MediationError(MediationErrorCode.ALREADY_ANSWERED, name=party.name)
    party.consent = Consent.GIVEN if accept else Consent.REFUSED
    party.consent_at = timezone.now()
    party.save(update_fields=["consent", "consent_at"])
    record_event(events.consent_answered(dispute=dispute, party=party, actor=user))
    if not accept:
        dispute.status = DisputeStatus.REFUSED
        dispute.end_reason = _("%(name)s refused mediation.") % {"name": party.name}
        dispute.ended_at = timezone.now()
        dispute.save(update_fields=["status", "end_reason", "ended_at"])
        if dispute.filing_id is not None:
            _to_filing(dispute, user)
        return dispute
    _maybe_start(dispute, user)
    return dispute


@transaction.atomic
def dispute_choose_mediator(
    *, dispute: Dispute, user: User, mediator: Mediator, party: DisputeParty | None = None
) -> Dispute:
    """Each party may name a mediator within 2 working days; when all name the same one, that
    is the parties' joint choice and the court designates no one else."""
    dispute = _lock(dispute)
    party = _party_of(user, dispute, party)
    _state(dispute, {DisputeStatus.RECEIVED})
    if dispute.mediator_id is not None or timezone.localdate() > dispute.joint_choice_due:
        raise MediationError(
            MediationErrorCode.CHOICE_CLOSED, due=dispute.joint_choice_due.isoformat()
        )
    if mediator.organisation.court_id != dispute.court_id or not mediator.active:
        raise MediationError(MediationErrorCode.BAD_CHOICE, what=_("the mediator"))
    party.chosen_mediator = mediator
    party.save(update_fields=["chosen_mediator"])
    record_event(events.mediator_chosen(dispute=dispute, party=party, actor=user))
    chosen = {p.chosen_mediator_id for p in dispute.parties.all()}
    if chosen == {mediator.id}:
        _assign(dispute, mediator, AssignmentMethod.JOINT_CHOICE, user)
    return dispute


def mediator_caseload(mediator: Mediator) -> int:
    return mediator.disputes.filter(status__in=OPEN_STATUSES).count()


def suggest_mediator(dispute: Dispute) -> Mediator | None:
    """The rules' choice: speciality, then region, then the lightest caseload."""
    mediators = {
        str(m.id): m
        for m in Mediator.objects.filter(
            organisation__court=dispute.court, active=True
        ).select_related("user")
    }
    candidates = [
        rules.Candidate(
            key=key,
            specialities=frozenset(m.specialities),
            region=m.region,
            caseload=mediator_caseload(m),
            name=m.user.name,
        )
        for key, m in mediators.items()
    ]
    ranked = rules.rank_mediators(candidates, speciality=dispute.speciality, region=dispute.region)
    return mediators[ranked[0].key] if ranked else None


def _assign(dispute: Dispute, mediator: Mediator, method: str, actor: User) -> None:
    today = timezone.localdate()
    dispute.mediator = mediator
    dispute.assignment_method = method
    dispute.assigned_by = actor
    dispute.assigned_on = today
    dispute.assigned_late = rules.assignment_is_late(dispute.received_on, today)
    dispute.save(
        update_fields=[
            "mediator",
            "assignment_method",
            "assigned_by",
            "assigned_on",
            "assigned_late",
        ]
    )
    record_event(events.assigned(dispute=dispute, actor=actor))
    _maybe_start(dispute, actor)


@transaction.atomic
def dispute_assign(*, dispute: Dispute, actor: User, mediator: Mediator | None = None) -> Dispute:
    """The coordinator designates a mediator (or lets the rules choose). A designation after
    the 3-working-day clock is allowed and flagged."""
    dispute = _lock(dispute)
    _ensure_coordinator(actor, dispute)
    _state(dispute, {DisputeStatus.RECEIVED})
    method = AssignmentMethod.COORDINATOR
    if mediator is None:
        mediator = suggest_mediator(dispute)
        method = AssignmentMethod.RULES
        if mediator is None:
            raise MediationError(MediationErrorCode.NO_MEDIATOR)
    if mediator.organisation.court_id != dispute.court_id or not mediator.active:
        raise MediationError(MediationErrorCode.BAD_CHOICE, what=_("the mediator"))
    _assign(dispute, mediator, method, actor)
    return dispute


# --- the session --------------------------------------------------------------------------------

TALKING = frozenset({DisputeStatus.RECEIVED, DisputeStatus.MEDIATING, DisputeStatus.AGREED})


def thread_allowed(user: User, dispute: Dispute, side: DisputeParty | None) -> bool:
    """The joint thread: the mediator and every party; a side thread: the mediator and that
    party only."""
    if is_mediator_of(user, dispute):
        return True
    mine = parties_of(user, dispute)
    if side is None:
        return bool(mine)
    return any(p.id == side.id for p in mine)


@transaction.atomic
def message_post(
    *, dispute: Dispute, user: User, text: str, side: DisputeParty | None = None
) -> Message:
    """A post in the joint thread or in a private (背对背) side thread. Someone not in the
    thread gets "not found", as if it did not exist."""
    dispute = _lock(dispute)
    if side is not None and side.dispute_id != dispute.id:
        raise MediationError(MediationErrorCode.NOT_IN_THREAD)
    if not thread_allowed(user, dispute, side):
        raise MediationError(MediationErrorCode.NOT_IN_THREAD)
    _state(dispute, TALKING)
    if not text.strip():
        raise MediationError(MediationErrorCode.REQUIRED, what=_("the message"), field="text")
    mine = parties_of(user, dispute)
    author_party = side if side is not None and not is_mediator_of(user, dispute) else None
    if author_party is None and mine and not is_mediator_of(user, dispute):
        author_party = mine[0]
    message = Message.objects.create(
        dispute=dispute, side=side, author=user, author_party=author_party, text=text.strip()
    )
    record_event(events.message_posted(message=message))
    return message


@transaction.atomic
def evidence_add(
    *,
    dispute: Dispute,
    user: User,
    title: str,
    purpose: str = "",
    party: DisputeParty | None = None,
) -> EvidenceItem:
    dispute = _lock(dispute)
    party = _party_of(user, dispute, party)
    _state(dispute, OPEN_STATUSES)
    if not title.strip():
        raise MediationError(MediationErrorCode.REQUIRED, what=_("the evidence"), field="title")
    item = EvidenceItem.objects.create(
        dispute=dispute, party=party, title=title.strip(), purpose=purpose.strip(), by=user
    )
    record_event(events.evidence_added(item=item))
    return item


@transaction.atomic
def address_confirm(
    *,
    dispute: Dispute,
    user: User,
    address: str,
    phone: str = "",
    email: str = "",
    party: DisputeParty | None = None,
) -> DisputeParty:
    """A party confirms its address for service; carried to the filing if mediation fails."""
    dispute = _lock(dispute)
    party = _party_of(user, dispute, party)
    if not address.strip():
        raise MediationError(MediationErrorCode.REQUIRED, what=_("the address"), field="address")
    if phone and not MOBILE_RE.match(phone.strip()):
        raise MediationError(MediationErrorCode.BAD_PHONE, field="phone")
    party.address = address.strip()
    party.phone = phone.strip() or party.phone
    party.email = email.strip()
    party.address_confirmed_at = timezone.now()
    party.save(update_fields=["address", "phone", "email", "address_confirmed_at"])
    record_event(events.address_confirmed(dispute=dispute, party=party, actor=user))
    return party


@transaction.atomic
def facts_record(*, dispute: Dispute, actor: User, text: str) -> Dispute:
    """The mediator records the facts both sides agreed on (无争议事实记载)."""
    dispute = _lock(dispute)
    _ensure_mediator(actor, dispute)
    _state(dispute, OPEN_STATUSES)
    dispute.undisputed_facts = text.strip()
    dispute.save(update_fields=["undisputed_facts"])
    record_event(events.facts_recorded(dispute=dispute, actor=actor))
    return dispute


@transaction.atomic
def period_extend(*, dispute: Dispute, actor: User, days: int, consent_note: str) -> Extension:
    """Extend the mediation period when every party agrees (Art. 24): how they agreed is
    recorded with the new last day."""
    dispute = _lock(dispute)
    _ensure_mediator(actor, dispute)
    _state(dispute, {DisputeStatus.MEDIATING})
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 30:
        raise MediationError(MediationErrorCode.BAD_DAYS, field="days")
    if not consent_note.strip():
        raise MediationError(
            MediationErrorCode.REQUIRED, what=_("how every party consented"), field="consent"
        )
    earlier = list(dispute.extensions.values_list("days", flat=True))
    new_end = rules.mediation_period_end(
        dispute.started_on, stage="pre_filing", extension_days=[*earlier, days]
    )
    extension = Extension.objects.create(
        dispute=dispute, days=days, consent_note=consent_note.strip(), by=actor, new_end=new_end
    )
    dispute.period_end = new_end
    dispute.save(update_fields=["period_end"])
    record_event(events.extended(extension=extension))
    return extension


# --- agreement ----------------------------------------------------------------------------------


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_agreement(dispute: Dispute) -> Agreement | None:
    return dispute.agreements.order_by("-version").first()


@transaction.atomic
def agreement_draft(*, dispute: Dispute, actor: User, text: str, concerns: str = "") -> Agreement:
    """The mediator drafts (or redrafts) the terms. A new text is a new version, so nobody's
    signature of the old one counts for it."""
    dispute = _lock(dispute)
    _ensure_mediator(actor, dispute)
    _state(dispute, {DisputeStatus.MEDIATING})
    text = text.strip().replace("\r\n", "\n")
    if not text:
        raise MediationError(MediationErrorCode.REQUIRED, what=_("the terms"), field="text")
    if concerns not in MatterConcerned.values:
        raise MediationError(MediationErrorCode.BAD_CHOICE, what=_("the matter"), field="concerns")
    last = current_agreement(dispute)
    agreement = Agreement.objects.create(
        dispute=dispute,
        version=(last.version + 1) if last else 1,
        text=text,
        concerns=concerns,
        sha256=text_hash(text),
        drafted_by=actor,
    )
    record_event(events.agreement_drafted(agreement=agreement))
    return agreement


@transaction.atomic
def agreement_sign(
    *, agreement: Agreement, user: User, seen_sha256: str, party: DisputeParty | None = None
) -> AgreementSignature:
    """A party e-signs the text it was shown: the hash it saw must be the hash of the current
    version, so a changed agreement cannot be signed with the old one."""
    dispute = _lock(agreement.dispute)
    party = _party_of(user, dispute, party)
    _state(dispute, {DisputeStatus.MEDIATING})
    current = current_agreement(dispute)
    if current is None:
        raise MediationError(MediationErrorCode.NO_AGREEMENT)
    if seen_sha256 != current.sha256 or current.id != agreement.id:
        raise MediationError(
            MediationErrorCode.STALE_TEXT, seen=(seen_sha256 or "—")[:12], now=current.sha256[:12]
        )
    if current.signatures.filter(party=party).exists():
        raise MediationError(MediationErrorCode.ALREADY_SIGNED, name=party.name)
    signature = AgreementSignature.objects.create(
        agreement=current, party=party, by=user, sha256=current.sha256
    )
    record_event(events.agreement_signed(signature=signature))
    signed = set(current.signatures.values_list("party_id", flat=True))
    if all(p.id in signed for p in dispute.parties.all()):
        dispute.status = DisputeStatus.AGREED
        dispute.ended_at = timezone.now()
        dispute.save(update_fields=["status", "ended_at"])
        record_event(events.agreed(agreement=current, actor=user))
    return signature


# --- judicial confirmation (司法确认, 民特) -----------------------------------------------------


def exclusion_of(agreement: Agreement) -> str | None:
    return rules.excluded_reason(concerns=agreement.concerns, text=agreement.text)


@transaction.atomic
def confirmation_apply(*, dispute: Dispute, user: User) -> Dispute:
    """The parties apply for judicial confirmation of the signed agreement: a special-procedure
    case (民特), no fee, assigned to a judge. An agreement on matters the law excludes is
    refused here with the reason."""
    from yunting.cases.assignment import case_assign_automatically
    from yunting.cases.services import PartyData, case_create
    from yunting.courts.models import Department

    dispute = _lock(dispute)
    _party_of(user, dispute, None)
    _state(dispute, {DisputeStatus.AGREED})
    agreement = current_agreement(dispute)
    reason = exclusion_of(agreement)
    if reason:
        raise MediationError(MediationErrorCode.EXCLUDED, reason=reason)
    parties = [
        PartyData(
            role="plaintiff" if p.side == PartySide.APPLICANT else "defendant",
            kind=p.kind,
            name=p.name,
            id_type=("citizen" if p.kind == "person" else "uscc") if p.id_number else "",
            id_number=p.id_number,
            address=p.address,
            phone=p.phone,
            user=p.user,
        )
        for p in dispute.parties.all()
    ]
    department = (
        Department.objects.filter(court=dispute.court, kind=DepartmentKind.CIVIL)
        .order_by("name")
        .first()
    )
    case = case_create(
        court=dispute.court,
        type_code=CONFIRMATION_TYPE_CODE,
        cause_name="申请司法确认调解协议",
        parties=parties,
        actor=user,
        procedure="ordinary",
        facts=dispute.facts,
        department=department,
    )
    if department is not None:
        case_assign_automatically(case=case, actor=user)
    dispute.confirmation_case = case
    dispute.status = DisputeStatus.CONFIRMATION
    dispute.save(update_fields=["confirmation_case", "status"])
    record_event(events.confirmation_applied(dispute=dispute, actor=user))
    return dispute


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def confirmation_rule(
    *, dispute: Dispute, judge: User, confirm: bool, reason: str = ""
) -> ConfirmationRuling:
    """The judge rules. Confirmed: the 确认调解协议裁定书, signed by the judge and sealed, one
    copy for each party (the service app serves them). Refused: with the reason."""
    from yunting.documents.services import document_issue

    dispute = _lock(dispute)
    if not is_judge(judge, dispute.court):
        raise MediationError(MediationErrorCode.NOT_JUDGE)
    _state(dispute, {DisputeStatus.CONFIRMATION})
    case = dispute.confirmation_case
    if case.judge_id is not None and case.judge_id != judge.id:
        raise MediationError(MediationErrorCode.NOT_JUDGE)
    agreement = current_agreement(dispute)
    excluded = exclusion_of(agreement)
    if confirm and excluded:
        raise MediationError(MediationErrorCode.EXCLUDED, reason=excluded)
    if not confirm and not reason.strip():
        raise MediationError(MediationErrorCode.REQUIRED, what=_("the reason"), field="reason")
    ruling = ConfirmationRuling.objects.create(
        dispute=dispute,
        agreement=agreement,
        decision=ConfirmationDecision.CONFIRMED if confirm else ConfirmationDecision.REFUSED,
        reason=reason.strip(),
        judge=judge,
    )
    documents = []
    if confirm:
        mediator = dispute.mediator
        extra = {
            "mediator": f"{mediator.organisation.name}调解员{mediator.user.name}",
            "agreement_date": _cn_date(timezone.localtime(agreement.signatures.latest("at").at)),
            "agreement": agreement.text,
        }
        documents = [
            document_issue(
                template_code=CONFIRMATION_TEMPLATE,
                case=case,
                actor=judge,
                recipient=party,
                extra=extra,
                sign_as_judge=True,
            )
            for party in case.parties.all()
        ]
        ruling.documents.set(documents)
    dispute.status = DisputeStatus.CONFIRMED if confirm else DisputeStatus.CONFIRMATION_REFUSED
    if not confirm:
        dispute.end_reason = reason.strip()
    dispute.save(update_fields=["status", "end_reason"])
    record_event(events.ruled(ruling=ruling, documents=documents))
    return ruling


# --- failure and withdrawal ---------------------------------------------------------------------


def pre_litigation_record(dispute: Dispute) -> dict:
    """What the court starts from: 无争议事实记载, the evidence put forward, and the
    addresses for service the parties confirmed."""
    mediator = dispute.mediator
    return {
        "dispute": dispute.number,
        "dispute_id": str(dispute.id),
        "mediator": mediator.user.name if mediator else "",
        "organisation": mediator.organisation.name if mediator else "",
        "undisputed_facts": dispute.undisputed_facts,
        "reason": dispute.end_reason,
        "evidence": [
            {"party": e.party.name, "title": e.title, "purpose": e.purpose}
            for e in dispute.evidence.select_related("party")
        ],
        "addresses": [
            {
                "party": p.name,
                "address": p.address,
                "phone": p.phone,
                "email": p.email,
                "confirmed_on": timezone.localtime(p.address_confirmed_at).date().isoformat(),
            }
            for p in dispute.parties.all()
            if p.address_confirmed_at is not None
        ],
    }


def _to_filing(dispute: Dispute, actor: User) -> Filing:
    from yunting.filing.services import PartyInput as FilingPartyInput
    from yunting.filing.services import (
        filing_create_from_mediation,
        filing_release_from_mediation,
    )

    record = pre_litigation_record(dispute)
    if dispute.filing_id is not None:
        filing = filing_release_from_mediation(
            filing=dispute.filing, actor=actor, record=record, dispute_number=dispute.number
        )
        released = True
    else:
        applicant = next((p for p in dispute.parties.all() if p.side == PartySide.APPLICANT), None)
        creator = (
            applicant.user if applicant and applicant.user else None
        ) or dispute.registered_by
        parties = [
            FilingPartyInput(
                role="plaintiff" if p.side == PartySide.APPLICANT else "defendant",
                kind=p.kind,
                name=p.name,
                address=p.address,
                id_number=p.id_number,
                phone=p.phone,
                is_self=p.user_id is not None and p.user_id == creator.id,
            )
            for p in dispute.parties.all()
        ]
        filing = filing_create_from_mediation(
            court=dispute.court,
            creator=creator,
            actor=actor,
            cause_name=dispute.cause_name,
            facts=dispute.facts,
            parties=parties,
            claims=[(dispute.claim, dispute.amount)],
            record=record,
            dispute_number=dispute.number,
        )
        released = False
    dispute.converted_filing = filing
    dispute.save(update_fields=["converted_filing"])
    record_event(events.converted(dispute=dispute, actor=actor, filing=filing, released=released))
    return filing


def _may_end(user: User, dispute: Dispute) -> bool:
    return (
        is_mediator_of(user, dispute)
        or is_coordinator(user, dispute.court)
        or any(p.side == PartySide.APPLICANT for p in parties_of(user, dispute))
    )


@transaction.atomic
def dispute_convert(*, dispute: Dispute, actor: User, reason: str) -> Filing:
    """Mediation failed: one action turns the dispute into a filing in review (or releases the
    waiting filing), carrying the pre-litigation record. A resolved dispute cannot."""
    dispute = _lock(dispute)
    if not _may_end(actor, dispute) and not parties_of(actor, dispute):
        raise MediationError(MediationErrorCode.NOT_YOURS)
    if dispute.status in RESOLVED_STATUSES:
        raise MediationError(
            MediationErrorCode.RESOLVED, status=str(DisputeStatus(dispute.status).label)
        )
    if not dispute.can_convert or dispute.converted_filing_id is not None:
        raise MediationError(
            MediationErrorCode.WRONG_STATE, status=str(DisputeStatus(dispute.status).label)
        )
    if not _may_end(actor, dispute):
        raise MediationError(MediationErrorCode.NOT_MEDIATOR)
    if not reason.strip() and not dispute.end_reason:
        raise MediationError(
            MediationErrorCode.REQUIRED, what=_("why mediation failed"), field="reason"
        )
    if reason.strip():
        dispute.end_reason = reason.strip()
    dispute.status = DisputeStatus.CONVERTED
    dispute.ended_at = timezone.now()
    dispute.save(update_fields=["status", "end_reason", "ended_at"])
    return _to_filing(dispute, actor)


@transaction.atomic
def dispute_withdraw(*, dispute: Dispute, user: User, reason: str = "") -> Dispute:
    """The applicant withdraws. A filing waiting on the mediation goes back to review."""
    dispute = _lock(dispute)
    mine = [p for p in parties_of(user, dispute) if p.side == PartySide.APPLICANT]
    if not mine:
        raise MediationError(MediationErrorCode.NOT_YOURS)
    _state(dispute, OPEN_STATUSES)
    dispute.status = DisputeStatus.WITHDRAWN
    dispute.end_reason = reason.strip() or _("Withdrawn by the applicant.")
    dispute.ended_at = timezone.now()
    dispute.save(update_fields=["status", "end_reason", "ended_at"])
    record_event(events.withdrawn(dispute=dispute, actor=user))
    if dispute.filing_id is not None:
        _to_filing(dispute, user)
    return dispute
