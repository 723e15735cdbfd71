"""The institution API's reads (``institutions.selectors``, ``ledger.selectors``): each is
scoped to its owner, so another person's key, batch, endpoint, event or deposit is a 404 or
absent, exactly like one that does not exist."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from django.http import Http404
from django.utils import timezone

from yunting.institutions import selectors
from yunting.institutions.models import Batch, OutEvent
from yunting.institutions.webhooks import endpoint_create

pytestmark = pytest.mark.django_db


def test_keys_are_read_only_by_their_owner(bank, bank_key, demo):
    key, _secret = bank_key
    stranger = demo["lawyer"]
    assert selectors.key_get_for_user(user=bank, key_id=key.id) == key
    assert list(selectors.api_keys_of(user=bank)) == [key]
    with pytest.raises(Http404):
        selectors.key_get_for_user(user=stranger, key_id=key.id)
    assert list(selectors.api_keys_of(user=stranger)) == []


def test_a_batch_is_read_only_by_its_owner(bank, demo):
    batch = Batch.objects.create(
        owner=bank, name="b.jsonl", format="jsonl", source_path="x", source_sha256="0" * 64
    )
    assert selectors.batch_get_for_user(user=bank, batch_id=batch.id) == batch
    for user, batch_id in ((demo["lawyer"], batch.id), (bank, uuid.uuid4())):
        with pytest.raises(Http404):
            selectors.batch_get_for_user(user=user, batch_id=batch_id)


def test_endpoints_and_their_deliveries_are_read_only_by_their_owner(bank, demo):
    endpoint = endpoint_create(
        user=bank, url="https://bank.example/hook", events_chosen=["filing.refused"]
    )
    assert list(selectors.api_endpoints_of(user=bank)) == [endpoint]
    assert selectors.api_endpoint_get_for_user(user=bank, endpoint_id=endpoint.id) == endpoint
    assert list(selectors.api_endpoints_of(user=demo["lawyer"])) == []
    with pytest.raises(Http404):
        selectors.api_endpoint_get_for_user(user=demo["lawyer"], endpoint_id=endpoint.id)


def test_the_event_feed_holds_only_the_owners_events_after_the_number_given(bank, demo):
    now = timezone.now()
    mine = [
        OutEvent.objects.create(owner=bank, event="filing.refused", entry_seq=-n, time=now)
        for n in (1, 2, 3)
    ]
    OutEvent.objects.create(owner=demo["lawyer"], event="filing.refused", entry_seq=-4, time=now)
    assert list(selectors.events_after(user=bank, after=0, limit=500)) == mine
    assert list(selectors.events_after(user=bank, after=mine[0].seq, limit=1)) == [mine[1]]
    assert list(selectors.events_after(user=demo["lawyer"], after=mine[-1].seq, limit=500)) != []
    assert not any(
        e.owner_id == bank.id
        for e in selectors.events_after(user=demo["lawyer"], after=0, limit=500)
    )


def test_a_deposit_is_read_only_by_its_depositor(bank, demo):
    from yunting.ledger.deposits import deposit_create
    from yunting.ledger.selectors import deposit_get_for_user

    deposit = deposit_create(
        depositor=bank,
        item={
            "sha256": hashlib.sha256(b"contract").hexdigest(),
            "kind": "contract",
            "time": "2026-11-30T09:00:00+08:00",
            "reference": "HT-1",
        },
    )
    assert deposit_get_for_user(user=bank, deposit_id=deposit.id) == deposit
    with pytest.raises(Http404):
        deposit_get_for_user(user=demo["lawyer"], deposit_id=deposit.id)
