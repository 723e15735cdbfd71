"""Filing throughput and case-list latency.

Prints (1) filings accepted per second end to end — number allocation, fee, assignment,
acceptance and payment notices rendered, sealed and signed, ledger entries — and (2) the
p50/p95 time of the case list page for a lawyer with 5,000 cases.

    .venv/bin/python bench/filing.py [--filings 50] [--cases 5000] [--requests 60]

Uses a throwaway SQLite database under a temporary directory unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup() -> None:
    os.environ.setdefault("YUNTING_VAR_DIR", tempfile.mkdtemp(prefix="yt-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunting.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yunting.core.demo import seed_demo

    seed_demo()


def bench_accept(n: int) -> float:
    from tests.filing.factories import complete_filing
    from yunting.accounts.models import User
    from yunting.courts.models import Court
    from yunting.filing import services

    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    officer = User.objects.get(phone="13900000011")
    filings = []
    for _ in range(n):
        filing = complete_filing(user=lawyer, court=court, as_lawyer=True)
        filings.append(services.filing_submit(filing=filing, user=lawyer))
    # warm-up: fonts, templates and keys load on first use
    services.filing_accept(filing=filings.pop(), officer=officer)
    start = time.perf_counter()
    for filing in filings:
        services.filing_accept(filing=filing, officer=officer)
    elapsed = time.perf_counter() - start
    return len(filings) / elapsed


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
    parser.add_argument("--filings", type=int, default=50)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    setup()
    from django.db import connection

    print(f"database: {connection.vendor}")
    rate = bench_accept(args.filings)
    print(f"filings accepted end to end: {rate:.2f}/s ({args.filings - 1} timed)")
    p50, p95, count = bench_case_list(args.cases, args.requests)
    print(f"case list page, lawyer with {count} cases: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
