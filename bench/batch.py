"""Batch filing rows checked and queued per second, and webhook deliveries per second to a
local receiver.

Standalone: a throwaway SQLite database in a temporary directory (or ``DATABASE_URL`` if you
set ``--keep-db-url``), the demo courts and people, one complaint uploaded first, then a
JSON Lines batch of N filings (1 % bad) run through ``institutions.batch.batch_process`` — the
code the background task runs — and N webhook deliveries POSTed, signed, to a receiver on
loopback through ``institutions.webhooks.deliver``.

    .venv/bin/python bench/batch.py [--rows 10000] [--deliveries 500]

Aim (issue 21): at least 1,000 rows validated and queued per second.
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
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--deliveries", type=int, default=500)
    parser.add_argument("--keep-db-url", action="store_true")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="yunting-bench-batch-")
    os.environ["YUNTING_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "yunting.settings"
    os.environ["YUNTING_TASKS"] = "db"
    # as served: with DEBUG on, Django keeps and formats every query's SQL (a third of the
    # inserts' time); DEBUG=1 on the command line measures that too
    os.environ.setdefault("DEBUG", "0")
    if not args.keep_db_url:
        os.environ.pop("DATABASE_URL", None)
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "src"))
    sys.path.insert(0, str(root))

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from tests.filing.factories import pdf_bytes
    from tests.institutions.helpers import batch_lines
    from tests.institutions.receiver import Receiver
    from yunting.accounts.models import User
    from yunting.demo.people import seed_demo
    from yunting.institutions import webhooks
    from yunting.institutions.batch import batch_process, batch_receive, file_upload
    from yunting.institutions.models import Delivery, OutEvent

    call_command("migrate", verbosity=0)
    seed_demo()
    bank = User.objects.get(phone="13900000004")
    complaint = file_upload(user=bank, name="c.pdf", data=pdf_bytes("起诉状")).sha256
    data, bad = batch_lines(args.rows, complaint=complaint)
    batch, _created = batch_receive(user=bank, name="bench.jsonl", data=data)
    t0, c0 = time.perf_counter(), time.process_time()
    batch = batch_process(batch=batch)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"batch: {batch.total} rows ({len(bad)} bad) checked, {batch.created_count} filings "
        f"queued for review in {seconds:.1f} s: {batch.total / seconds:,.0f} rows/s "
        f"({batch.total / cpu:,.0f} rows per CPU second of this process)"
    )

    receiver = Receiver()
    endpoint = webhooks.endpoint_create(
        user=bank, url=receiver.url, events_chosen=["filing.refused"]
    )
    receiver.secret = endpoint.secret
    now = timezone.now()
    events = OutEvent.objects.bulk_create(
        [
            OutEvent(owner=bank, event="filing.refused", entry_seq=-n, time=now, data={"n": n})
            for n in range(1, args.deliveries + 1)
        ]
    )
    deliveries = Delivery.objects.bulk_create(
        [Delivery(endpoint=endpoint, event=e, next_attempt_at=now) for e in events]
    )
    t0 = time.perf_counter()
    for d in Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).select_related(
        "endpoint", "event"
    ):
        webhooks.deliver(d)
    seconds = time.perf_counter() - t0
    valid = sum(r["valid"] for r in receiver.received)
    print(
        f"webhooks: {len(deliveries)} signed deliveries ({valid} verified by the receiver) in "
        f"{seconds:.1f} s: {len(deliveries) / seconds:,.0f} deliveries/s (one worker)"
    )
    receiver.close()


if __name__ == "__main__":
    main()
