"""Mediation statistics over many disputes: time and SQL statements of ``mediation_figures``.

Standalone: a throwaway SQLite database (or ``--database-url``), the demo court and network,
N disputes bulk-inserted over the last 24 months in every status (they are rows to count, not
mediations: no ledger, no parties). Then the coordinator's figures by month, quarter, year,
organisation, mediator and cause, each timed (best of 3) with its statement count, which stays
the same whatever N is (grouped SQL, no loop over disputes).

    .venv/bin/python bench/mediation_stats.py [--disputes 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disputes", type=int, default=20000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    os.environ["YUNTING_VAR_DIR"] = tempfile.mkdtemp(prefix="yunting-bench-mstats-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "yunting.settings"
    os.environ.pop("REDIS_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yunting.accounts.models import User
    from yunting.courts.models import Court
    from yunting.demo.people import DEMO_PASSWORD, seed_demo
    from yunting.mediation.demo import mediation_network_ensure
    from yunting.mediation.models import Dispute, DisputeStatus
    from yunting.mediation.statistics import GROUPS, mediation_figures, share_shown

    call_command("migrate", verbosity=0)
    seed_demo()
    mediators = mediation_network_ensure(DEMO_PASSWORD)
    court = Court.objects.get(code="沪0105")
    coordinator = User.objects.get(phone="13900000017")
    today = dt.date.today()
    rng = random.Random(19)
    statuses = list(DisputeStatus.values)
    causes = [
        "民间借贷纠纷",
        "相邻关系纠纷",
        "机动车交通事故责任纠纷",
        "劳动争议",
        "金融借款合同纠纷",
    ]
    t0 = time.perf_counter()
    rows = []
    for i in range(args.disputes):
        day = today - dt.timedelta(days=rng.randrange(730))
        status = rng.choice(statuses)
        rows.append(
            Dispute(
                number=f"bench-{i}",
                court=court,
                origin="person",
                registered_by=coordinator,
                cause_name=rng.choice(causes),
                speciality="lending",
                claim="-",
                facts="-",
                status=status,
                received_on=day,
                joint_choice_due=day,
                designation_due=day,
                mediator=None if status == DisputeStatus.RECEIVED else rng.choice(mediators),
            )
        )
    Dispute.objects.bulk_create(rows, batch_size=2000)
    print(f"{args.disputes} disputes inserted in {time.perf_counter() - t0:.1f} s")
    start = today.replace(day=1) - dt.timedelta(days=700)
    for by in GROUPS:
        best, statements = float("inf"), 0
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                found, total = mediation_figures(user=coordinator, start=start, end=today, by=by)
                best = min(best, time.perf_counter() - t)
            statements = len(queries)
        print(
            f"by {by:<12} {len(found):>3} rows  {best * 1000:7.1f} ms  {statements} statements"
            f"  (received {total.received}, 诉前化解率 {share_shown(total.resolved_share)})"
        )


if __name__ == "__main__":
    main()
