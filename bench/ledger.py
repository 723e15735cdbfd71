"""Ledger benchmark: append rates, proof times and full verification at a million entries.

    .venv/bin/python bench/ledger.py                  # throwaway SQLite under a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/ledger.py   # a THROWAWAY database:
                                                      # the ledger cannot be emptied again

Options: --entries N (default 1,000,000), --single N (one-by-one appends, default 2,000),
--deposits N (deposits through the batch API, default 50,000), --witness-seconds S (how long
three witness processes cosign a growing log, default 60), --chain-only (only those two).
Prints one line per figure. Never part of the test pass/fail.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=2_000)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch directory.")
    parser.add_argument("--deposits", type=int, default=50_000)
    parser.add_argument("--witness-seconds", type=float, default=60.0)
    parser.add_argument("--chain-only", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="yunting-bench-ledger-")
    os.environ["YUNTING_VAR_DIR"] = tmp  # SQLite file and signing keys both go here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunting.settings")
    # as served: with DEBUG on, Django keeps and formats every query's SQL; DEBUG=1 on the
    # command line measures that too (as bench/batch.py)
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from yunting.ledger import audit, merkle, services, store
    from yunting.ledger.events import EventType, register
    from yunting.ledger.models import LogHead, SignedTreeHead

    @register
    class BenchEvent(EventType):
        TICK = "bench.tick", "Benchmark event"

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    if LogHead.objects.get(pk=1).size:
        sys.exit("The ledger is not empty: give a throwaway database.")

    def payload(i: int) -> dict:
        return {"case_number": f"(2026)沪0105民初{i}号", "step": "served", "n": i}

    if args.chain_only:
        chain(args, tmp)
        return

    # 1. one by one: one record per transaction, each commit signing a head
    started = time.perf_counter()
    for i in range(args.single):
        with transaction.atomic():
            services.record(BenchEvent.TICK, payload=payload(i), documents=[str(i).encode()])
    elapsed = time.perf_counter() - started
    print(f"appends one by one (own transaction, signed on commit): {args.single / elapsed:,.0f}/s")
    print(f"  signed heads issued: {SignedTreeHead.objects.count():,}")

    # 2. batches of 1,000 (one transaction and one signed head per batch)
    def batch(n: int, start: int) -> None:
        with transaction.atomic():
            services.record_many(
                [
                    services.Record(BenchEvent.TICK, payload(start + k), documents=[b"%d" % k])
                    for k in range(n)
                ]
            )

    done = args.single
    started = time.perf_counter()
    for _ in range(20):
        batch(1000, done)
        done += 1000
    elapsed = time.perf_counter() - started
    print(f"appends in batches of 1,000: {20_000 / elapsed:,.0f}/s")

    chain(args, tmp)

    # 3. grow to the target size through the same append code (batches of 10,000)
    started = time.perf_counter()
    while done < args.entries:
        n = min(10_000, args.entries - done)
        batch(n, done)
        done += n
    elapsed = time.perf_counter() - started
    print(f"built {done:,} entries (batches of 10,000) in {elapsed:.1f} s")
    sth = services.sign_tree_head()
    size = sth.tree_size

    # 4. proofs at full size, from stored nodes
    rng = random.Random(6962)
    times = []
    for _ in range(300):
        index = rng.randrange(size)
        t = time.perf_counter()
        (proof,) = store.inclusion_proofs([index], size)
        times.append(time.perf_counter() - t)
    print(
        f"inclusion proof at {size:,} entries: median {statistics.median(times) * 1e3:.2f} ms, "
        f"p95 {sorted(times)[int(len(times) * 0.95)] * 1e3:.2f} ms ({len(proof)} hashes)"
    )
    root = bytes.fromhex(sth.root_hash)
    times = []
    for _ in range(300):
        old = rng.randrange(1, size)
        t = time.perf_counter()
        proof = store.consistency_proof(old, size)
        times.append(time.perf_counter() - t)
    ok = merkle.verify_consistency(old, size, store.root_at(old), root, proof)
    print(
        f"consistency proof to {size:,}: median {statistics.median(times) * 1e3:.2f} ms, "
        f"p95 {sorted(times)[int(len(times) * 0.95)] * 1e3:.2f} ms (verifies: {ok})"
    )

    # 5. full verification
    report = audit.verify_ledger()
    print(
        f"full verification of {report.entries:,} entries, {report.nodes:,} nodes, "
        f"{report.signed_heads:,} signed heads: {report.seconds:.1f} s (ok: {report.ok})"
    )
    if args.keep:
        print(f"scratch directory kept: {tmp}")
    else:
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


def chain(args, tmp: str) -> None:
    """Deposits per second through the batch API, and witnessed heads per minute."""
    import hashlib
    import json
    import subprocess
    import threading
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application
    from django.db import transaction
    from django.test import Client

    from yunting.accounts.models import User
    from yunting.demo.people import seed_demo
    from yunting.institutions.keys import key_create
    from yunting.ledger import services, witnessing
    from yunting.ledger.events import LedgerEvent
    from yunting.ledger.models import Cosignature, SignedTreeHead

    seed_demo()
    bank = User.objects.get(phone="13900000004")
    _key, secret = key_create(
        user=bank, name="bench", scopes=["deposit"], rate_per_minute=1_000_000
    )
    client = Client(HTTP_AUTHORIZATION=f"Key {secret}")
    batch = 1000
    bodies = []
    for b in range(args.deposits // batch):
        items = [
            {
                "sha256": hashlib.sha256(b"record %d" % (b * batch + k)).hexdigest(),
                "kind": "contract",
                "reference": f"HT-{b * batch + k:08d}",
                "time": "2026-12-01T09:00:00+08:00",
            }
            for k in range(batch)
        ]
        bodies.append(json.dumps({"deposits": items}))
    started = time.perf_counter()
    for body in bodies:
        r = client.post("/api/v1/institution/deposits/batch", body, content_type="application/json")
        if r.status_code != 201:
            sys.exit(f"batch deposit failed: {r.status_code} {r.content[:300]!r}")
    elapsed = time.perf_counter() - started
    n = len(bodies) * batch
    print(
        f"deposits through the batch API (1,000 a request, receipts with proofs): "
        f"{n / elapsed:,.0f}/s ({n:,} in {elapsed:.1f} s)"
    )

    # witnessed heads per minute: a WSGI server, three witness processes, a growing log
    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *a):
            pass

    httpd = make_server(
        "127.0.0.1", 8160, get_wsgi_application(), server_class=Server, handler_class=Quiet
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:8160"
    yunting = str(Path(sys.executable).parent / "yunting")
    env = {**os.environ, "YUNTING_VAR_DIR": str(Path(tmp) / "witnesses")}
    procs = []
    for w in range(3):
        d = Path(tmp) / f"w{w}"
        out = subprocess.run(
            [
                yunting,
                "witness",
                "init",
                "--dir",
                str(d),
                "--name",
                f"bench-{w}.example/w",
                "--log-key",
                witnessing.log_vkey(),
                "--log",
                url,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        witnessing.witness_add(name="", vkey=json.loads(out)["vkey"])
        procs.append(
            subprocess.Popen(
                [yunting, "witness", "run", "--dir", str(d), "--every", "0.5"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    first = SignedTreeHead.objects.order_by("-tree_size").first().tree_size
    time.sleep(5)  # the witnesses start (Django set-up) and cosign the current head
    start_size = services.sign_tree_head().tree_size
    deadline = time.monotonic() + args.witness_seconds
    started = time.perf_counter()
    while time.monotonic() < deadline:
        with transaction.atomic():
            services.record(LedgerEvent.EXPORTED, payload={"tree_size": 0})
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    time.sleep(3)  # the last round of cosignatures
    for p in procs:
        p.terminate()
        p.wait(timeout=30)
    httpd.shutdown()
    from django.db.models import Count

    sizes = (
        Cosignature.objects.filter(tree_size__gt=start_size)
        .values("tree_size")
        .annotate(n=Count("id"))
    )
    heads = SignedTreeHead.objects.filter(tree_size__gt=start_size).count()
    quorum = sum(1 for row in sizes if row["n"] >= witnessing.quorum())
    all3 = sum(1 for row in sizes if row["n"] >= 3)
    print(
        f"witnessed heads with three witnesses (polling every 0.5 s, quorum "
        f"{witnessing.quorum()}): {quorum / elapsed * 60:,.0f}/min "
        f"({all3 / elapsed * 60:,.0f}/min by all three; {heads / elapsed * 60:,.0f} heads/min "
        f"signed; head {first:,} at start)"
    )


if __name__ == "__main__":
    main()
