"""Documents rendered, sealed, signed, stored and recorded per second, for a batch of cases.

Standalone: a throwaway SQLite database and key folder in a temporary directory, the demo
court and people, then N cases accepted and one batch of acceptance notices run through
``documents.services.batch_run`` — the same code the background task runs.

    .venv/bin/python bench/documents.py [--cases 200] [--workers 2]

Aim (issue 5): 1,000 sealed documents in under two minutes on a 2-core machine.
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
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--template", default="acceptance_notice")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="yunting-bench-docs-")
    os.environ["YUNTING_VAR_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "yunting.settings"
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from yunting.accounts.models import User
    from yunting.cases.services import AgentData, ClaimData, PartyData, case_create
    from yunting.courts.models import Court
    from yunting.demo.people import seed_demo
    from yunting.documents.models import IssuedDocument
    from yunting.documents.services import batch_create, batch_run

    call_command("migrate", verbosity=0)
    seed_demo()
    court = Court.objects.get(code="沪0105")
    clerk = User.objects.get(phone="13900000015")
    from decimal import Decimal

    t0 = time.perf_counter()
    case_ids = []
    for i in range(args.cases):
        with transaction.atomic():
            case = case_create(
                court=court,
                type_code="民初",
                cause_name="金融借款合同纠纷",
                actor=clerk,
                parties=[
                    PartyData(
                        role="plaintiff",
                        kind="organisation",
                        name="示范银行股份有限公司",
                        address="上海市浦东新区陆家嘴环路1号",
                        representative="李行长",
                        agents=[AgentData(name="王律师", law_firm="上海示范律师事务所")],
                    ),
                    PartyData(
                        role="defendant",
                        kind="person",
                        name=f"被告{i:04d}",
                        id_type="citizen",
                        id_number="310105198503122015",
                        address=f"上海市长宁区天山路{i + 1}号",
                    ),
                ],
                claims=[ClaimData(text="判令被告归还借款本金及利息", amount=Decimal(10000 + i))],
            )
        case_ids.append(case.id)
    print(f"setup: {args.cases} cases in {time.perf_counter() - t0:.1f} s")

    with transaction.atomic():
        batch = batch_create(
            actor=clerk, court=court, template_code=args.template, case_ids=case_ids
        )
    start = time.perf_counter()
    batch = batch_run(batch_id=batch.id, workers=args.workers)
    elapsed = time.perf_counter() - start
    rate = batch.succeeded / elapsed
    sizes = list(IssuedDocument.objects.values_list("size", flat=True))
    print(f"documents: {batch.succeeded} issued, {batch.failed} failed, workers={args.workers}")
    print(f"time: {elapsed:.1f} s  →  {rate:.1f} documents rendered+sealed+signed+recorded per s")
    print(f"average PDF size: {sum(sizes) / len(sizes) / 1024:.0f} KiB")
    print(f"projected 1,000 documents: {1000 / rate:.0f} s (aim: < 120 s)")
    print(f"(throwaway data in {tmp})")


if __name__ == "__main__":  # required: the batch's worker processes are spawned
    main()
