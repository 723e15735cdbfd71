"""Batch deposits (issue 22): every receipt of a 1,000-deposit batch checked on its own with
RFC 6962 math and the published keys, the one-walk audit paths against the reference
implementation, retries and concurrent batches depositing nothing twice."""

from __future__ import annotations

import hashlib
import json
import random
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import connection, connections, transaction
from rest_framework.test import APIClient

from tests.ledger.ledger_helpers import SampleEvent
from yunting.ledger import merkle, note, services, store, witnessing
from yunting.ledger.deposits import MAX_BATCH, deposits_create
from yunting.ledger.errors import LedgerCorrupt, LedgerError
from yunting.ledger.models import Deposit, Entry
from yunting.ledger.services import Record, record_many

pytestmark = pytest.mark.django_db


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def bank(demo):
    return demo["institution"]


@pytest.fixture
def deposit_key(bank):
    from yunting.institutions.keys import key_create

    _key, secret = key_create(
        user=bank, name="batch", scopes=["deposit"], rate_per_minute=1_000_000
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Key {secret}")
    return client


def _records(start: int, n: int) -> list[bytes]:
    return [f"contract record {k}".encode() for k in range(start, start + n)]


def _body(records: list[bytes], start: int = 0) -> dict:
    return {
        "deposits": [
            {
                "sha256": sha(r),
                "kind": "contract",
                "reference": f"HT-{start + k:06d}",
                "time": "2026-12-01T09:00:00+08:00",
            }
            for k, r in enumerate(records)
        ]
    }


def _verify_independently(data: dict, records: list[bytes]) -> None:
    """What an outside party does with a receipt: nothing from Yunting but the response.

    The head's Ed25519 signature over the documented message, then for each receipt the leaf
    naming the record's hash, SHA-256(0x00 || leaf) and the audit path up to the signed root
    (RFC 9162 §2.1.3.2), and the C2SP checkpoint naming the same tree."""
    head = data["signed_tree_head"]
    message = (
        f"yunting-ledger-sth/v1\ntree_size={head['tree_size']}\nroot_hash={head['root_hash']}\n"
        f"timestamp={head['timestamp_ms']}\nkey_id={head['key_id']}\n"
    ).encode()
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(head["public_key"]))
    key.verify(bytes.fromhex(head["signature"]), message)  # raises if it does not hold
    root = bytes.fromhex(head["root_hash"])
    parsed = note.parse_note(data["chain"]["checkpoint"])
    cp = note.parse_checkpoint(parsed.body)
    assert (cp.size, cp.root) == (head["tree_size"], root)
    assert note.note_signed_by(parsed, note.parse_verifier_key(witnessing.log_vkey()))
    assert len(data["receipts"]) == len(records)
    seen = set()
    for receipt, record in zip(data["receipts"], records, strict=True):
        leaf = receipt["leaf"].encode()
        envelope = json.loads(leaf)
        assert receipt["sha256"] == sha(record) and envelope["documents"] == [sha(record)]
        assert envelope["seq"] == receipt["sequence"] == receipt["leaf_index"] + 1
        assert receipt["tree_size"] == head["tree_size"]
        proof = [bytes.fromhex(h) for h in receipt["inclusion_proof"]]
        assert merkle.verify_inclusion(leaf, receipt["leaf_index"], cp.size, proof, root)
        # the proof is this leaf's, at this place only
        assert not merkle.verify_inclusion(leaf, receipt["leaf_index"] ^ 1, cp.size, proof, root)
        seen.add(receipt["leaf_index"])
    assert len(seen) == len(set(records))  # one leaf per distinct deposit


