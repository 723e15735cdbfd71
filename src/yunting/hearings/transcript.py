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

from . import events, room
from .errors import HearingError, HearingErrorCode
from .events import HearingEvent
from .models import (
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


def _signable(participant: Participant) -> Transcript:
    transcript = Transcript.objects.select_for_update().get(hearing=participant.hearing)
    if not transcript.locked_at:
        raise HearingError(HearingErrorCode.NOT_LOCKED)
    if transcript.document_id:
        raise HearingError(HearingErrorCode.ALREADY_SIGNED)
    if participant not in signers(participant.hearing):
        raise HearingError(HearingErrorCode.NOT_YOURS)
    if Signature.objects.filter(transcript=transcript, participant=participant).exists():
        raise HearingError(HearingErrorCode.ALREADY_SIGNED)
    return transcript


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
