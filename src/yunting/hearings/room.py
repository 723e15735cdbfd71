"""The hearing room's rules: consent and discipline, the second identity check, who may enter
when, attendance, the judge's controls and the witness's waiting room.

The signalling consumer and the pages call these, so a socket and a page refuse the same
things for the same reasons."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.ledger.services import record_event
from yunting.rules.hearings import id_digits_match

from . import events
from .errors import HearingError, HearingErrorCode
from .events import HearingEvent
from .models import (
    ApplicationStatus,
    Attendance,
    Hearing,
    HearingStatus,
    Participant,
    ParticipantRole,
)
from .services import check_judge

EARLY_ENTRY = dt.timedelta(minutes=30)  # the room opens this long before the start
IDENTITY_VALID = dt.timedelta(hours=6)
SMS_CODE_TTL = 600


def _session_key(participant: Participant) -> str:
    return f"hearing-identity:{participant.id}"


@transaction.atomic
def participant_prepare(
    *, participant: Participant, consent: bool, rules: bool, device_ok: bool
) -> Participant:
    """Per-step consent to the online hearing and the 庭审纪律 accepted (a witness has signed
    the 保证书 first: ``witnesses.undertaking_sign``), with the device test passed; recorded."""
    if not (consent and rules):
        raise HearingError(HearingErrorCode.NO_CONSENT)
    if participant.role == ParticipantRole.WITNESS and not participant.undertaking_signed_at:
        raise HearingError(HearingErrorCode.NO_UNDERTAKING)
    if not device_ok:
        raise HearingError(HearingErrorCode.NO_DEVICE_CHECK)
    now = timezone.now()
    participant.consent_at = participant.consent_at or now
    participant.rules_accepted_at = now
    participant.device_checked_at = now
    participant.save(update_fields=["consent_at", "rules_accepted_at", "device_checked_at"])
    record_event(
        events.participant_event(
            event=HearingEvent.CONSENTED, participant=participant, actor=participant.user
        )
    )
    return participant


def _id_number(participant: Participant) -> str:
    return participant.id_number or (participant.user.id_number if participant.user_id else "")


def identity_sms_send(*, participant: Participant) -> None:
    """A six-digit code to the phone on file (the notify app sends it after commit)."""
    from yunting.notify.services import notice_send_sms

    phone = participant.phone or (participant.user.phone if participant.user_id else "")
    if not phone:
        raise HearingError(HearingErrorCode.NO_PHONE)
    code = f"{secrets.randbelow(1_000_000):06d}"
    cache.set(f"hearing-sms:{participant.id}", _digest(participant, code), SMS_CODE_TTL)
    notice_send_sms(phone=phone, text=f"【云庭】您的庭审入庭验证码为{code}，10分钟内有效。")


def _digest(participant: Participant, code: str) -> str:
    return hmac.new(str(participant.token).encode(), code.encode(), hashlib.sha256).hexdigest()


def identity_check(*, participant: Participant, digits: str = "", sms_code: str = "") -> str:
    """The second check right before entry: the last six ID digits or the SMS code. Returns
    the instant to keep in the session; a failure is recorded too."""
    ok = False
    method = "sms" if sms_code else "id_digits"
    if sms_code:
        wanted = cache.get(f"hearing-sms:{participant.id}")
        ok = bool(wanted) and hmac.compare_digest(wanted, _digest(participant, sms_code.strip()))
        if ok:
            cache.delete(f"hearing-sms:{participant.id}")
    else:
        ok = id_digits_match(_id_number(participant), digits)
    with transaction.atomic():  # a failed check is recorded too, then refused
        record_event(
            events.participant_event(
                event=HearingEvent.IDENTITY_CHECKED,
                participant=participant,
                actor=participant.user,
                method=method,
                passed=ok,
            )
        )
    if not ok:
        raise HearingError(HearingErrorCode.IDENTITY, field="digits")
    return timezone.now().isoformat()


def identity_fresh(session, participant: Participant) -> bool:
    stamp = session.get(_session_key(participant))
    if not stamp:
        return False
    return timezone.now() - dt.datetime.fromisoformat(stamp) < IDENTITY_VALID


def identity_remember(session, participant: Participant, stamp: str) -> None:
    session[_session_key(participant)] = stamp


def witness_granted(participant: Participant) -> bool:
    """A witness's seat stands only on the judge's grant of a party's application
    (``witnesses.witness_decide``); a witness seat without one is never let in or admitted.
    Reads ``participant.application`` (select it with the seat where this runs in async
    code)."""
    try:
        application = participant.application
    except Participant.application.RelatedObjectDoesNotExist:
        return False
    return application is not None and application.status == ApplicationStatus.GRANTED


def entry_refusal(*, participant: Participant, now: dt.datetime | None = None):
    """Why this participant may not enter the room now (an ErrorCode), or None."""
    hearing = participant.hearing
    now = now or timezone.now()
    if participant.removed_at is not None:
        return HearingErrorCode.BAD_LINK
    if participant.role == ParticipantRole.WITNESS and not witness_granted(participant):
        return HearingErrorCode.WITNESS_NOT_GRANTED
    if hearing.status in (HearingStatus.CLOSED, HearingStatus.CANCELLED, HearingStatus.NEGOTIATING):
        return HearingErrorCode.BAD_STATE
    if not (participant.consent_at and participant.rules_accepted_at):
        return HearingErrorCode.NO_CONSENT
    if not participant.device_checked_at:
        return HearingErrorCode.NO_DEVICE_CHECK
    if hearing.status == HearingStatus.SCHEDULED and now < hearing.starts_at - EARLY_ENTRY:
        return HearingErrorCode.TOO_EARLY
    return None


def may_receive_media(participant: Participant) -> bool:
    """The witness never gets the hearing before the judge admits them, nor after removal;
    nobody gets it before the judge opens the hearing."""
    if participant.hearing.status != HearingStatus.OPEN or participant.removed_at:
        return False
    if participant.role == ParticipantRole.WITNESS:
        return participant.admitted_at is not None
    return True


@transaction.atomic
def attendance_record(*, participant: Participant, kind: str, device: str = "") -> None:
    Attendance.objects.create(participant=participant, kind=kind, device=device[:64])
    event = HearingEvent.JOINED if kind == Attendance.Kind.JOINED else HearingEvent.LEFT
    record_event(events.participant_event(event=event, participant=participant, actor=None))


@transaction.atomic
def hearing_open(*, hearing: Hearing, actor: User) -> Hearing:
    hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
    check_judge(actor, hearing.case)
    if hearing.status != HearingStatus.SCHEDULED:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    if timezone.now() < hearing.starts_at - EARLY_ENTRY:
        raise HearingError(HearingErrorCode.TOO_EARLY)
    hearing.status = HearingStatus.OPEN
    hearing.opened_at = timezone.now()
    hearing.save(update_fields=["status", "opened_at"])
    record_event(events.hearing_state(event=HearingEvent.OPENED, hearing=hearing, actor=actor))
    return hearing


@transaction.atomic
def hearing_close(*, hearing: Hearing, actor: User) -> Hearing:
    """The judge closes the hearing: nobody receives its media any more, and a recording
    still running ends with it (filed with the chunks received: ``recording``)."""
    hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
    check_judge(actor, hearing.case)
    if hearing.status != HearingStatus.OPEN:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    hearing.status = HearingStatus.CLOSED
    hearing.closed_at = timezone.now()
    hearing.save(update_fields=["status", "closed_at"])
    hearing.participants.update(booked=False)
    hearing.participants.filter(ends_at__gt=hearing.closed_at).update(ends_at=hearing.closed_at)
    record_event(events.hearing_state(event=HearingEvent.CLOSED, hearing=hearing, actor=actor))
    from .recording import recordings_end_at_close  # recording imports the transcript's rules

    recordings_end_at_close(hearing=hearing, actor=actor)
    return hearing


@transaction.atomic
def participant_moderate(
    *, hearing: Hearing, actor: User, target: Participant, action: str
) -> Participant:
    """The judge's controls: mute / unmute, remove, admit (a witness), dismiss (a witness)."""
    check_judge(actor, hearing.case)
    if target.hearing_id != hearing.pk:
        raise HearingError(HearingErrorCode.NOT_YOURS)
    if action in ("admit", "dismiss") and target.role != ParticipantRole.WITNESS:
        raise HearingError(HearingErrorCode.NOT_WITNESS)
    if action in ("admit", "dismiss", "remove") and hearing.status != HearingStatus.OPEN:
        raise HearingError(HearingErrorCode.NOT_OPEN)
    now = timezone.now()
    if action == "mute":
        target.muted = True
    elif action == "unmute":
        target.muted = False
    elif action == "admit":
        if target.removed_at:
            raise HearingError(HearingErrorCode.BAD_LINK)
        if not witness_granted(target):
            raise HearingError(HearingErrorCode.WITNESS_NOT_GRANTED)
        if not target.undertaking_signed_at:
            raise HearingError(HearingErrorCode.NO_UNDERTAKING)
        target.admitted_at = now
    elif action in ("dismiss", "remove"):
        target.removed_at = now
    else:
        raise HearingError(HearingErrorCode.BAD_STATE, status=action)
    target.save(update_fields=["muted", "admitted_at", "removed_at"])
    record_event(
        events.participant_event(
            event=HearingEvent.MODERATED, participant=target, actor=actor, action=action
        )
    )
    return target


def absent_participants(*, hearing: Hearing) -> list[Participant]:
    """Parties and agents who have not joined (flagged to the judge: 拒不到庭 / 缺席 are the
    judge's decision)."""
    joined = set(
        Attendance.objects.filter(participant__hearing=hearing, kind="joined").values_list(
            "participant_id", flat=True
        )
    )
    return [
        p
        for p in hearing.participants.all()
        if p.role in (ParticipantRole.PARTY, ParticipantRole.LAWYER) and p.id not in joined
    ]
