"""Hearing scheduling conflict queries and signalling round trips, measured.

Standalone: a throwaway SQLite database in a temporary directory (or ``--database-url``).

1. Conflicts: a court with 50 judges, 20 clerks, 200 lawyers and 20,000 booked hearings over a
   year; then ``selectors.busy_conflicts`` (the query every booking runs) for random
   (judge, clerk, lawyer, room, time) — p50 / p95 in ms. Aim (issue 17): p95 < 20 ms.
2. Signalling: uvicorn serving ``yunting.asgi`` in a child process on 127.0.0.1 (port 8138),
   N rooms × 4 WebSocket participants (remote witnesses, each seated by a granted
   application and admitted: no accounts needed) connected through the real consumer. Each
   participant sends signals to the others of its room, and each receiver answers every one:
   the round trip (sender → server → receiver → server → sender) p50 / p95 / max in ms.
   Aim: p95 < 50 ms.
   - paced: every participant sends one signal every ``--interval`` seconds (default 5: once
     the media flows a room signals rarely — an ICE restart, a renegotiation; 2,000
     participants at 1/s is 4,000 relays a second, more than one Python process serves) for
     ``--duration`` seconds, spread over the interval;
   - burst: every participant sends ``--burst`` signals to each of its peers at once, all
     rooms together (everyone joining or renegotiating at the same moment). A signal whose
     answer does not come back within ``--drain`` seconds counts as lost (the server drops a
     signal to a full channel, with a warning).
   The server's resident memory idle, with the rooms connected, and at its peak.

    .venv/bin/python bench/hearings.py [--hearings 20000] [--rooms 500] [--mode both]
        [--redis-url redis://127.0.0.1:6379/9] [--profile /tmp/consumer.prof.txt]

``--redis-url`` runs the server on channels-redis instead of the in-memory layer;
``--profile`` writes the server's event-loop profile (cProfile, cumulative) there;
``--server-src`` serves another checkout's ``src`` (to compare a consumer before and after).

Bounded: every phase has a deadline (``--deadline`` seconds, default 600) and stops itself.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PORT = 8138
SRC = Path(__file__).resolve().parent.parent / "src"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def setup(database_url: str | None) -> str:
    tmp = tempfile.mkdtemp(prefix="yunting-bench-hearings-")
    os.environ["YUNTING_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "yunting.settings"
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yunting.demo.people import seed_demo

    seed_demo()
    return tmp


def seed_calendar(n_hearings: int):
    from django.utils import timezone

    from yunting.accounts.models import User
    from yunting.cases.models import Case
    from yunting.courts.models import Court, Courtroom
    from yunting.hearings.models import Hearing, Participant

    court = Court.objects.get(code="沪0105")
    rooms = [
        Courtroom.objects.get_or_create(court=court, name=f"基准法庭{i:02d}")[0] for i in range(20)
    ]

    def users(prefix: str, n: int, start: int) -> list:
        unusable = "!"  # no password: these accounts never log in
        made = [
            User(phone=f"1{start + i:010d}", name=f"{prefix}{i}", password=unusable)
            for i in range(n)
        ]
        User.objects.bulk_create(made, batch_size=500)
        return list(User.objects.filter(name__startswith=prefix).order_by("name"))

    judges = users("基准法官", 50, 7100000000)
    clerks = users("基准书记员", 20, 7200000000)
    lawyers = users("基准律师", 200, 7300000000)
    today = timezone.localdate()
    cases = [
        Case(
            court=court,
            case_number=f"（{today.year}）沪0105民初9{i:05d}号",
            year=today.year,
            type_code="民初",
            serial=900000 + i,
            cause_name="民间借贷纠纷",
            accepted_on=today,
            judge=judges[i % 50],
        )
        for i in range(500)
    ]
    Case.objects.bulk_create(cases, batch_size=500)
    cases = list(Case.objects.filter(serial__gte=900000))
    rng = random.Random(17)
    hearings, seats = [], []
    base = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    for i in range(n_hearings):
        case = cases[i % len(cases)]
        start = base + dt.timedelta(days=rng.randrange(365), hours=rng.choice([0, 1.5, 5, 6.5]))
        end = start + dt.timedelta(minutes=60)
        h = Hearing(
            case=case,
            kind="trial",
            courtroom=rooms[i % 20],
            starts_at=start,
            ends_at=end,
            status="scheduled",
            created_by=case.judge,
        )
        hearings.append(h)
        for role, user in (
            ("judge", case.judge),
            ("clerk", clerks[i % 20]),
            ("lawyer", lawyers[rng.randrange(200)]),
        ):
            seats.append(
                Participant(
                    hearing=h,
                    user=user,
                    role=role,
                    name=user.name,
                    starts_at=start,
                    ends_at=end,
                    booked=True,
                )
            )
    Hearing.objects.bulk_create(hearings, batch_size=1000)
    Participant.objects.bulk_create(seats, batch_size=2000)
    return judges, clerks, lawyers, rooms, base


def bench_conflicts(args) -> None:
    from yunting.hearings.selectors import busy_conflicts

    t0 = time.perf_counter()
    judges, clerks, lawyers, rooms, base = seed_calendar(args.hearings)
    print(f"seeded {args.hearings} hearings (3 seats each) in {time.perf_counter() - t0:.1f} s")
    rng = random.Random(1)
    times, found = [], 0
    deadline = time.monotonic() + args.deadline
    for _ in range(args.queries):
        start = base + dt.timedelta(days=rng.randrange(365), minutes=rng.randrange(0, 480, 15))
        ids = [rng.choice(judges).pk, rng.choice(clerks).pk, rng.choice(lawyers).pk]
        t = time.perf_counter()
        hits = busy_conflicts(
            user_ids=ids,
            courtroom_id=rng.choice(rooms).pk,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=60),
        )
        times.append((time.perf_counter() - t) * 1000)
        found += bool(hits)
        if time.monotonic() > deadline:
            break
    print(
        f"conflict query: {len(times)} queries, {found} found a conflict; "
        f"p50 {statistics.median(times):.2f} ms, p95 {pct(times, 95):.2f} ms (aim < 20 ms)"
    )


def seed_rooms(n_rooms: int) -> list[list[tuple[str, str, str]]]:
    """N open hearings with 4 admitted witness seats each, every seat granted by an
    application (the only way a witness is seated); a session per seat."""
    from importlib import import_module

    from django.conf import settings
    from django.utils import timezone

    from yunting.cases.models import Case, Party
    from yunting.courts.models import Courtroom
    from yunting.hearings.consumers import witness_session_key
    from yunting.hearings.models import Hearing, Participant, WitnessApplication
    from yunting.hearings.room import identity_remember

    store = import_module(settings.SESSION_ENGINE).SessionStore
    case = Case.objects.filter(serial__gte=900000).first()
    party = Party.objects.create(case=case, role="plaintiff", kind="person", name="基准原告")
    room = Courtroom.objects.filter(name__startswith="基准法庭").first()
    now = timezone.now()
    hearings = [
        Hearing(
            case=case,
            kind="trial",
            courtroom=room,
            starts_at=now,
            ends_at=now,
            status="open",
            created_by=case.judge,
            opened_at=now,
        )
        for _ in range(n_rooms)
    ]
    Hearing.objects.bulk_create(hearings)
    seats = [
        Participant(
            hearing=h,
            role="witness",
            name=f"参与人{j}",
            consent_at=now,
            rules_accepted_at=now,
            device_checked_at=now,
            undertaking_signed_at=now,
            admitted_at=now,
        )
        for h in hearings
        for j in range(4)
    ]
    Participant.objects.bulk_create(seats, batch_size=2000)
    WitnessApplication.objects.bulk_create(
        [
            WitnessApplication(
                hearing=seat.hearing,
                party=party,
                applied_by=case.judge,
                name=seat.name,
                id_number="310105199001011234",
                testimony="基准",
                objection_until=now,
                status="granted",
                decided_by=case.judge,
                decided_at=now,
                decision_reasons="基准",
                participant=seat,
            )
            for seat in seats
        ],
        batch_size=2000,
    )
    out = []
    for h in hearings:
        group = []
        for seat in Participant.objects.filter(hearing=h).order_by("name"):
            session = store()
            session[witness_session_key(h.pk)] = str(seat.pk)
            identity_remember(session, seat, now.isoformat())
            session.create()
            group.append((str(h.pk), str(seat.pk), session.session_key))
        out.append(group)
    return out


class Seat:
    """One simulated participant: its socket, and the signals it waits to hear answered."""

    def __init__(self, ws, pid: str, peers: list[str]) -> None:
        self.ws, self.pid, self.peers = ws, pid, peers
        self.pending: dict[int, float] = {}  # signal number -> perf_counter() when sent
        self.times: list[float] = []
        self.next = 0

    async def signal(self, to: str, pad: str) -> None:
        n = self.next
        self.next += 1
        self.pending[n] = time.perf_counter()
        data = {"kind": "ask", "n": n, "candidate": pad}
        await self.ws.send(json.dumps({"type": "signal", "to": to, "data": data}))

    async def read(self) -> None:
        """Answer every signal received; time every answer to one of ours."""
        import websockets

        try:
            async for raw in self.ws:
                msg = json.loads(raw)
                if msg["type"] != "signal":
                    continue
                data = msg["data"]
                if data.get("kind") == "ask":
                    answer = {"kind": "answer", "n": data["n"]}
                    await self.ws.send(
                        json.dumps({"type": "signal", "to": msg["from"], "data": answer})
                    )
                elif data.get("kind") == "answer":
                    sent = self.pending.pop(data["n"], None)
                    if sent is not None:
                        self.times.append((time.perf_counter() - sent) * 1000)
        except websockets.ConnectionClosed:
            pass


async def connect_rooms(rooms, deadline: float) -> list[Seat]:
    import websockets
    from django.conf import settings

    async def join(hid, sid, key, peers):
        ws = await websockets.connect(
            f"ws://127.0.0.1:{PORT}/ws/hearings/{hid}/?device={sid}",
            additional_headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={key}",
                "Origin": f"http://127.0.0.1:{PORT}",
            },
            max_queue=None,
            open_timeout=60,
            ping_interval=None,  # the bench measures signals; a busy client must not drop
        )
        while True:  # until this seat is in the media room
            msg = json.loads(await ws.recv())
            if msg["type"] == "enter":
                return Seat(ws, sid, peers)
            if msg["type"] == "refused":
                raise RuntimeError(msg)

    sem = asyncio.Semaphore(50)

    async def join_limited(hid, sid, key, peers):
        async with sem:
            return await join(hid, sid, key, peers)

    seats: list[Seat] = []
    for group in rooms:
        ids = [sid for _, sid, _ in group]
        seats += await asyncio.gather(
            *(join_limited(h, s, k, [p for p in ids if p != s]) for h, s, k in group)
        )
        if time.monotonic() > deadline:
            break
    return seats


async def settle(seats: list[Seat], drain: float) -> int:
    """Wait up to ``drain`` seconds for the answers still out; return how many never came."""
    end = time.monotonic() + drain
    while time.monotonic() < end and any(seat.pending for seat in seats):
        await asyncio.sleep(0.05)
    lost = sum(len(seat.pending) for seat in seats)
    for seat in seats:
        seat.pending.clear()
    return lost


async def paced(seats, args, deadline: float) -> int:
    """Each participant: one signal every ``interval`` s to a peer in turn, start offset at
    random within the interval so the rooms do not beat in step."""
    pad = "x" * args.payload
    stop = min(time.monotonic() + args.duration, deadline)

    async def one(seat: Seat, rng: random.Random) -> None:
        await asyncio.sleep(rng.random() * args.interval)
        due = time.monotonic()
        i = 0
        while time.monotonic() < stop:
            await seat.signal(seat.peers[i % len(seat.peers)], pad)
            i += 1
            due += args.interval
            await asyncio.sleep(max(0.0, due - time.monotonic()))

    rng = random.Random(5)
    await asyncio.gather(*(one(seat, random.Random(rng.random())) for seat in seats))
    return await settle(seats, args.drain)


async def burst(seats, args, deadline: float) -> int:
    """Everyone at once: ``burst`` signals to each peer, sent back to back."""
    pad = "x" * args.payload

    async def one(seat: Seat) -> None:
        for _ in range(args.burst):
            for peer in seat.peers:
                await seat.signal(peer, pad)

    await asyncio.gather(*(one(seat) for seat in seats))
    return await settle(seats, min(args.drain, max(1.0, deadline - time.monotonic())))


class Memory:
    """The server's resident memory, sampled while a phase runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0.0

    async def watch(self) -> None:
        while True:
            self.peak = max(self.peak, rss_mb(self.pid))
            await asyncio.sleep(0.25)


