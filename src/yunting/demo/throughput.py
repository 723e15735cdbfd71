"""Demo data for batch acceptance (issue 13): a handful of complaints submitted together, as
a prison or a bank sends them, waiting in the filing officer's review queue to be accepted at
once (立案审查 → 受理所选立案申请), and two more the filing officer has already set going as a
batch (its progress page; the worker accepts them). Acceptance notices are made by the worker."""

from __future__ import annotations

from django.db import transaction

from yunting.accounts.models import User
from yunting.courts.models import Court
from yunting.filing import services
from yunting.filing.batch import acceptance_batch_create
from yunting.filing.demo import build_demo_filing
from yunting.filing.models import Filing

BATCH_DEFENDANTS = ("吴某", "郑某", "冯某", "陈某")
STARTED_DEFENDANTS = ("褚某", "卫某")


@transaction.atomic
def seed_demo_batch() -> int:
    """Submit the batch once; returns how many filings were created (0 when already there)."""
    if Filing.objects.filter(parties__name=BATCH_DEFENDANTS[0]).exists():
        return 0
    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    started = []
    for n, defendant in enumerate(BATCH_DEFENDANTS + STARTED_DEFENDANTS):
        filing = build_demo_filing(
            user=lawyer, court=court, defendant=defendant, amount=str(20000 + n * 5000), lawyer=True
        )
        services.filing_submit(filing=filing, user=lawyer)
        if defendant in STARTED_DEFENDANTS:
            started.append(filing.id)
    officer = User.objects.get(phone="13900000011")
    acceptance_batch_create(officer=officer, filing_ids=started, procedure="summary")
    return len(BATCH_DEFENDANTS) + len(STARTED_DEFENDANTS)
