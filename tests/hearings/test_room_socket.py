"""The signalling socket through the real ASGI application (Channels' communicator): who gets
in, when, and that a waiting witness receives nothing of the hearing."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.hearings.conftest import at, grant_witness, ungranted_witness
from tests.hearings.test_transcript import _png
from yunting.hearings import room as room_rules
from yunting.hearings import services, witnesses
from yunting.hearings.consumers import witness_session_key
from yunting.hearings.models import Attendance, HearingStatus, Participant

pytestmark = pytest.mark.django_db(transaction=True)


def run_apart(coro) -> None:
    """Run ``coro`` on its own event loop in its own thread: a test process that has already
    driven the browser holds Playwright's running loop in the main thread."""
    failure: list[BaseException] = []

    def target() -> None:
        # A fresh channel layer for this loop: channels_redis binds a layer's receiving to the
        # loop that first receives on it, and a loop closed mid-receive (an earlier test's, or a
        # live server's) would leave the shared instance refusing every other loop.
        channel_layers.backends.clear()
        try:
            asyncio.run(coro)
        except BaseException as exc:  # re-raised in the test's thread
            failure.append(exc)
        finally:
            channel_layers.backends.clear()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=180)
    assert not thread.is_alive(), "the socket conversation did not finish in 180 s"
    if failure:
        raise failure[0]


@pytest.fixture
def soon(hcase, room):
    h = services.hearing_schedule(
        case=hcase,
        actor=hcase.judge,
        kind="trial",
        courtroom=room,
        starts_at=timezone.now() + dt.timedelta(minutes=10),
    )
    for p in h.participants.all():
        room_rules.participant_prepare(participant=p, consent=True, rules=True, device_ok=True)
    return h


def _cookie(seat: Participant, user=None, checked=True) -> bytes:
    client = Client()
    if user is not None:
        client.force_login(user)
    session = client.session
    if seat.role == "witness":
        session[witness_session_key(seat.hearing_id)] = str(seat.pk)
    if checked:
        room_rules.identity_remember(session, seat, timezone.now().isoformat())
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


def _comm(hearing, cookie: bytes, device="d1") -> WebsocketCommunicator:
    from yunting.asgi import application

    return WebsocketCommunicator(
        application,
        f"/ws/hearings/{hearing.id}/?device={device}",
        headers=[(b"cookie", cookie), (b"origin", b"http://localhost")],
    )


async def _until(comm, kind: str, timeout=3.0) -> dict:
    while True:
        msg = await comm.receive_json_from(timeout=timeout)
        if msg["type"] == kind:
            return msg


async def _nothing_of(comm, kinds: set, wait=0.5) -> list:
    """Drain what arrives within ``wait`` (without cancelling the app, as a timeout would)."""
    seen = []
    while not await comm.receive_nothing(timeout=wait):
        msg = await comm.receive_json_from()
        seen.append(msg["type"])
        assert msg["type"] not in kinds, msg
    return seen


def _seat(hearing, role):
    return (
        Participant.objects.select_related("user")
        .filter(hearing=hearing, role=role, user__isnull=False)
        .order_by("name")
        .first()
    )


def test_unchecked_identity_is_refused(soon):
    judge = _seat(soon, "judge")

    async def run():
        comm = _comm(soon, await sync_to_async(_cookie)(judge, judge.user, checked=False))
        assert (await comm.connect())[0]
        msg = await _until(comm, "refused")
        assert msg["code"] == "identity"
        await comm.disconnect()

    run_apart(run())


