"""同步录音录像: the clerk's browser records the hearing (MediaRecorder) and uploads it in
chunks while it runs. Each chunk names its index (and, with the last one, the total); a
repeated chunk with the same bytes is accepted again (idempotent, so a client that lost the
answer just resends), other bytes under a stored index or a chunk out of order are refused
with the index to resume from. With every chunk in, the file is assembled, filed into the
e-file and its hash recorded in the ledger. The room shows everyone that recording is on."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.ledger.services import record_event
from yunting.rules.hearings import chunk_verdict

from . import events
from .errors import HearingError, HearingErrorCode
from .events import HearingEvent
from .models import Hearing, HearingStatus, Recording, RecordingChunk
from .transcript import _check_clerk

MAX_CHUNK_BYTES = 8 * 1024 * 1024
MAX_CHUNKS = 20_000
CONTENT_TYPES = ("video/webm", "audio/webm")


def _announce(hearing_id, on: bool, why: str = "") -> None:
    """Tell the room (after commit) so every participant sees the recording badge; ``why``
    says what ended it ("closed": the judge closed the hearing)."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                f"hearing-{hearing_id}", {"type": "room.recording", "on": on, "why": why}
            )

    transaction.on_commit(send)


@transaction.atomic
def recording_start(*, hearing: Hearing, actor: User, content_type: str) -> Recording:
    hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
    _check_clerk(actor, hearing)
    if hearing.status != HearingStatus.OPEN:
        raise HearingError(HearingErrorCode.BAD_STATE, status=hearing.get_status_display())
    if hearing.recordings.filter(status=Recording.Status.RECORDING).exists():
        raise HearingError(HearingErrorCode.RECORDING_ON)
    base = (content_type or "").split(";")[0].strip().lower()
    if base not in CONTENT_TYPES:
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason=base or "content type")
    rec = Recording.objects.create(hearing=hearing, started_by=actor, content_type=base)
    hearing.recording = True
    hearing.save(update_fields=["recording"])
    record_event(
        events.hearing_record(
            event=HearingEvent.RECORDING_STARTED,
            hearing=hearing,
            actor=actor,
            recording=str(rec.id),
            content_type=base,
        )
    )
    _announce(hearing.pk, True)
    return rec


def _total(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        total = int(value)
    except (TypeError, ValueError) as exc:
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason="total") from exc
    if not 1 <= total <= MAX_CHUNKS:
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason="total")
    return total


@transaction.atomic
def recording_chunk(
    *, recording: Recording, actor: User, index, total=None, data: bytes
) -> Recording:
    """Store chunk ``index`` (0-based); ``total`` comes at the latest with the last chunk.

    The hearing's row is locked first, as ``room.hearing_close`` does before it ends the
    recording: a chunk arriving while the judge closes waits for the close (and is then
    answered as a recording that is no longer running) instead of deadlocking with it."""
    hearing_id = (
        Recording.objects.filter(pk=recording.pk).values_list("hearing_id", flat=True).first()
    )
    list(Hearing.objects.select_for_update().filter(pk=hearing_id).values("pk"))
    rec = (
        Recording.objects.select_for_update()
        .select_related("hearing", "hearing__case")
        .get(pk=recording.pk)
    )
    _check_clerk(actor, rec.hearing)
    try:
        index = int(index)
    except (TypeError, ValueError) as exc:
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason="index") from exc
    total = _total(total)
    if rec.status != Recording.Status.RECORDING:
        # the whole file is in: a resent chunk it already holds is still fine
        stored = rec.total is not None and 0 <= index < rec.total
        if stored and total in (None, rec.total):
            return rec
        raise HearingError(HearingErrorCode.RECORDING_OFF)
    if not data or len(data) > MAX_CHUNK_BYTES:
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason="size")
    if total is not None and rec.total is not None and total != rec.total:
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason="total")
    if total is not None and total < rec.received:
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason="total")
    sha = hashlib.sha256(data).hexdigest()
    same = None
    if 0 <= index < rec.received:
        same = rec.chunks.filter(index=index, sha256=sha).exists()
    verdict = chunk_verdict(index=index, received=rec.received, total=total or rec.total, same=same)
    if verdict == "repeat":
        return rec
    if verdict == "mismatch":
        raise HearingError(HearingErrorCode.CHUNK_MISMATCH, index=index)
    if verdict == "gap":
        raise HearingError(HearingErrorCode.CHUNK_GAP, index=index, expected=rec.received)
    if verdict == "bad":
        raise HearingError(HearingErrorCode.CHUNK_BAD, reason="index")
    RecordingChunk.objects.create(recording=rec, index=index, data=data, sha256=sha)
    rec.received += 1
    rec.size += len(data)
    if total is not None:
        rec.total = total
    rec.save(update_fields=["received", "size", "total"])
    if rec.total is not None and rec.received == rec.total:
        _file(rec, actor)
    return rec


