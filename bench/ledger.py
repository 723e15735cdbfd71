"""Ledger benchmark: append rates, proof times and full verification at a million entries.

    .venv/bin/python bench/ledger.py                  # throwaway SQLite under a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/ledger.py   # a THROWAWAY database:
                                                      # the ledger cannot be emptied again

Options: --entries N (default 1,000,000), --single N (one-by-one appends, default 2,000).
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
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="yunting-bench-ledger-")
    os.environ["YUNTING_VAR_DIR"] = tmp  # SQLite file and signing keys both go here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunting.settings")
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


if __name__ == "__main__":
    main()
