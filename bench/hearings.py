"""Hearing scheduling conflict queries and signalling round trips, measured.

Standalone: a throwaway SQLite database in a temporary directory (or ``--database-url``).

1. Conflicts: a court with 50 judges, 20 clerks, 200 lawyers and 20,000 booked hearings over a
   year; then ``selectors.busy_conflicts`` (the query every booking runs) for random
   (judge, clerk, lawyer, room, time) — p50 / p95 in ms. Aim (issue 17): p95 < 20 ms.
2. Signalling: uvicorn serving ``yunting.asgi`` in a child process on 127.0.0.1 (port 8138),
   N rooms × 4 WebSocket participants (admitted remote-witness seats: no accounts needed)
   connected through the real consumer; in each room one participant sends a signal to
   another, who answers it: the message round trip p50 / p95 in ms, and the server's
   resident memory. Aim: p95 < 50 ms.

    .venv/bin/python bench/hearings.py [--hearings 20000] [--rooms 500] [--rounds 3]

Bounded: every phase has a deadline (``--deadline`` seconds, default 600) and stops itself.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
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
    """N open hearings with 4 admitted witness seats each; a session per seat."""
    from importlib import import_module

    from django.conf import settings
    from django.utils import timezone

    from yunting.cases.models import Case
    from yunting.courts.models import Courtroom
    from yunting.hearings.consumers import witness_session_key
    from yunting.hearings.models import Hearing, Participant
    from yunting.hearings.room import identity_remember

    store = import_module(settings.SESSION_ENGINE).SessionStore
    case = Case.objects.filter(serial__gte=900000).first()
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
            admitted_at=now,
        )
        for h in hearings
        for j in range(4)
    ]
    Participant.objects.bulk_create(seats, batch_size=2000)
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


async def signalling(rooms, rounds: int, deadline: float) -> tuple[list[float], int]:
    import json

    import websockets
    from django.conf import settings

    async def join(hid, sid, key):
        ws = await websockets.connect(
            f"ws://127.0.0.1:{PORT}/ws/hearings/{hid}/?device={sid}",
            additional_headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={key}",
                "Origin": f"http://127.0.0.1:{PORT}",
            },
            max_queue=None,
        )
        while True:  # until this seat is in the media room
            msg = json.loads(await ws.recv())
            if msg["type"] == "enter":
                return ws
            if msg["type"] == "refused":
                raise RuntimeError(msg)

    async def recv_signal(ws):
        while True:
            msg = json.loads(await ws.recv())
            if msg["type"] == "signal":
                return msg

    t0 = time.perf_counter()
    sockets = []
    sem = asyncio.Semaphore(50)

    async def join_limited(*a):
        async with sem:
            return await join(*a)

    for group in rooms:
        sockets.append(await asyncio.gather(*(join_limited(*seat) for seat in group)))
        if time.monotonic() > deadline:
            break
    print(f"connected {sum(len(s) for s in sockets)} sockets in {time.perf_counter() - t0:.1f} s")

    async def round_trip(group, seats):
        a, b = group[0], group[1]
        t = time.perf_counter()
        await a.send(json.dumps({"type": "signal", "to": seats[1][1], "data": {"sdp": "o"}}))
        await recv_signal(b)
        await b.send(json.dumps({"type": "signal", "to": seats[0][1], "data": {"sdp": "a"}}))
        await recv_signal(a)
        return (time.perf_counter() - t) * 1000

    times = []
    for _ in range(rounds):
        results = await asyncio.gather(
            *(round_trip(g, rooms[i]) for i, g in enumerate(sockets)), return_exceptions=True
        )
        times += [r for r in results if isinstance(r, float)]
        if time.monotonic() > deadline:
            break
    for group in sockets:
        for ws in group:
            await ws.close()
    return times, sum(len(s) for s in sockets)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_signalling(args, tmp: str) -> None:
    rooms = seed_rooms(args.rooms)
    env = {**os.environ, "YUNTING_VAR_DIR": tmp, "PYTHONPATH": str(SRC)}
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "yunting.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        import socket

        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", PORT)) == 0:
                    break
            time.sleep(0.1)
        idle = rss_mb(server.pid)
        deadline = time.monotonic() + args.deadline
        times, n = asyncio.run(signalling(rooms, args.rounds, deadline))
        loaded = rss_mb(server.pid)
        if times:
            print(
                f"signalling: {n} sockets in {len(rooms)} rooms, {len(times)} round trips; "
                f"p50 {statistics.median(times):.1f} ms, p95 {pct(times, 95):.1f} ms (aim < 50 ms)"
            )
        print(f"server memory: {idle:.0f} MB idle, {loaded:.0f} MB with the rooms connected")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hearings", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=600)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    tmp = setup(args.database_url)
    bench_conflicts(args)
    if args.rooms:
        bench_signalling(args, tmp)


if __name__ == "__main__":
    main()
