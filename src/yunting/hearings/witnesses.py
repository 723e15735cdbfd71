"""Remote witnesses (申请证人出庭作证): a party applies, the other side may object with reasons
within the period, the judge grants or refuses with reasons. Only a granted witness becomes a
participant of the hearing (a seat with a personal waiting-room link); before the judge may
admit them they sign the undertaking (保证书) after a second identity check."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.ledger.services import record_event
from yunting.rules.hearings import may_decide, may_object, objection_deadline

from . import events, room
from .errors import HearingError, HearingErrorCode
from .events import HearingEvent
from .models import (
    ApplicationStatus,
    Hearing,
    HearingStatus,
    Participant,
    ParticipantRole,
    WitnessApplication,
    WitnessObjection,
)
from .selectors import participant_for_user
from .services import check_judge

FINISHED = (HearingStatus.CLOSED, HearingStatus.CANCELLED)


def _party_seat(hearing: Hearing, user: User) -> Participant:
    seat = participant_for_user(hearing=hearing, user=user)
    if seat is None or seat.role not in (ParticipantRole.PARTY, ParticipantRole.LAWYER):
        raise HearingError(HearingErrorCode.NOT_A_PARTY)
    if seat.party_id is None:
        raise HearingError(HearingErrorCode.NOT_A_PARTY)
    return seat


def other_side(application: WitnessApplication) -> list:
    """The parties who may object: those not on the applicant's side of the case."""
    return [
        p
        for p in application.hearing.case.parties.all()
        if p.role != application.party.role and p.pk != application.party_id
    ]


def _opponent_party(application: WitnessApplication, user: User):
    """The party of the other side this user speaks for (the party or their agent)."""
    mine = {
        s.party_id
        for s in application.hearing.participants.filter(
            user=user, role__in=[ParticipantRole.PARTY, ParticipantRole.LAWYER]
        )
    }
    for party in other_side(application):
        if party.pk in mine:
            return party
    raise HearingError(HearingErrorCode.NOT_OTHER_SIDE)


@transaction.atomic
def witness_apply(
    *,
    hearing: Hearing,
    user: User,
    name: str,
    id_number: str,
    testimony: str,
    phone: str = "",
    online: bool = True,
) -> WitnessApplication:
    """A party (or their agent) applies to call a witness; the other side's period to object
    starts now."""
    hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
    seat = _party_seat(hearing, user)
    if hearing.status in FINISHED:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    name, id_number, testimony = name.strip(), id_number.strip().upper(), testimony.strip()
    if not (name and len(id_number) >= 6 and testimony):
        raise HearingError(HearingErrorCode.WITNESS_FIELDS, field="name")
    now = timezone.now()
    application = WitnessApplication(
        hearing=hearing,
        party=seat.party,
        applied_by=user,
        name=name[:100],
        id_number=id_number[:20],
        phone=phone.strip()[:20],
        testimony=testimony[:2000],
        online=online,
        objection_until=objection_deadline(now),
    )
    application.save()
    record_event(
        events.hearing_record(
            event=HearingEvent.WITNESS_APPLIED,
            hearing=hearing,
            actor=user,
            application=str(application.id),
            party=str(seat.party_id),
            witness=application.name,
            online=online,
            objection_until=application.objection_until.isoformat(),
        )
    )
    return application


@transaction.atomic
def witness_object(*, application: WitnessApplication, user: User, reasons: str):
    """The other side objects, with reasons, until the period ends or the judge decides."""
    application = (
        WitnessApplication.objects.select_for_update()
        .select_related("hearing", "hearing__case", "party")
        .get(pk=application.pk)
    )
    refusal = may_object(
        decided=application.status != ApplicationStatus.PENDING,
        deadline=application.objection_until,
        now=timezone.now(),
    )
    if refusal == "decided":
        raise HearingError(HearingErrorCode.DECIDED)
    party = _opponent_party(application, user)
    if refusal == "late":
        until = timezone.localtime(application.objection_until)
        raise HearingError(HearingErrorCode.OBJECTION_LATE, until=f"{until:%Y-%m-%d %H:%M}")
    reasons = (reasons or "").strip()
    if not reasons:
        raise HearingError(HearingErrorCode.REASONS, field="reasons")
    if application.objections.filter(party=party).exists():
        raise HearingError(HearingErrorCode.OBJECTED)
    objection = WitnessObjection.objects.create(
        application=application, party=party, user=user, reasons=reasons[:2000]
    )
    record_event(
        events.hearing_record(
            event=HearingEvent.WITNESS_OBJECTED,
            hearing=application.hearing,
            actor=user,
            application=str(application.id),
            party=str(party.pk),
            reasons=objection.reasons,
        )
    )
    return objection


