"""庭审笔录: the clerk's live editing (autosave, versions, an optimistic version check so two
clerks cannot overwrite each other), each participant's e-signature or recorded refusal, and
the sealed PDF filed into the e-file through the documents app."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.ledger.services import record_event
from yunting.rules.hearings import apply_correction

from . import events, room
from .errors import HearingError, HearingErrorCode
from .events import HearingEvent
from .models import (
    CorrectionRequest,
    CorrectionStatus,
    Hearing,
    HearingStatus,
    Participant,
    ParticipantRole,
    Signature,
    Transcript,
    TranscriptVersion,
)

MAX_SIGNATURE_BYTES = 300_000
PNG_PREFIX = "data:image/png;base64,"


def _check_clerk(actor: User, hearing: Hearing) -> None:
    clerks = set(
        hearing.participants.filter(role=ParticipantRole.CLERK).values_list("user_id", flat=True)
    )
    if actor.pk not in clerks and actor.pk != hearing.case.clerk_id:
        raise HearingError(HearingErrorCode.NOT_THE_CLERK)


def signers(hearing: Hearing) -> list[Participant]:
    """Everyone with an account who takes part, witnesses apart (they sign their 保证书)."""
    return [
        p
        for p in hearing.participants.order_by("role", "name")
        if p.user_id and p.role != ParticipantRole.WITNESS
    ]


@transaction.atomic
def transcript_save(*, hearing: Hearing, actor: User, body: str, base_version: int) -> Transcript:
    """Save a new version if nobody saved since ``base_version``; else refuse (stale)."""
    _check_clerk(actor, hearing)
    transcript = Transcript.objects.select_for_update().get(hearing=hearing)
    if transcript.locked_at:
        raise HearingError(HearingErrorCode.LOCKED)
    if int(base_version) != transcript.version:
        raise HearingError(HearingErrorCode.STALE, current=transcript.version)
    if body == transcript.body:
        return transcript
    transcript.body = body
    transcript.version += 1
    transcript.updated_by = actor
    transcript.save()
    TranscriptVersion.objects.create(
        transcript=transcript, version=transcript.version, body=body, author=actor
    )
    sha = hashlib.sha256(body.encode()).hexdigest()
    record_event(events.transcript_saved(transcript=transcript, actor=actor, sha256=sha))
    return transcript


@transaction.atomic
def transcript_lock(*, hearing: Hearing, actor: User) -> Transcript:
    """After the hearing closes, the clerk sends the transcript for review and signature."""
    _check_clerk(actor, hearing)
    if hearing.status != HearingStatus.CLOSED:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    transcript = Transcript.objects.select_for_update().get(hearing=hearing)
    if transcript.locked_at:
        raise HearingError(HearingErrorCode.LOCKED)
    transcript.locked_at = timezone.now()
    transcript.save(update_fields=["locked_at"])
    record_event(events.transcript_locked(transcript=transcript, actor=actor))
    return transcript


def _check_png(image: str) -> None:
    from PIL import Image

    if not image.startswith(PNG_PREFIX):
        raise HearingError(HearingErrorCode.NO_SIGNATURE, field="image")
    try:
        raw = base64.b64decode(image[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HearingError(HearingErrorCode.NO_SIGNATURE, field="image") from exc
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise HearingError(HearingErrorCode.NO_SIGNATURE, field="image")
    try:
        with Image.open(io.BytesIO(raw)) as img:
            img.verify()
        with Image.open(io.BytesIO(raw)) as img:
            alpha = img.convert("LA").getchannel("A")
            ink = img.convert("L").point(lambda v: 255 if v < 128 else 0)
            drawn = alpha.getbbox() if img.mode in ("RGBA", "LA") else ink.getbbox()
    except Exception as exc:
        raise HearingError(HearingErrorCode.NO_SIGNATURE, field="image") from exc
    if not drawn:  # an empty pad
        raise HearingError(HearingErrorCode.NO_SIGNATURE, field="image")


def _signable(participant: Participant, *, asking: bool = False) -> Transcript:
    transcript = Transcript.objects.select_for_update().get(hearing=participant.hearing)
    if not transcript.locked_at:
        raise HearingError(HearingErrorCode.NOT_LOCKED)
    if transcript.document_id:
        raise HearingError(HearingErrorCode.ALREADY_SIGNED)
    if participant not in signers(participant.hearing):
        raise HearingError(HearingErrorCode.NOT_YOURS)
    if Signature.objects.filter(transcript=transcript, participant=participant).exists():
        raise HearingError(HearingErrorCode.ALREADY_SIGNED)
    if not asking and _pending(transcript).filter(participant=participant).exists():
        raise HearingError(HearingErrorCode.CORRECTION_PENDING, names=participant.name)
    return transcript


def _pending(transcript: Transcript):
    return transcript.corrections.filter(status=CorrectionStatus.PENDING)


@transaction.atomic
def correction_ask(*, participant: Participant, passage: str, text: str) -> CorrectionRequest:
    """At review, before signing, a participant asks the clerk to correct a passage: the
    passage as it stands and what it should read."""
    transcript = _signable(participant, asking=True)
    passage, text = (passage or "").strip(), (text or "").strip()
    if not passage or not text or passage not in transcript.body:
        raise HearingError(HearingErrorCode.NO_PASSAGE, field="passage")
    request = CorrectionRequest.objects.create(
        transcript=transcript,
        participant=participant,
        passage=passage[:2000],
        text=text[:2000],
        version=transcript.version,
    )
    record_event(
        events.participant_event(
            event=HearingEvent.CORRECTION_ASKED,
            participant=participant,
            actor=participant.user,
            correction=request.pk,
            version=transcript.version,
            passage=request.passage,
            text=request.text,
        )
    )
    return request


@transaction.atomic
def correction_decide(
    *,
    correction: CorrectionRequest,
    actor: User,
    accept: bool,
    reason: str = "",
    replacement: str = "",
) -> CorrectionRequest:
    """The clerk accepts (the passage is replaced, a new version made; signatures given on
    the earlier version are voided, so everyone signs what the transcript now says) or
    rejects with a reason (the participant then signs or refuses)."""
    hearing = correction.transcript.hearing
    _check_clerk(actor, hearing)
    transcript = Transcript.objects.select_for_update().get(pk=correction.transcript_id)
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        raise HearingError(HearingErrorCode.CORRECTION_DONE)
    if transcript.document_id:
        raise HearingError(HearingErrorCode.ALREADY_SIGNED)
    reason = (reason or "").strip()[:2000]
    voided: list[str] = []
    if accept:
        body = apply_correction(
            transcript.body, correction.passage, (replacement or "").strip() or correction.text
        )
        if body is None:  # the passage is gone or ambiguous: correct by hand
            raise HearingError(HearingErrorCode.NO_PASSAGE, field="passage")
        transcript.body = body
        transcript.version += 1
        transcript.updated_by = actor
        transcript.save()
        TranscriptVersion.objects.create(
            transcript=transcript, version=transcript.version, body=body, author=actor
        )
        stale = transcript.signatures.filter(version__lt=transcript.version)
        voided = [s.participant.name for s in stale.select_related("participant")]
        stale.delete()  # their signing (or refusal) stays in the ledger
        sha = hashlib.sha256(body.encode()).hexdigest()
        record_event(events.transcript_saved(transcript=transcript, actor=actor, sha256=sha))
        correction.status = CorrectionStatus.ACCEPTED
        correction.new_version = transcript.version
    else:
        if not reason:
            raise HearingError(HearingErrorCode.REASONS, field="reason")
        correction.status = CorrectionStatus.REJECTED
    correction.reason = reason
    correction.decided_by, correction.decided_at = actor, timezone.now()
    correction.save()
    record_event(
        events.participant_event(
            event=HearingEvent.CORRECTION_DECIDED,
            participant=correction.participant,
            actor=actor,
            correction=correction.pk,
            accepted=accept,
            reason=reason,
            version=transcript.version,
            voided=voided,
        )
    )
    return correction


def transcript_sign(*, participant: Participant, image: str, digits: str) -> Signature:
    """Sign after reading: the identity is checked again (ID digits), the drawn signature is a
    real, non-empty PNG."""
    with transaction.atomic():
        _signable(participant)
        _check_png(image)
    room.identity_check(participant=participant, digits=digits)
    with transaction.atomic():
        transcript = _signable(participant)
        sig = Signature.objects.create(
            transcript=transcript, participant=participant, version=transcript.version, image=image
        )
        record_event(
            events.participant_event(
                event=HearingEvent.SIGNED,
                participant=participant,
                actor=participant.user,
                version=transcript.version,
                image_sha256=hashlib.sha256(image.encode()).hexdigest(),
            )
        )
    return sig


@transaction.atomic
def transcript_refuse(*, participant: Participant, reason: str) -> Signature:
    """A refusal to sign is recorded as such (and printed on the transcript)."""
    transcript = _signable(participant)
    reason = (reason or "").strip()[:500] or "未说明理由"
    sig = Signature.objects.create(
        transcript=transcript,
        participant=participant,
        version=transcript.version,
        refused=True,
        note=reason,
    )
    record_event(
        events.participant_event(
            event=HearingEvent.REFUSED,
            participant=participant,
            actor=participant.user,
            reason=reason,
        )
    )
    return sig


@transaction.atomic
def transcript_file(*, hearing: Hearing, actor: User):
    """Everyone signed (or refused): issue the sealed 庭审笔录 through the documents app, which
    stores it, records it in the ledger and files it into the e-file."""
    from yunting.documents.forms import format_time_cn
    from yunting.documents.services import document_issue

    from .services import hearing_place

    _check_clerk(actor, hearing)
    transcript = Transcript.objects.select_for_update().get(hearing=hearing)
    if not transcript.locked_at:
        raise HearingError(HearingErrorCode.NOT_LOCKED)
    if transcript.document_id:
        raise HearingError(HearingErrorCode.ALREADY_SIGNED)
    waiting = [c.participant.name for c in _pending(transcript).select_related("participant")]
    if waiting:
        raise HearingError(HearingErrorCode.CORRECTION_PENDING, names="、".join(waiting))
    done = {s.participant_id: s for s in transcript.signatures.all()}
    missing = [p.name for p in signers(hearing) if p.id not in done]
    if missing:
        raise HearingError(HearingErrorCode.UNSIGNED, names="、".join(missing))
    rows = []
    for p in signers(hearing):
        s = done[p.id]
        rows.append(
            {
                "role": p.get_role_display(),
                "name": p.name,
                "refused": s.refused,
                "note": s.note,
                "image": s.image,
                "at": f"{timezone.localtime(s.at):%Y-%m-%d %H:%M}",
            }
        )
    doc = document_issue(
        template_code="hearing_transcript",
        case=hearing.case,
        actor=actor,
        extra={
            "hearing_time": format_time_cn(
                timezone.localtime(hearing.opened_at or hearing.starts_at)
            ),
            "hearing_place": hearing_place(hearing),
            "transcript": transcript.body,
            "signatures": json.dumps(rows, ensure_ascii=False),
        },
    )
    transcript.document = doc
    transcript.save(update_fields=["document"])
    record_event(events.transcript_filed(transcript=transcript, actor=actor, document=doc))
    return doc
