"""The hearing room's signalling socket (Django Channels).

The server decides who is in the media room: a consumer re-reads its participant whenever the
room changes (``room.refresh``) and enters or leaves the media group by
``room.may_receive_media``. Offers, answers and ICE candidates are relayed only between two
participants who are both in it, so a waiting witness never receives a byte of the hearing,
whatever their browser sends.

The per-message path (a signal) touches neither the database nor a worker thread: each consumer
keeps its media peers' channel names (``peers``), learnt from the database once when it
enters the media room and kept current by the peers' own ``room.joined`` / ``room.left``.
Only consumers in the media room announce themselves there, and the receiving consumer checks
``in_media`` again, so the cache cannot carry a signal to or from a waiting witness. A peer
whose channel is full (a stalled socket) loses that signal, with a warning in the log; the
sender's socket stays up."""

from __future__ import annotations

import datetime as dt
import logging
import time

from channels.db import database_sync_to_async
from channels.exceptions import ChannelFull
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone

from . import media, room
from .errors import HearingError, HearingErrorCode
from .models import Attendance, Hearing, Participant, ParticipantRole

log = logging.getLogger(__name__)

LIVE = dt.timedelta(seconds=30)  # a connection not heard from for this long is gone
TOUCH_EVERY = 10.0  # seconds: a ping refreshes ``seen_at`` at most this often
CLOSE_REFUSED = 4403
CLOSE_REPLACED = 4000
MODERATION = {"mute", "unmute", "remove", "admit", "dismiss"}


def witness_session_key(hearing_id) -> str:
    return f"hearing-witness:{hearing_id}"


@database_sync_to_async
def _resolve(scope, hearing_id) -> Participant | None:
    user = scope.get("user")
    session = scope.get("session") or {}
    qs = Participant.objects.select_related(
        "hearing", "hearing__case", "hearing__courtroom", "user", "application"
    )
    try:
        hearing = Hearing.objects.get(pk=hearing_id)
    except (Hearing.DoesNotExist, ValueError, Exception):
        return None
    if user is not None and user.is_authenticated:
        seat = qs.filter(hearing=hearing, user=user).order_by("role").first()
        if seat is not None:
            return seat
    witness = session.get(witness_session_key(hearing.pk))
    if witness:
        return qs.filter(pk=witness, hearing=hearing, role=ParticipantRole.WITNESS).first()
    return None


@database_sync_to_async
def _reload(pid) -> Participant:
    return Participant.objects.select_related(
        "hearing", "hearing__case", "hearing__courtroom", "user", "application"
    ).get(pk=pid)


@database_sync_to_async
def _claim(pid, channel: str, device: str):
    """Take the participant's one connection: the same device reconnecting replaces its old
    socket; another device while that one is live is refused."""
    from django.db import transaction

    with transaction.atomic():
        me = Participant.objects.select_for_update().get(pk=pid)
        now = timezone.now()
        live = me.channel_name and me.seen_at and now - me.seen_at < LIVE
        if live and me.device and device != me.device:
            return None, "second_device"
        old = me.channel_name if me.channel_name != channel else ""
        Participant.objects.filter(pk=pid).update(channel_name=channel, device=device, seen_at=now)
        return old, None


@database_sync_to_async
def _release(pid, channel: str) -> bool:
    """Give the connection up; False when another socket of the same device took it over."""
    return bool(
        Participant.objects.filter(pk=pid, channel_name=channel).update(channel_name="", device="")
    )


@database_sync_to_async
def _touch(pid, channel: str) -> None:
    Participant.objects.filter(pk=pid, channel_name=channel).update(seen_at=timezone.now())


@database_sync_to_async
def _peers(me: Participant) -> list[tuple[dict, str]]:
    """The others in the media room now: (card, channel name)."""
    cutoff = timezone.now() - LIVE
    others = (
        Participant.objects.filter(hearing_id=me.hearing_id, seen_at__gte=cutoff)
        .exclude(channel_name="")
        .exclude(pk=me.pk)
        .select_related("hearing")
    )
    return [(_card(p), p.channel_name) for p in others if room.may_receive_media(p)]


def _card(p: Participant) -> dict:
    return {"id": str(p.id), "name": p.name, "role": p.role, "muted": p.muted}


@database_sync_to_async
def _roster(me: Participant) -> dict:
    """What the judge sees: everyone's state, the waiting witnesses, who is absent."""
    hearing = Hearing.objects.get(pk=me.hearing_id)
    cutoff = timezone.now() - LIVE
    people = []
    for p in hearing.participants.select_related("hearing").order_by("role", "name"):
        connected = bool(p.channel_name) and p.seen_at is not None and p.seen_at >= cutoff
        if p.role == ParticipantRole.WITNESS:
            state = "removed" if p.removed_at else "in_room" if p.admitted_at else "waiting"
            state = state if connected or p.removed_at else "offline"
        else:
            state = "removed" if p.removed_at else "in_room" if connected else "offline"
        people.append({**_card(p), "state": state})
    absent = [p.name for p in room.absent_participants(hearing=hearing)]
    return {"type": "roster", "people": people, "absent": absent, "status": hearing.status}