def recordings_end_at_close(*, hearing: Hearing, actor: User) -> list[Recording]:
    """The judge closed the hearing (``room.hearing_close``, inside its transaction, the
    hearing's row locked): a recording still running ends with it. The chunks received so far
    are the recording: assembled, filed into the e-file and hashed into the ledger exactly as
    when the clerk stops; a recording that received nothing ends empty. Either way the ledger
    records that the closing ended it, and the room is told that recording is off."""
    ended = []
    running = Recording.objects.select_for_update().filter(
        hearing=hearing, status=Recording.Status.RECORDING
    )
    for rec in running.select_related("hearing", "hearing__case"):
        received = rec.received
        if received:
            rec.total = received
            rec.save(update_fields=["total"])
            _file(rec, actor, ended_by="hearing_closed")
        else:
            rec.status = Recording.Status.EMPTY
            rec.total = 0
            rec.save(update_fields=["status", "total"])
        record_event(
            events.hearing_record(
                event=HearingEvent.RECORDING_ENDED,
                hearing=hearing,
                actor=actor,
                recording=str(rec.id),
                chunks=received,
                filed=bool(received),
                sha256=rec.sha256,
            )
        )
        ended.append(rec)
    if hearing.recording:
        hearing.recording = False
        hearing.save(update_fields=["recording"])
    if ended:
        _announce(hearing.pk, False, why="closed")
    return ended


def _file(rec: Recording, actor: User, *, ended_by: str = "clerk") -> None:
    from yunting.efile.models import ItemKind
    from yunting.efile.services import item_add

    data = b"".join(bytes(c.data) for c in rec.chunks.order_by("index"))
    sha = hashlib.sha256(data).hexdigest()
    hearing = rec.hearing
    local = timezone.localtime(rec.started_at)
    item = item_add(
        case=hearing.case,
        data=data,
        content_type=rec.content_type,
        title=f"庭审录音录像 {local:%Y-%m-%d %H:%M}",
        kind=ItemKind.TRANSCRIPT,
        actor=actor,
        source="hearing_recording",
        source_id=str(rec.id),
    )
    rec.status = Recording.Status.FILED
    rec.sha256, rec.size, rec.item, rec.filed_at = sha, len(data), item, timezone.now()
    rec.save(update_fields=["status", "sha256", "size", "item", "filed_at"])
    rec.chunks.all().delete()  # the assembled file is in the e-file
    hearing.recording = False
    hearing.save(update_fields=["recording"])
    record_event(
        events.hearing_record(
            event=HearingEvent.RECORDING_FILED,
            hearing=hearing,
            actor=actor,
            documents=[sha],
            recording=str(rec.id),
            item=str(item.id),
            sha256=sha,
            size=len(data),
            chunks=rec.total,
            ended_by=ended_by,
        )
    )
    if ended_by == "clerk":  # the closing announces once, with its reason
        _announce(hearing.pk, False)
