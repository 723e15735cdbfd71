"""Filing throughput: acceptance in two phases, and the lawyer's case list.

Prints (1) filings accepted per second, phase one — case number, fee orders, assignment,
e-file, ledger entries and the notices *requested* (tasks enqueued on commit), each acceptance
its own transaction, exactly as the review page calls it; (2) documents per second issued by
N real task workers (`yunting worker --batch`, separate processes) for those acceptances —
phase two, rendered, sealed, signed, stored and recorded; (3) the p50/p95 of the case list
page for a lawyer with 5,000 cases.

    .venv/bin/python bench/filing.py [--filings 200] [--workers 2] [--cases 5000]

Uses a throwaway SQLite database under a temporary directory unless DATABASE_URL is set (then
that database: give it a scratch one, it is migrated and filled). REDIS_URL set: tasks go
through RQ, else through the database queue. Prints figures; asserts no time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    os.environ.setdefault("YUNTING_VAR_DIR", tempfile.mkdtemp(prefix="yt-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunting.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yunting.demo.people import seed_demo

    seed_demo()


def load() -> str:
    import subprocess as sp

    try:
        return sp.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "uptime unavailable"


def bench_accept(n: int) -> tuple[float, int]:
    from tests.filing.factories import complete_filing
    from yunting.accounts.models import User
    from yunting.courts.models import Court
    from yunting.filing import services

    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    officer = User.objects.get(phone="13900000011")
    t0 = time.perf_counter()
    filings = []
    for _ in range(n + 1):
        filing = complete_filing(user=lawyer, court=court, as_lawyer=True)
        filings.append(services.filing_submit(filing=filing, user=lawyer))
    print(f"  setup: {n + 1} submitted filings in {time.perf_counter() - t0:.1f} s")
    services.filing_accept(filing=filings.pop(), officer=officer)  # warm-up: first queries
    start = time.perf_counter()
    for filing in filings:
        services.filing_accept(filing=filing, officer=officer)
    elapsed = time.perf_counter() - start
    return len(filings) / elapsed, len(filings)


def bench_documents(workers: int) -> tuple[float, int, int, float]:
    """Real worker processes drain the queue the acceptances filled."""
    from django.db import connection

    from yunting.documents.models import DocumentRequest, DocumentRequestStatus, IssuedDocument

    pending = DocumentRequest.objects.filter(status=DocumentRequestStatus.PENDING)
    total = pending.count()
    connection.close()
    env = dict(os.environ)
    start = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, "-m", "yunting.cli", "worker", "--batch"], env=env)
        for _ in range(workers)
    ]
    try:
        for p in procs:
            p.wait(timeout=3600)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    elapsed = time.perf_counter() - start
    done = DocumentRequest.objects.filter(status=DocumentRequestStatus.DONE).count()
    failed = DocumentRequest.objects.filter(status=DocumentRequestStatus.FAILED).count()
    sizes = list(
        IssuedDocument.objects.filter(template_code="acceptance_notice").values_list(
            "size", flat=True
        )
    )
    average = sum(sizes) / len(sizes) / 1024 if sizes else 0.0
    print(f"  {total} requests: {done} issued, {failed} failed, in {elapsed:.1f} s")
    return done / elapsed if elapsed else 0.0, done, failed, average


def bench_case_list(cases: int, requests: int) -> tuple[float, float, int]:
    from django.test import Client

    from tests.cases.factories import make_case
    from yunting.accounts.models import User
    from yunting.courts.models import Court

    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    existing = lawyer.agencies.count()
    for _ in range(max(0, cases - existing)):
        make_case(court=court, lawyer=lawyer)
    client = Client()
    client.force_login(lawyer)
    timings = []
    for i in range(requests):
        page = 1 + (i % 5)
        start = time.perf_counter()
        response = client.get("/cases/", {"page": page})
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    return statistics.median(timings) * 1000, p95 * 1000, lawyer.agencies.count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filings", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection

    print(f"database: {connection.vendor}; tasks: {settings.TASKS['default']['BACKEND']}")
    print(f"load before: {load()}")
    rate, n = bench_accept(args.filings)
    print(f"phase one — filings accepted: {rate:.1f}/s ({n} timed)   [{load()}]")
    docs_rate, done, failed, size = bench_documents(args.workers)
    print(
        f"phase two — documents issued by {args.workers} workers: {docs_rate:.2f}/s "
        f"({done} issued, {failed} failed; acceptance notice average {size:.0f} KiB)   "
        f"[{load()}]"
    )
    if args.cases:
        p50, p95, count = bench_case_list(args.cases, args.requests)
        print(
            f"case list page (test client), lawyer with {count} cases: p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms   [{load()}]"
        )


if __name__ == "__main__":
    main()