@database_sync_to_async
def _attend(pid, kind: str, device: str) -> None:
    room.attendance_record(participant=Participant.objects.get(pk=pid), kind=kind, device=device)


@database_sync_to_async
def _command(me: Participant, action: str, target_id) -> Participant | None:
    hearing = Hearing.objects.select_related("case").get(pk=me.hearing_id)
    if action == "open":
        room.hearing_open(hearing=hearing, actor=me.user)
        return None
    if action == "close":
        room.hearing_close(hearing=hearing, actor=me.user)
        return None
    target = Participant.objects.get(pk=target_id, hearing=hearing)
    return room.participant_moderate(hearing=hearing, actor=me.user, target=target, action=action)


class HearingRoomConsumer(AsyncJsonWebsocketConsumer):
    me: Participant | None = None
    in_media = False
    closing = False
    touched = 0.0  # time.monotonic() of the last ``seen_at`` refresh

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.peers: dict[str, str] = {}  # participant id -> channel name, media room only

    async def send_json(self, content, close=False) -> None:
        if self.closing:  # nothing goes out on a socket this side already closed
            return
        try:
            await super().send_json(content, close=close)
        except (RuntimeError, OSError):
            # the server closed the socket (ping timeout) while room messages for it were still
            # queued: they are moot, and raising would only log the consumer's crash
            self.closing = True

    async def close(self, code=None, reason=None) -> None:
        if not self.closing:
            self.closing = True
            await super().close(code=code)

    async def connect(self) -> None:
        self.hearing_id = self.scope["url_route"]["kwargs"]["hearing_id"]
        query = dict(
            part.split("=", 1)
            for part in self.scope.get("query_string", b"").decode().split("&")
            if "=" in part
        )
        self.device = query.get("device", "")[:64]
        await self.accept()
        me = await _resolve(self.scope, self.hearing_id)
        if me is None:
            return await self._refuse(HearingErrorCode.BAD_LINK)
        fresh = database_sync_to_async(room.identity_fresh)  # the session loads from the db
        if not await fresh(self.scope.get("session") or {}, me):
            return await self._refuse(HearingErrorCode.IDENTITY)
        refusal = room.entry_refusal(participant=me)
        if refusal is not None:
            return await self._refuse(refusal, status=me.hearing.get_status_display())
        old, problem = await _claim(me.pk, self.channel_name, self.device)
        if problem:
            return await self._refuse(HearingErrorCode.SECOND_DEVICE)
        if old:
            await self._send(old, {"type": "room.replaced"})
        self.me = me
        self.group = f"hearing-{me.hearing_id}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json(
            {
                "type": "welcome",
                "me": _card(me),
                "status": me.hearing.status,
                "ice": media.ice_servers(participant=me),
                "recording": me.hearing.recording,
            }
        )
        await self._follow_rules()
        await self._announce_roster()

    async def _refuse(self, code: HearingErrorCode, **params):
        try:
            detail = str(HearingError(code, **params))
        except (KeyError, TypeError):
            detail = str(code.message)
        await self.send_json({"type": "refused", "code": str(code), "detail": detail})
        await self.close(code=CLOSE_REFUSED)

    async def _follow_rules(self) -> None:
        """Enter or leave the media room as the server's rules say now."""
        self.me = await _reload(self.me.pk)
        allowed = room.may_receive_media(self.me)
        media_group = f"{self.group}-media"
        if allowed and not self.in_media:
            self.in_media = True
            await self.channel_layer.group_add(media_group, self.channel_name)
            present = await _peers(self.me)
            self.peers = {card["id"]: channel for card, channel in present}
            await self.send_json({"type": "enter", "peers": [card for card, _ in present]})
            await self.channel_layer.group_send(
                media_group,
                {"type": "room.joined", "peer": _card(self.me), "channel": self.channel_name},
            )
            await _attend(self.me.pk, Attendance.Kind.JOINED, self.device)
        elif not allowed and self.in_media:
            await self._leave_media()
        elif not allowed:
            state = "waiting" if self.me.role == ParticipantRole.WITNESS else "lobby"
            await self.send_json({"type": state, "status": self.me.hearing.status})
        if self.me.removed_at:
            await self.send_json({"type": "removed"})
            await self.close(code=CLOSE_REFUSED)

    async def _leave_media(self) -> None:
        self.in_media = False
        self.peers = {}
        await self.channel_layer.group_discard(f"{self.group}-media", self.channel_name)
        await self.channel_layer.group_send(
            f"{self.group}-media", {"type": "room.left", "id": str(self.me.pk)}
        )
        await self.send_json({"type": "leave", "status": self.me.hearing.status})
        await _attend(self.me.pk, Attendance.Kind.LEFT, self.device)

    async def _announce_roster(self) -> None:
        await self.channel_layer.group_send(self.group, {"type": "room.roster"})

    async def receive_json(self, content, **kwargs) -> None:
        if self.me is None:
            return
        kind = content.get("type")
        if kind == "ping":
            await self.send_json({"type": "pong", "t": content.get("t")})
            now = time.monotonic()
            if now - self.touched >= TOUCH_EVERY:  # liveness, not a write per ping
                self.touched = now
                await _touch(self.me.pk, self.channel_name)
        elif kind == "signal":
            await self._relay(content.get("to"), content.get("data"))
        elif kind in MODERATION | {"open", "close"}:
            await self._moderate(kind, content.get("target"))

    async def _relay(self, to, data) -> None:
        """An offer, answer or ICE candidate to one peer of the media room: its channel from
        ``peers`` (no query, no thread); anyone else (a waiting witness, a stranger) gets
        nothing."""
        if not self.in_media or not isinstance(data, dict):
            return
        channel = self.peers.get(str(to))
        if channel is None:
            return
        await self._send(channel, {"type": "room.signal", "from": str(self.me.pk), "data": data})

    async def _send(self, channel: str, message: dict) -> bool:
        """One message to one consumer. When its channel is full (that socket is not draining
        it) the message is dropped with a warning: a signal lost is renegotiated when the peer
        reconnects, while an exception here would close the sender's socket."""
        try:
            await self.channel_layer.send(channel, message)
            return True
        except ChannelFull:
            log.warning(
                "hearing %s: %s from %s dropped, the channel layer is full for %s",
                self.hearing_id,
                message.get("type"),
                self.me.pk if self.me is not None else "-",
                channel,
            )
            return False

    async def _moderate(self, action: str, target_id) -> None:
        if self.me.role != ParticipantRole.JUDGE:
            return await self.send_json(
                {"type": "error", "detail": str(HearingErrorCode.NOT_THE_JUDGE.message)}
            )
        try:
            target = await _command(self.me, action, target_id)
        except HearingError as exc:
            return await self.send_json({"type": "error", "code": exc.code, "detail": exc.detail})
        except Participant.DoesNotExist:
            return
        if target is not None and target.channel_name:
            note = {"type": "room.notice", "what": action}
            await self._send(target.channel_name, note)
        await self.channel_layer.group_send(self.group, {"type": "room.refresh"})

    async def disconnect(self, code) -> None:
        if self.me is None:
            return
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.channel_layer.group_discard(f"{self.group}-media", self.channel_name)
        still_mine = await _release(self.me.pk, self.channel_name)
        if self.in_media and still_mine:  # a reconnected socket already took the seat over
            self.in_media = False
            await self.channel_layer.group_send(
                f"{self.group}-media", {"type": "room.left", "id": str(self.me.pk)}
            )
            await _attend(self.me.pk, Attendance.Kind.LEFT, self.device)
        await self._announce_roster()

    # --- messages from the channel layer ----------------------------------------------------
    async def room_signal(self, event) -> None:
        if self.in_media:  # checked again on this side: nothing reaches a waiting socket
            await self.send_json({"type": "signal", "from": event["from"], "data": event["data"]})

    async def room_joined(self, event) -> None:
        if self.in_media and event["peer"]["id"] != str(self.me.pk):
            self.peers[event["peer"]["id"]] = event["channel"]
            await self.send_json({"type": "peer-joined", "peer": event["peer"]})

    async def room_left(self, event) -> None:
        if event["id"] != str(self.me.pk):
            self.peers.pop(event["id"], None)
            await self.send_json({"type": "peer-left", "id": event["id"]})

    async def room_refresh(self, event) -> None:
        await self._follow_rules()
        if self.me.role == ParticipantRole.JUDGE:
            await self.send_json(await _roster(self.me))
        else:
            await self.send_json({"type": "status", "status": self.me.hearing.status})

    async def room_roster(self, event) -> None:
        if self.me.role == ParticipantRole.JUDGE:
            await self.send_json(await _roster(self.me))

    async def room_recording(self, event) -> None:
        """Recording started or stopped (同步录音录像): everyone in the room sees it."""
        await self.send_json(
            {"type": "recording", "on": bool(event["on"]), "why": event.get("why", "")}
        )

    async def room_notice(self, event) -> None:
        await self.send_json({"type": "notice", "what": event["what"]})

    async def room_replaced(self, event) -> None:
        """The same device reconnected: this socket goes quietly (its peers keep the seat)."""
        if self.me is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            await self.channel_layer.group_discard(f"{self.group}-media", self.channel_name)
        self.in_media = False
        self.me = None
        await self.send_json({"type": "replaced"})
        await self.close(code=CLOSE_REPLACED)
