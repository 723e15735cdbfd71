"""Ledger events of hearings: one constructor per event, the payload written once here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yunting.ledger.events import EventType, Record, register


@register
class HearingEvent(EventType):
    SCHEDULED = "hearings.scheduled", _("Hearing scheduled")
    PROPOSED = "hearings.proposed", _("Hearing times proposed")
    ANSWERED = "hearings.answered", _("Hearing time availability given")
    FIXED = "hearings.fixed", _("Hearing time fixed")
    CONSENTED = "hearings.consented", _("Online hearing consented, rules accepted")
    IDENTITY_CHECKED = "hearings.identity_checked", _("Identity checked before entry")
    OPENED = "hearings.opened", _("Hearing opened")
    CLOSED = "hearings.closed", _("Hearing closed")
    JOINED = "hearings.joined", _("Joined the hearing room")
    LEFT = "hearings.left", _("Left the hearing room")
    MODERATED = "hearings.moderated", _("Judge acted in the hearing room")
    WITNESS_ADDED = "hearings.witness_added", _("Witness called")
    TRANSCRIPT_SAVED = "hearings.transcript_saved", _("Transcript version saved")
    TRANSCRIPT_LOCKED = "hearings.transcript_locked", _("Transcript sent for signature")
    SIGNED = "hearings.signed", _("Transcript signed")
    REFUSED = "hearings.refused", _("Transcript signature refused")
    TRANSCRIPT_FILED = "hearings.transcript_filed", _("Signed transcript filed")
    WITNESS_APPLIED = "hearings.witness_applied", _("Application to call a witness")
    WITNESS_OBJECTED = "hearings.witness_objected", _("Objection to a witness")
    WITNESS_DECIDED = "hearings.witness_decided", _("Witness application decided")
    UNDERTAKING_SIGNED = "hearings.undertaking_signed", _("Witness undertaking signed")
    CORRECTION_ASKED = "hearings.correction_asked", _("Transcript correction requested")
    CORRECTION_DECIDED = "hearings.correction_decided", _("Transcript correction answered")
    RECORDING_STARTED = "hearings.recording_started", _("Recording started")
    RECORDING_FILED = "hearings.recording_filed", _("Recording filed into the e-file")
    RECORDING_ENDED = "hearings.recording_ended", _("Recording ended by the hearing's closing")


def _base(hearing) -> dict:
    return {"hearing": str(hearing.id), "kind": hearing.kind}


def _time(value) -> str | None:
    return value.isoformat() if value else None


def hearing_scheduled(*, hearing, actor) -> Record:
    return Record(
        HearingEvent.SCHEDULED,
        {
            **_base(hearing),
            "courtroom": str(hearing.courtroom_id),
            "starts_at": _time(hearing.starts_at),
            "ends_at": _time(hearing.ends_at),
            "online": hearing.online,
        },
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def slots_proposed(*, hearing, actor, slots) -> Record:
    return Record(
        HearingEvent.PROPOSED,
        {**_base(hearing), "slots": [_time(s.starts_at) for s in slots]},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def slot_answered(*, hearing, actor, participant, answers) -> Record:
    return Record(
        HearingEvent.ANSWERED,
        {
            **_base(hearing),
            "participant": str(participant.id),
            "answers": {_time(s.starts_at): bool(a) for s, a in answers},
        },
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def hearing_fixed(*, hearing, actor, ranking) -> Record:
    return Record(
        HearingEvent.FIXED,
        {**_base(hearing), "starts_at": _time(hearing.starts_at), "ranking": ranking},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def participant_event(*, event, participant, actor=None, **extra) -> Record:
    hearing = participant.hearing
    return Record(
        event,
        {**_base(hearing), "participant": str(participant.id), "role": participant.role, **extra},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def hearing_state(*, event, hearing, actor) -> Record:
    return Record(
        event,
        {**_base(hearing), "status": hearing.status},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def transcript_saved(*, transcript, actor, sha256: str) -> Record:
    hearing = transcript.hearing
    return Record(
        HearingEvent.TRANSCRIPT_SAVED,
        {**_base(hearing), "version": transcript.version, "sha256": sha256},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def transcript_locked(*, transcript, actor) -> Record:
    hearing = transcript.hearing
    return Record(
        HearingEvent.TRANSCRIPT_LOCKED,
        {**_base(hearing), "version": transcript.version},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
    )


def transcript_filed(*, transcript, actor, document) -> Record:
    hearing = transcript.hearing
    return Record(
        HearingEvent.TRANSCRIPT_FILED,
        {**_base(hearing), "version": transcript.version, "document": str(document.id)},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
        documents=[document.sha256],
    )


def hearing_record(*, event, hearing, actor, documents=(), **extra) -> Record:
    """Any other event of a hearing: its id and kind plus the event's own fields."""
    return Record(
        event,
        {**_base(hearing), **extra},
        actor=actor,
        court=hearing.case.court,
        case=hearing.case,
        documents=list(documents),
    )