def test_every_receipt_of_a_full_batch_verifies_on_its_own(deposit_key):
    # some entries before, so the batch starts mid-tree and its paths reach stored nodes
    with transaction.atomic():
        record_many([Record(SampleEvent.NOTE, {"n": i}) for i in range(37)])
    records = _records(0, MAX_BATCH)
    r = deposit_key.post("/api/v1/institution/deposits/batch", _body(records), format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    _verify_independently(data, records)
    assert data["signed_tree_head"]["tree_size"] == Entry.objects.count()

    # a second batch: its receipts verify against the newer head; the first batch's
    # deposits read back verify against it too
    more = _records(MAX_BATCH, 300)
    r2 = deposit_key.post(
        "/api/v1/institution/deposits/batch", _body(more, MAX_BATCH), format="json"
    )
    assert r2.status_code == 201, r2.content
    _verify_independently(r2.json(), more)
    again = deposit_key.get(f"/api/v1/institution/deposits/{data['receipts'][5]['id']}").json()
    assert again["tree_size"] == r2.json()["signed_tree_head"]["tree_size"]
    assert merkle.verify_inclusion(
        again["leaf"].encode(),
        again["leaf_index"],
        again["tree_size"],
        [bytes.fromhex(h) for h in again["inclusion_proof"]],
        bytes.fromhex(again["signed_tree_head"]["root_hash"]),
    )


def test_retrying_a_batch_and_repeats_inside_it_deposit_nothing_twice(deposit_key):
    records = _records(0, 200)
    first = deposit_key.post("/api/v1/institution/deposits/batch", _body(records), format="json")
    size = Entry.objects.count()
    # the same batch again, with ten of its items repeated inside it and five new ones
    body = _body(records)
    body["deposits"] += body["deposits"][:10]
    fresh = _records(500, 5)
    body["deposits"] += _body(fresh, 500)["deposits"]
    again = deposit_key.post("/api/v1/institution/deposits/batch", body, format="json")
    assert again.status_code == 201, again.content
    data = again.json()
    ids = [x["id"] for x in data["receipts"]]
    assert ids[:200] == [x["id"] for x in first.json()["receipts"]]
    assert ids[200:210] == ids[:10]
    assert Entry.objects.count() == size + 5 and Deposit.objects.count() == 205
    _verify_independently(data, records + records[:10] + fresh)


def test_one_walk_paths_match_the_reference_implementation():
    with transaction.atomic():
        record_many([Record(SampleEvent.NOTE, {"n": i}) for i in range(300)])
    leaves = [e.leaf.encode() for e in Entry.objects.order_by("seq")]
    rng = random.Random(6962)
    for size in [1, 2, 3, 5, 8, 64, 65, 127, 255, 256, 257, 300]:
        for count in (1, 3, size):
            wanted = rng.sample(range(size), min(count, size))
            wanted.append(wanted[0])  # asked twice: answered twice
            known = {i: merkle.leaf_hash(leaves[i]) for i in wanted[::2]}
            got = store.inclusion_proofs(wanted, size, known)
            assert got == [merkle.inclusion_proof(i, leaves[:size]) for i in wanted]
    # a leaf hash that is not the stored one never yields a path
    with pytest.raises(LedgerCorrupt):
        store.inclusion_proofs([4, 5], 10, {4: merkle.leaf_hash(b"not the leaf")})
    with pytest.raises(ValueError):
        store.inclusion_proofs([10], 10)


def test_a_failed_batch_leaves_no_trace(bank):
    items = _body(_records(0, 20))["deposits"]
    items[13]["sha256"] = "not a hash"
    size = Entry.objects.count()
    with pytest.raises(LedgerError) as refused:
        deposits_create(depositor=bank, items=items)
    assert "deposits.13.sha256" in json.dumps(refused.value.__dict__, default=str)
    assert Entry.objects.count() == size and not Deposit.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_batches_deposit_each_record_once(demo):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers by locking the file)")
    bank = demo["institution"]
    threads, errors, answers = 4, [], {}
    records = _records(0, 400)
    barrier = threading.Barrier(threads, timeout=60)

    def worker(t: int) -> None:
        try:
            # each thread sends an overlapping window: the same deposits race each other
            mine = _body(records[t * 50 : t * 50 + 250], t * 50)["deposits"]
            barrier.wait()
            answers[t] = [
                (d.sha256, d.entry_id) for d in deposits_create(depositor=bank, items=mine)
            ]
            services.sign_tree_head()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(timeout=300)
    assert not any(th.is_alive() for th in pool) and not errors
    wanted = {sha(r) for r in records[: (threads - 1) * 50 + 250]}
    rows = list(Deposit.objects.values_list("sha256", "entry_id"))
    assert len(rows) == len(wanted) and {s for s, _e in rows} == wanted
    owner = dict(rows)
    for pairs in answers.values():  # every thread was answered with the one deposit
        assert all(owner[s] == e for s, e in pairs)
    seqs = list(Entry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    leaves = [e.leaf.encode() for e in Entry.objects.order_by("seq")]
    sth = services.sign_tree_head()
    assert bytes.fromhex(sth.root_hash) == merkle.root(leaves)