@transaction.atomic
def witness_decide(
    *, application: WitnessApplication, actor: User, grant: bool, reasons: str
) -> WitnessApplication:
    """The judge grants or refuses, with reasons; a grant gives the witness their seat."""
    application = (
        WitnessApplication.objects.select_for_update()
        .select_related("hearing", "hearing__case", "party")
        .get(pk=application.pk)
    )
    hearing = application.hearing
    check_judge(actor, hearing.case)
    if application.status != ApplicationStatus.PENDING:
        raise HearingError(HearingErrorCode.DECIDED)
    reasons = (reasons or "").strip()
    if not reasons:
        raise HearingError(HearingErrorCode.REASONS, field="reasons")
    now = timezone.now()
    objected = application.objections.values_list("party_id", flat=True)
    if not may_decide(
        deadline=application.objection_until,
        now=now,
        other_side=[p.pk for p in other_side(application)],
        objected=objected,
    ):
        until = timezone.localtime(application.objection_until)
        raise HearingError(HearingErrorCode.TOO_SOON, until=f"{until:%Y-%m-%d %H:%M}")
    if grant:
        if hearing.status in FINISHED:
            raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
        application.participant = _seat_for(application, actor)
    application.status = ApplicationStatus.GRANTED if grant else ApplicationStatus.REFUSED
    application.decided_by, application.decided_at = actor, now
    application.decision_reasons = reasons[:2000]
    application.save()
    record_event(
        events.hearing_record(
            event=HearingEvent.WITNESS_DECIDED,
            hearing=hearing,
            actor=actor,
            application=str(application.id),
            granted=grant,
            reasons=application.decision_reasons,
            participant=str(application.participant_id) if grant else None,
        )
    )
    return application


def _seat_for(application: WitnessApplication, actor: User) -> Participant:
    """The granted witness's seat: the only way a witness becomes a participant of a hearing
    (there is no direct "add a witness"; ``room.witness_granted`` checks the grant again at
    entry and before admission). The witness comes in by a personal link and two identity
    checks."""
    hearing = application.hearing
    witness = Participant(
        hearing=hearing,
        role=ParticipantRole.WITNESS,
        name=application.name.strip(),
        phone=application.phone.strip(),
        id_number=application.id_number.strip().upper(),
        party=application.party,
        starts_at=hearing.starts_at,
        ends_at=hearing.ends_at,
    )
    witness.full_clean(exclude=["hearing", "user", "party"])
    witness.save()
    record_event(
        events.participant_event(
            event=HearingEvent.WITNESS_ADDED,
            participant=witness,
            actor=actor,
            application=str(application.id),
        )
    )
    return witness


def undertaking_sign(*, participant: Participant, image: str, digits: str) -> Participant:
    """The witness's 保证书, drawn on the signature pad after the second identity check (the
    first was at entry); the judge cannot admit them before."""
    from .transcript import _check_png

    if participant.role != ParticipantRole.WITNESS:
        raise HearingError(HearingErrorCode.NOT_WITNESS)
    _check_png(image)
    room.identity_check(participant=participant, digits=digits)  # the second check, recorded
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        participant.undertaking_image = image
        participant.undertaking_signed_at = timezone.now()
        participant.save(update_fields=["undertaking_image", "undertaking_signed_at"])
        record_event(
            events.participant_event(
                event=HearingEvent.UNDERTAKING_SIGNED,
                participant=participant,
                image_sha256=hashlib.sha256(image.encode()).hexdigest(),
            )
        )
    return participant