def test_lobby_then_open_then_peers_and_relay(soon):
    judge, party = _seat(soon, "judge"), _seat(soon, "party")

    async def run():
        j = _comm(soon, await sync_to_async(_cookie)(judge, judge.user), "j")
        p = _comm(soon, await sync_to_async(_cookie)(party, party.user), "p")
        await j.connect()
        await p.connect()
        await _until(p, "lobby")  # not open yet: no media room
        await j.send_json_to({"type": "open"})
        entered = await _until(p, "enter")
        await _until(j, "enter")
        assert isinstance(entered["peers"], list)
        await p.send_json_to({"type": "signal", "to": str(judge.pk), "data": {"sdp": "x"}})
        got = await _until(j, "signal")
        assert got["from"] == str(party.pk) and got["data"] == {"sdp": "x"}
        await p.send_json_to({"type": "mute", "target": str(judge.pk)})  # not the judge's
        err = await _until(p, "error")
        assert err["detail"]
        await p.disconnect()
        await _until(j, "peer-left")
        await j.disconnect()

    run_apart(run())
    kinds = list(Attendance.objects.filter(participant=party).values_list("kind", flat=True))
    assert kinds == ["joined", "left"]
    soon.refresh_from_db()
    assert soon.status == HearingStatus.OPEN


def test_witness_gets_nothing_until_admitted(soon):
    judge, party = _seat(soon, "judge"), _seat(soon, "party")
    witness = grant_witness(soon, phone="13900000099")
    witness = witnesses.undertaking_sign(participant=witness, image=_png(), digits="011234")
    room_rules.participant_prepare(participant=witness, consent=True, rules=True, device_ok=True)

    async def run():
        j = _comm(soon, await sync_to_async(_cookie)(judge, judge.user), "j")
        p = _comm(soon, await sync_to_async(_cookie)(party, party.user), "p")
        w = _comm(soon, await sync_to_async(_cookie)(witness), "w")
        await j.connect()
        await j.send_json_to({"type": "open"})
        await _until(j, "enter")
        await p.connect()
        await _until(p, "enter")
        await w.connect()
        await _until(w, "waiting")
        # the witness tries to signal the party, the party tries to signal the witness
        await w.send_json_to({"type": "signal", "to": str(party.pk), "data": {"sdp": "w"}})
        await p.send_json_to({"type": "signal", "to": str(witness.pk), "data": {"sdp": "p"}})
        await _nothing_of(w, {"signal", "enter", "peer-joined"})
        assert "signal" not in await _nothing_of(p, {"signal"})
        await j.send_json_to({"type": "admit", "target": str(witness.pk)})
        entered = await _until(w, "enter")
        assert {peer["id"] for peer in entered["peers"]} == {str(judge.pk), str(party.pk)}
        await w.send_json_to({"type": "signal", "to": str(party.pk), "data": {"sdp": "w2"}})
        assert (await _until(p, "signal"))["data"] == {"sdp": "w2"}
        await j.send_json_to({"type": "dismiss", "target": str(witness.pk)})
        await _until(w, "removed")
        await _until(p, "peer-left")
        for c in (j, p):
            await c.disconnect()

    run_apart(run())
    witness.refresh_from_db()
    assert witness.admitted_at and witness.removed_at


def test_second_device_refused_same_device_takes_over(soon):
    party = _seat(soon, "party")

    async def run():
        cookie = await sync_to_async(_cookie)(party, party.user)
        first = _comm(soon, cookie, "phone")
        await first.connect()
        await _until(first, "lobby")
        second = _comm(soon, cookie, "laptop")
        await second.connect()
        refused = await _until(second, "refused")
        assert refused["code"] == "second_device"
        again = _comm(soon, cookie, "phone")  # the same device reconnecting
        await again.connect()
        await _until(again, "lobby")
        await _until(first, "replaced")
        await again.disconnect()

    run_apart(run())


def test_too_early_refused(hcase, room):
    h = services.hearing_schedule(
        case=hcase, actor=hcase.judge, kind="trial", courtroom=room, starts_at=at(3)
    )
    party = h.participants.select_related("user").get(role="party", name="张三")
    room_rules.participant_prepare(participant=party, consent=True, rules=True, device_ok=True)

    async def run():
        comm = _comm(h, await sync_to_async(_cookie)(party, party.user))
        await comm.connect()
        assert (await _until(comm, "refused"))["code"] == "too_early"
        await comm.disconnect()

    run_apart(run())


