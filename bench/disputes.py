"""Disputes registered for mediation per second through ``POST /api/v1/institution/disputes``
(100 a request, 1 in 20 bad), and the time to read a page of the list.

Standalone: a throwaway SQLite database in a temporary directory (or ``DATABASE_URL`` with
``--keep-db-url``), the demo courts, people and mediation network, an institution key; the
requests go through the real API in process (authentication, scopes, throttle, idempotency).

    .venv/bin/python bench/disputes.py [--requests 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--keep-db-url", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="yunting-bench-disputes-")
    os.environ["YUNTING_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "yunting.settings"
    os.environ["YUNTING_TASKS"] = "db"
    os.environ.setdefault("DEBUG", "0")
    if not args.keep_db_url:
        os.environ.pop("DATABASE_URL", None)
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "src"))
    sys.path.insert(0, str(root))

    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from tests.institutions.test_disputes import item
    from yunting.accounts.models import User
    from yunting.demo.people import DEMO_PASSWORD, seed_demo
    from yunting.institutions.keys import key_create
    from yunting.mediation.demo import mediation_network_ensure

    call_command("migrate", verbosity=0)
    seed_demo()
    mediation_network_ensure(DEMO_PASSWORD)
    bank = User.objects.get(phone="13900000004")
    secret = key_create(user=bank, name="bench", scopes=["read", "file"], rate_per_minute=10_000)[1]
    client = APIClient(SERVER_NAME="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Key {secret}")

    created = rejected = 0
    t0 = time.perf_counter()
    for r in range(args.requests):
        items = [item(r * 100 + n) for n in range(100)]
        for n in range(0, 100, 20):
            items[n]["court"] = "火9999"
        answer = client.post("/api/v1/institution/disputes", {"disputes": items}, format="json")
        assert answer.status_code == 201, answer.content[:500]
        created += answer.json()["created"]
        rejected += answer.json()["rejected"]
    seconds = time.perf_counter() - t0
    print(
        f"register: {args.requests} requests of 100 ({created} created, {rejected} rejected) in "
        f"{seconds:.1f} s: {(created + rejected) / seconds:,.0f} items/s, "
        f"{seconds / args.requests:.2f} s a request"
    )
    t0 = time.perf_counter()
    page = client.get("/api/v1/institution/disputes", {"updated_since": "2000-01-01"})
    seconds = time.perf_counter() - t0
    assert page.status_code == 200
    print(
        f"list: first page of {page.json()['count']} disputes (with updated_since) in "
        f"{seconds * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
