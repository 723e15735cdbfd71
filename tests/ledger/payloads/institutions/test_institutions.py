"""Payloads of the institution API's events: keys, webhook endpoints and redelivery, batches.
No payload holds a secret."""

from __future__ import annotations

import pytest

from tests.institutions.helpers import batch_lines
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.filing.services import filing_refuse
from yunting.institutions import webhooks
from yunting.institutions.batch import batch_process, batch_receive
from yunting.institutions.events import InstitutionEvent
from yunting.institutions.keys import key_create, key_revoke, key_rotate
from yunting.institutions.models import BatchFiling, Delivery

pytestmark = pytest.mark.django_db


def _by(user) -> dict:
    return {"actor_id": user.id, "court_id": None, "case_id": None}


@covers(InstitutionEvent.KEY_CREATED, InstitutionEvent.KEY_ROTATED, InstitutionEvent.KEY_REVOKED)
def test_key_events(bank):
    with recorded() as entries:
        key, secret = key_create(user=bank, name=" core banking ", scopes=["read", "file"])
    assert_event(
        entries,
        InstitutionEvent.KEY_CREATED,
        {"key": str(key.id), "name": "core banking", "prefix": key.prefix, "scopes": key.scopes},
        **_by(bank),
    )
    assert sorted(key.scopes) == ["file", "read"]
    with recorded() as entries:
        new, new_secret = key_rotate(key=key, user=bank)
    assert_event(
        entries,
        InstitutionEvent.KEY_ROTATED,
        {"key": str(new.id), "name": "core banking", "prefix": new.prefix, "replaces": str(key.id)},
        **_by(bank),
    )
    with recorded() as entries:
        key_revoke(key=new, user=bank)
    entry = assert_event(
        entries,
        InstitutionEvent.KEY_REVOKED,
        {"key": str(new.id), "name": "core banking", "prefix": new.prefix},
        **_by(bank),
    )
    assert secret not in str(entry.payload) and new_secret not in str(entry.payload)


@covers(
    InstitutionEvent.ENDPOINT_CREATED,
    InstitutionEvent.BATCH_RECEIVED,
    InstitutionEvent.BATCH_FINISHED,
    InstitutionEvent.REDELIVERED,
    InstitutionEvent.ENDPOINT_REMOVED,
)
def test_webhook_and_batch_events(bank, complaint, demo):
    with recorded() as entries:
        endpoint = webhooks.endpoint_create(
            user=bank, url="https://bank.example/hooks", events_chosen=["filing.refused"]
        )
    entry = assert_event(
        entries,
        InstitutionEvent.ENDPOINT_CREATED,
        {
            "endpoint": str(endpoint.id),
            "url": "https://bank.example/hooks",
            "events": ["filing.refused"],
        },
        **_by(bank),
    )
    assert endpoint.secret not in str(entry.payload)

    data, bad = batch_lines(2, complaint=complaint, bad_every=2)
    assert list(bad) == [2]
    with recorded() as entries:
        batch, created = batch_receive(user=bank, name="loans.jsonl", data=data)
    assert created
    entry = assert_event(
        entries,
        InstitutionEvent.BATCH_RECEIVED,
        {"batch": str(batch.id), "name": "loans.jsonl", "sha256": batch.source_sha256},
        **_by(bank),
    )
    assert entry.document_hashes == [batch.source_sha256]
    with recorded() as entries:
        batch = batch_process(batch=batch)
    assert_event(
        entries,
        InstitutionEvent.BATCH_FINISHED,
        {"batch": str(batch.id), "total": 2, "created": 1, "rejected": 1},
        **_by(bank),
    )

    filing = BatchFiling.objects.get(batch=batch).filing
    filing_refuse(filing=filing, officer=demo["filing_officer"], reason="材料不全")
    webhooks.fan_out()
    delivery = Delivery.objects.get(endpoint=endpoint)
    with recorded() as entries:
        webhooks.delivery_redeliver(delivery=delivery, user=bank)
    assert_event(
        entries,
        InstitutionEvent.REDELIVERED,
        {
            "delivery": str(delivery.id),
            "endpoint": str(endpoint.id),
            "event": "filing.refused",
            "event_id": delivery.event_id,
        },
        **_by(bank),
    )
    endpoint_id = str(endpoint.id)  # the row is deleted with the event
    with recorded() as entries:
        webhooks.endpoint_remove(endpoint=endpoint, user=bank)
    assert_event(
        entries,
        InstitutionEvent.ENDPOINT_REMOVED,
        {"endpoint": endpoint_id, "url": "https://bank.example/hooks"},
        **_by(bank),
    )


@covers(InstitutionEvent.DISPUTES_REGISTERED)
def test_disputes_registered_event(bank, demo, demo_password, settings, tmp_path):
    """One entry per API request: the disputes created and, for each refused item, its index,
    reference and code — never the parties' details."""
    from tests.institutions.test_disputes import item
    from yunting.institutions.disputes import disputes_register
    from yunting.mediation.demo import mediation_network_ensure

    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    mediation_network_ensure(demo_password)
    with recorded() as entries:
        results = disputes_register(user=bank, items=[item(1), item(2, court="火9999")])
    assert [r["status"] for r in results] == ["created", "rejected"]
    entry = assert_event(
        entries,
        InstitutionEvent.DISPUTES_REGISTERED,
        {
            "created": [results[0]["id"]],
            "rejected": [{"index": 1, "ref": "LOAN-0002", "code": results[1]["code"]}],
        },
        **_by(bank),
    )
    assert item(1)["parties"][1]["name"] not in str(entry.payload)  # the respondent, 李四
