"""Webhooks driven off the ledger: signed deliveries with retries and a log, a failing or slow
endpoint never holding up another; the pull feed serves the same events."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from rest_framework.test import APIClient

from tests.institutions.helpers import filing_doc
from tests.institutions.receiver import Receiver
from yunting.filing.models import Filing
from yunting.filing.services import filing_refuse
from yunting.institutions import webhooks
from yunting.institutions.errors import InstitutionError
from yunting.institutions.models import Delivery

HOOKS = "/api/v1/institution/webhooks"


@pytest.fixture
def receivers():
    made: list[Receiver] = []

    def make(**kw) -> Receiver:
        made.append(Receiver(**kw))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _register(session, receiver, events) -> dict:
    answer = session.post(HOOKS, {"url": receiver.url, "events": events}, format="json")
    assert answer.status_code == 201, answer.json()
    receiver.secret = answer.json()["secret"]
    return answer.json()


def test_signature_checks():
    body = b'{"a":1}'
    header = webhooks.sign("s3cret", body)
    webhooks.verify("s3cret", body, header)
    with pytest.raises(InstitutionError) as forged:
        webhooks.verify("s3cret", b'{"a":2}', header)
    assert forged.value.code == "bad_signature"
    with pytest.raises(InstitutionError):
        webhooks.verify("s3cret", body, "")
    old = webhooks.sign("s3cret", body, int(time.time()) - 3600)
    with pytest.raises(InstitutionError) as stale:
        webhooks.verify("s3cret", body, old)
    assert stale.value.code == "stale_signature"


@pytest.mark.django_db(transaction=True)
def test_deliveries_signed_retried_and_isolated(
    bank, bank_key, key_client, complaint, demo, receivers, run_worker, monkeypatch
):
    monkeypatch.setattr(webhooks, "TIMEOUT", 0.5)
    good = receivers()
    broken = receivers(answer=500)
    slow = receivers(delay=2.0)
    session = APIClient()
    session.force_login(bank)
    hooks = {
        "good": _register(session, good, ["filing.refused", "filing.accepted"]),
        "broken": _register(session, broken, ["filing.refused"]),
        "slow": _register(session, slow, ["filing.refused"]),
    }
    _register(session, receivers(), ["fee.assessed"])  # chose other events: receives nothing
    made = key_client(bank_key[1]).post(
        "/api/v1/institution/filings", filing_doc(5, complaint=complaint), format="json"
    )
    assert made.status_code == 201, made.json()
    filing = Filing.objects.get(pk=made.json()["id"])
    filing_refuse(filing=filing, officer=demo["filing_officer"], reason="不属于本院管辖")
    run_worker()

    assert len(good.received) == 1 and good.received[0]["valid"]
    event = json.loads(good.received[0]["body"])
    assert event["event"] == "filing.refused"
    assert event["data"]["filing"] == str(filing.id) and event["data"]["reason"] == "不属于本院管辖"
    assert good.received[0]["headers"]["X-Yunting-Event"] == "filing.refused"
    assert Delivery.objects.get(endpoint_id=hooks["good"]["id"]).status == "delivered"
    for name in ("broken", "slow"):
        d = Delivery.objects.get(endpoint_id=hooks[name]["id"])
        assert (d.status, d.attempts) == ("pending", 1)
        assert d.next_attempt_at > d.created_at
    assert Delivery.objects.get(endpoint_id=hooks["broken"]["id"]).log[0]["status"] == 500
    assert Delivery.objects.get(endpoint_id=hooks["slow"]["id"]).log[0]["status"] == 0

    # Retried with backoff until given up; the endpoint is then marked failing.
    waits = []
    for _ in webhooks.RETRY_DELAYS:
        d = Delivery.objects.get(endpoint_id=hooks["broken"]["id"])
        last = dt.datetime.fromisoformat(d.log[-1]["time"].replace("Z", "+00:00"))
        waits.append(round((d.next_attempt_at - last).total_seconds()))
        webhooks.deliver_due(now=d.next_attempt_at + dt.timedelta(days=1))
        run_worker()
    assert waits == list(webhooks.RETRY_DELAYS)
    broken_delivery = Delivery.objects.get(endpoint_id=hooks["broken"]["id"])
    assert broken_delivery.status == "failed"
    assert broken_delivery.attempts == len(webhooks.RETRY_DELAYS) + 1
    assert len(broken.received) == broken_delivery.attempts and all(
        r["valid"] for r in broken.received
    )
    log = session.get(f"{HOOKS}/{hooks['broken']['id']}/deliveries").json()
    assert [a["status"] for a in log[0]["log"]] == [500] * broken_delivery.attempts
    assert session.get(HOOKS).json()[1]["failing_since"] is not None
    assert len(good.received) == 1  # delivered once, never again


@pytest.mark.django_db(transaction=True)
def test_pull_endpoint_serves_the_same_events(bank, bank_key, key_client, complaint, demo):
    client = key_client(bank_key[1])
    ids = []
    for n in (1, 2):
        made = client.post(
            "/api/v1/institution/filings", filing_doc(n, complaint=complaint), format="json"
        )
        ids.append(made.json()["id"])
    for filing_id in ids:
        filing_refuse(
            filing=Filing.objects.get(pk=filing_id),
            officer=demo["filing_officer"],
            reason="材料不全",
        )
    feed = client.get("/api/v1/events?after=0").json()
    assert [(e["event"], e["data"]["filing"]) for e in feed] == [("filing.refused", i) for i in ids]
    assert client.get(f"/api/v1/events?after={feed[0]['id']}").json() == feed[1:]
    assert client.get(f"/api/v1/events?after={feed[1]['id']}").json() == []
    bad = client.get("/api/v1/events?after=x")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_after"
    other = APIClient()
    other.force_login(demo["litigant"])
    assert other.get("/api/v1/events?after=0").json() == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_sent_again_through_the_api(bank, demo, receivers, run_worker):
    from django.utils import timezone

    from yunting.institutions.models import DeliveryStatus, OutEvent

    receiver = receivers()
    session = APIClient()
    session.force_login(bank)
    hook = _register(session, receiver, ["filing.refused"])
    other = _register(session, receivers(), ["filing.refused"])
    event = OutEvent.objects.create(
        owner=bank, event="filing.refused", entry_seq=-1, time=timezone.now(), data={"n": 1}
    )
    attempts = len(webhooks.RETRY_DELAYS) + 1
    failed = Delivery.objects.create(
        endpoint_id=hook["id"],
        event=event,
        status=DeliveryStatus.FAILED,
        attempts=attempts,
        next_attempt_at=timezone.now(),
        log=[{"status": 500, "time": "2026-12-01T00:00:00Z"}] * attempts,
    )
    url = f"{HOOKS}/{hook['id']}/deliveries/{failed.id}/redeliver"

    # another endpoint's path, an unknown id, another institution: not found
    assert (
        session.post(f"{HOOKS}/{other['id']}/deliveries/{failed.id}/redeliver").status_code == 404
    )
    assert session.post(f"{HOOKS}/{hook['id']}/deliveries/nope/redeliver").status_code == 404
    stranger = APIClient()
    stranger.force_login(demo["lawyer"])
    assert stranger.post(url).status_code in (403, 404)
    assert Delivery.objects.get(pk=failed.pk).status == DeliveryStatus.FAILED

    answer = session.post(url)
    assert answer.status_code == 202, answer.json()
    assert answer.json()["status"] == "pending" and answer.json()["attempts"] == 0
    run_worker()

    delivered = Delivery.objects.get(pk=failed.pk)
    assert delivered.status == "delivered"
    assert len(receiver.received) == 1 and receiver.received[0]["valid"]
    assert json.loads(receiver.received[0]["body"])["data"] == {"n": 1}
    assert [a["status"] for a in delivered.log] == [500] * attempts + [200]  # log kept