def report(name: str, seats: list[Seat], lost: int, seconds: float) -> None:
    times = [t for seat in seats for t in seat.times]
    for seat in seats:
        seat.times.clear()
    if not times:
        print(f"{name}: no round trip completed ({lost} lost)")
        return
    print(
        f"{name}: {len(times)} round trips in {seconds:.1f} s ({len(times) / seconds:.0f}/s, "
        f"{2 * len(times) / seconds:.0f} relayed signals/s), {lost} lost; "
        f"p50 {statistics.median(times):.1f} ms, p95 {pct(times, 95):.1f} ms, "
        f"p99 {pct(times, 99):.1f} ms, max {max(times):.1f} ms (aim p95 < 50 ms)"
    )


async def signalling(rooms, args, server_pid: int) -> None:
    deadline = time.monotonic() + args.deadline
    memory = Memory(server_pid)
    watcher = asyncio.create_task(memory.watch())
    t0 = time.perf_counter()
    seats = await connect_rooms(rooms, deadline)
    connected = rss_mb(server_pid)
    print(
        f"connected {len(seats)} sockets in {len(rooms)} rooms in "
        f"{time.perf_counter() - t0:.1f} s; server memory {connected:.0f} MB"
    )
    readers = [asyncio.create_task(seat.read()) for seat in seats]
    try:
        if args.mode in ("paced", "both") and time.monotonic() < deadline:
            t = time.perf_counter()
            lost = await paced(seats, args, deadline)
            report(
                f"paced ({1 / args.interval:g} signal/s per participant)",
                seats,
                lost,
                time.perf_counter() - t,
            )
        if args.mode in ("burst", "both") and time.monotonic() < deadline:
            t = time.perf_counter()
            lost = await burst(seats, args, deadline)
            report(
                f"burst ({args.burst} signals to each peer at once)",
                seats,
                lost,
                time.perf_counter() - t,
            )
    finally:
        print(f"server memory peak {max(memory.peak, connected):.0f} MB")
        watcher.cancel()
        await asyncio.gather(*(seat.ws.close() for seat in seats), return_exceptions=True)
        for reader in readers:
            reader.cancel()


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


