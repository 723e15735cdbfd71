"""Webhook retries happen by themselves: a real ``yunting worker`` process (its periodic
runner calling ``webhooks.deliver_due``) retries a delivery that a real local receiver first
answered with 500, after the backoff, with nobody calling anything; a retry queued twice is
still one POST."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection

from tests.institutions.helpers import filing_doc
from tests.institutions.receiver import Receiver
from yunting.core.periodic import JOBS
from yunting.filing.models import Filing
from yunting.filing.services import filing_refuse
from yunting.institutions import webhooks
from yunting.institutions.models import Delivery

DELAYS = "2,3"


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(predicate, *, limit: float = 120, step: float = 0.25) -> bool:
    """Poll (a generous limit for a loaded machine; not a timing assertion)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def test_deliver_due_is_a_periodic_job_of_the_worker():
    job = JOBS["yunting.institutions.webhooks.deliver_due"]
    assert job.func is webhooks.deliver_due
    assert job.setting == "YUNTING_WEBHOOK_SWEEP_SECONDS"


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_retries_a_failed_delivery_by_itself(bank, bank_key, complaint, demo):
    from rest_framework.test import APIClient

    receiver = Receiver(answers=[500])  # the first attempt fails, the retry succeeds
    worker = None
    try:
        session = APIClient()
        session.force_login(bank)
        made = session.post(
            "/api/v1/institution/webhooks",
            {"url": receiver.url, "events": ["filing.refused"]},
            format="json",
        )
        receiver.secret = made.json()["secret"]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Key {bank_key[1]}")
        filed = client.post(
            "/api/v1/institution/filings", filing_doc(7, complaint=complaint), format="json"
        )
        filing = Filing.objects.get(pk=filed.json()["id"])
        filing_refuse(filing=filing, officer=demo["filing_officer"], reason="材料不全")

        env = dict(os.environ)
        env.update(
            YUNTING_TESTING="1",
            DATABASE_URL=_database_url(),
            YUNTING_WEBHOOK_RETRY_DELAYS=DELAYS,
            YUNTING_WEBHOOK_SWEEP_SECONDS="0.5",
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "yunting.cli", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

        def delivered() -> bool:
            return Delivery.objects.filter(status="delivered").exists()

        assert _wait_for(delivered), worker.stderr.read1().decode() if worker.poll() else ""
        delivery = Delivery.objects.get()
        assert delivery.attempts == 2
        assert [a["status"] for a in delivery.log] == [500, 200]
        assert len(receiver.received) == 2 and all(r["valid"] for r in receiver.received)
        assert receiver.received[0]["body"] == receiver.received[1]["body"]
        first, second = (
            dt.datetime.fromisoformat(a["time"].replace("Z", "+00:00")) for a in delivery.log
        )
        assert second - first >= dt.timedelta(seconds=int(DELAYS.split(",")[0]))
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        receiver.close()


@pytest.mark.django_db(transaction=True)
def test_a_retry_queued_twice_is_one_post(bank, bank_key, complaint, demo, run_worker):
    from rest_framework.test import APIClient

    receiver = Receiver(answers=[500])
    try:
        session = APIClient()
        session.force_login(bank)
        made = session.post(
            "/api/v1/institution/webhooks",
            {"url": receiver.url, "events": ["filing.refused"]},
            format="json",
        )
        receiver.secret = made.json()["secret"]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Key {bank_key[1]}")
        filed = client.post(
            "/api/v1/institution/filings", filing_doc(8, complaint=complaint), format="json"
        )
        filing_refuse(
            filing=Filing.objects.get(pk=filed.json()["id"]),
            officer=demo["filing_officer"],
            reason="材料不全",
        )
        run_worker()
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        later = delivery.next_attempt_at + dt.timedelta(seconds=1)
        assert webhooks.deliver_due(now=later) == 1
        assert webhooks.deliver_due(now=later) == 1  # two workers' sweeps: queued twice
        run_worker()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("delivered", 2)
        assert len(receiver.received) == 2
    finally:
        receiver.close()