def test_closing_tells_the_room_recording_is_off(soon):
    """The clerk records; the judge closes over the socket: everyone is told that recording
    is off because of the closing, and the recording is filed with what it received."""
    from yunting.hearings import recording
    from yunting.hearings.models import Recording

    judge, party = _seat(soon, "judge"), _seat(soon, "party")
    clerk = _seat(soon, "clerk")

    async def run():
        j = _comm(soon, await sync_to_async(_cookie)(judge, judge.user), "j")
        p = _comm(soon, await sync_to_async(_cookie)(party, party.user), "p")
        await j.connect()
        await j.send_json_to({"type": "open"})
        await _until(j, "enter")
        await p.connect()
        assert (await _until(p, "welcome"))["recording"] is False
        await _until(p, "enter")

        def record():
            rec = recording.recording_start(
                hearing=soon, actor=clerk.user, content_type="video/webm"
            )
            recording.recording_chunk(
                recording=rec, actor=clerk.user, index=0, data=b"\x1a\x45\xdf\xa3chunk"
            )

        await sync_to_async(record)()
        on = await _until(p, "recording")
        assert on["on"] is True
        await j.send_json_to({"type": "close"})
        off = await _until(p, "recording")
        assert off == {"type": "recording", "on": False, "why": "closed"}
        for c in (j, p):
            await c.disconnect()

    run_apart(run())
    rec = Recording.objects.get(hearing=soon)
    assert rec.status == Recording.Status.FILED and rec.total == 1


def test_witness_seat_without_a_grant_is_refused(soon):
    """A witness seat that did not come from a granted application cannot join the room."""
    stray = ungranted_witness(soon)

    async def run():
        comm = _comm(soon, await sync_to_async(_cookie)(stray), "w")
        await comm.connect()
        refused = await _until(comm, "refused")
        assert refused["code"] == "witness_not_granted" and refused["detail"]
        await comm.disconnect()

    run_apart(run())


def test_full_channel_drops_the_signal_and_keeps_the_socket(soon, caplog):
    """A peer whose channel is full (its socket stalled) loses the signal, with a warning;
    the sender's socket stays up and its other peers still get their signals."""
    from channels.layers import get_channel_layer

    judge, party = _seat(soon, "judge"), _seat(soon, "party")
    ghost = {"id": "00000000-0000-0000-0000-00000000beef", "name": "停滞", "role": "party"}

    async def run():
        j = _comm(soon, await sync_to_async(_cookie)(judge, judge.user), "j")
        p = _comm(soon, await sync_to_async(_cookie)(party, party.user), "p")
        await j.connect()
        await j.send_json_to({"type": "open"})
        await _until(j, "enter")
        await p.connect()
        await _until(p, "enter")
        await _until(j, "peer-joined")
        layer = get_channel_layer()
        # a peer in the media room whose consumer no longer reads its channel, full to the brim
        stalled = await layer.new_channel("stalled")
        await layer.group_send(
            f"hearing-{soon.id}-media",
            {"type": "room.joined", "peer": {**ghost, "muted": False}, "channel": stalled},
        )
        await _until(p, "peer-joined")
        for n in range(layer.capacity):
            await layer.send(stalled, {"type": "room.signal", "from": "x", "data": {"n": n}})
        await p.send_json_to({"type": "signal", "to": ghost["id"], "data": {"sdp": "lost"}})
        await p.send_json_to({"type": "signal", "to": str(judge.pk), "data": {"sdp": "kept"}})
        assert (await _until(j, "signal"))["data"] == {"sdp": "kept"}
        await p.send_json_to({"type": "ping", "t": 1})
        assert (await _until(p, "pong"))["t"] == 1
        for c in (j, p):
            await c.disconnect()

    with caplog.at_level("WARNING", logger="yunting.hearings.consumers"):
        run_apart(run())
    dropped = [r.getMessage() for r in caplog.records if "channel layer is full" in r.getMessage()]
    assert len(dropped) == 1 and "room.signal" in dropped[0] and str(party.pk) in dropped[0]