SERVE = """
import cProfile, pstats, signal, sys, uvicorn
port, out = int(sys.argv[1]), sys.argv[2]
# uvicorn re-raises the SIGTERM it shut down on: let that land here, so the profile is written
signal.signal(signal.SIGTERM, lambda *_: None)
server = uvicorn.Server(uvicorn.Config("yunting.asgi:application", host="127.0.0.1",
    port=port, lifespan="off", log_level="warning"))
profile = cProfile.Profile() if out else None
if profile:
    profile.enable()
server.run()
if profile:
    profile.disable()
    with open(out, "w") as f:
        pstats.Stats(profile, stream=f).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile, stream=f).sort_stats("tottime").print_stats(25)
"""


def bench_signalling(args, tmp: str) -> None:
    rooms = seed_rooms(args.rooms)
    src = args.server_src or str(SRC)
    env = {**os.environ, "YUNTING_VAR_DIR": tmp, "PYTHONPATH": src}
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    layer = "channels-redis " + args.redis_url if args.redis_url else "in-memory layer"
    print(f"signalling server: uvicorn, one process, {layer}, serving {src}")
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(PORT), args.profile or ""], env=env)
    try:
        import socket

        for _ in range(300):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", PORT)) == 0:
                    break
            time.sleep(0.1)
        print(f"server memory idle: {rss_mb(server.pid):.0f} MB")
        asyncio.run(signalling(rooms, args, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    if args.profile:
        print(f"server profile written to {args.profile}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hearings", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=500)
    parser.add_argument("--mode", choices=["paced", "burst", "both"], default="both")
    parser.add_argument("--interval", type=float, default=5.0, help="paced: s between signals")
    parser.add_argument("--duration", type=float, default=20.0, help="paced: seconds")
    parser.add_argument("--burst", type=int, default=10, help="burst: signals to each peer")
    parser.add_argument("--payload", type=int, default=200, help="bytes of padding a signal")
    parser.add_argument("--drain", type=float, default=10.0, help="s to wait for answers")
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--profile", default=None, help="write the server's profile here")
    parser.add_argument("--server-src", default=None, help="serve this src directory")
    parser.add_argument("--skip-conflicts", action="store_true")
    parser.add_argument("--deadline", type=float, default=600)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    tmp = setup(args.database_url)
    if args.skip_conflicts:
        seed_calendar(500)  # the cases and rooms the signalling rooms belong to
    else:
        bench_conflicts(args)
    if args.rooms:
        bench_signalling(args, tmp)


if __name__ == "__main__":
    main()
