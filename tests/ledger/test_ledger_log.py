"""Appending to the persistent log, its stored tree, and proofs read from the database."""

from __future__ import annotations

import hashlib
import json
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction

from tests.ledger.ledger_helpers import SampleEvent
from yunting.ledger import merkle, services, store
from yunting.ledger.errors import TransactionRequired
from yunting.ledger.models import DocumentRef, Entry, LogHead, Node
from yunting.ledger.selectors import current_size
from yunting.ledger.services import Record, record, record_many


def _leaves() -> list[bytes]:
    return [e.leaf.encode() for e in Entry.objects.order_by("seq")]


def _append(n: int, start: int = 0) -> None:
    with transaction.atomic():
        record_many(
            [
                Record(SampleEvent.NOTE, {"n": start + i}, documents=[f"doc {start + i}".encode()])
                for i in range(n)
            ]
        )


@pytest.mark.django_db
def test_record_inside_transaction(demo, court):
    judge = demo["judge"]
    case_id = uuid.uuid4()
    pdf = b"%PDF-1.7 judgment"
    base = Entry.objects.count()  # the demo data's own entries (role grants) come first
    with transaction.atomic():
        entry = record(
            SampleEvent.DOCUMENT_FILED,
            actor=judge,
            court=court,
            case=SimpleNamespace(id=case_id),
            payload={"title": "起诉状", "amount": Decimal("1234.50")},
            documents=[pdf, "A" * 64],
        )
    entry.refresh_from_db()
    assert entry.seq == base + 1
    assert entry.actor_id == judge.id and entry.actor_name == judge.name
    assert entry.court_id == court.id and entry.case_id == case_id
    assert entry.document_hashes == [hashlib.sha256(pdf).hexdigest(), "a" * 64]
    assert entry.payload == {"title": "起诉状", "amount": "1234.50"}
    # the exact text hashed is stored; canonical: sorted keys, no spaces, UTF-8 not \\u escapes
    assert entry.leaf_hash == merkle.leaf_hash(entry.leaf.encode()).hex()
    assert "起诉状" in entry.private and ", " not in entry.leaf and ": " not in entry.leaf
    envelope = json.loads(entry.leaf)
    assert list(envelope) == sorted(envelope)
    assert envelope["private"] == hashlib.sha256(entry.private.encode()).hexdigest()
    assert "起诉状" not in entry.leaf and str(judge.id) not in entry.leaf  # the leaf is public
    recorded = DocumentRef.objects.filter(entry=entry).values_list("sha256", flat=True)
    assert set(recorded) == set(entry.document_hashes)


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_raises():
    """Real autocommit (``transaction=True``): ordinary tests already run inside atomic."""
    with pytest.raises(TransactionRequired):
        record(SampleEvent.NOTE, payload={})
    assert not Entry.objects.exists()
    with transaction.atomic():
        record(SampleEvent.NOTE, payload={})
    assert Entry.objects.count() == 1  # the flush after this test must be able to empty it


@pytest.mark.django_db
def test_rollback_leaves_no_entry():
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        record(SampleEvent.NOTE, payload={"x": 1}, documents=[b"x"])
        raise Boom
    assert not Entry.objects.exists() and not DocumentRef.objects.exists()
    # the head row itself may be gone (a transactional test's flush empties the table; the
    # first append recreates it), so ask for the size as the ledger does
    assert current_size() == 0
    with transaction.atomic():
        assert record(SampleEvent.NOTE, payload={"x": 2}).seq == 1


@pytest.mark.django_db
def test_savepoint_rollback_keeps_outer_entries():
    with transaction.atomic():
        record(SampleEvent.NOTE, payload={"n": 1})
        try:
            with transaction.atomic():
                record(SampleEvent.NOTE, payload={"n": 2})
                raise RuntimeError
        except RuntimeError:
            pass
        assert record(SampleEvent.NOTE, payload={"n": 3}).seq == 2
    assert [e.payload["n"] for e in Entry.objects.all()] == [1, 3]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"event_type": "nobody.registered_this"}, ValueError),
        ({"documents": ["not-a-hash"]}, ValueError),
        ({"documents": [42]}, ValueError),
        ({"case": "not a uuid"}, TypeError),
        ({"payload": ["not", "a", "dict"]}, TypeError),
        ({"payload": {"x": float("nan")}}, ValueError),
        ({"payload": {"x": object()}}, TypeError),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(kwargs, error):
    args = {"event_type": SampleEvent.NOTE, "payload": {}} | kwargs
    with pytest.raises(error), transaction.atomic():
        record(args.pop("event_type"), **args)
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_case_may_be_a_plain_uuid():
    case_id = uuid.uuid4()
    with transaction.atomic():
        entry = record(SampleEvent.NOTE, case=case_id, payload={})
    assert entry.case_id == case_id


@pytest.mark.django_db
def test_stored_tree_matches_pure_merkle_and_proofs_are_logarithmic(django_assert_max_num_queries):
    for start, n in [(0, 1), (1, 2), (3, 13), (16, 1), (17, 20)]:
        _append(n, start)
    leaves = _leaves()
    n = len(leaves)
    assert n == 37
    head = LogHead.objects.get(pk=1)
    assert head.size == n and bytes(head.root_hash) == merkle.root(leaves)
    # one node per complete subtree of size >= 2
    assert Node.objects.count() == sum(n >> level for level in range(1, n.bit_length()))
    for size in range(1, n + 1):
        assert store.root_at(size) == merkle.root(leaves[:size])
        for old in range(0, size + 1):
            assert store.consistency_proof(old, size) == merkle.consistency_proof(
                old, leaves[:size]
            )
    for index in range(n):
        with django_assert_max_num_queries(2):
            (proof,) = store.inclusion_proofs([index], n)
        assert proof == merkle.inclusion_proof(index, leaves)


@pytest.mark.django_db
def test_lost_head_is_rebuilt_from_stored_nodes():
    _append(11)
    before = LogHead.objects.get(pk=1)
    LogHead.objects.all().delete()
    _append(3, 11)
    head = LogHead.objects.get(pk=1)
    assert head.size == 14 and bytes(head.root_hash) == merkle.root(_leaves())
    assert bytes(before.frontier) != bytes(head.frontier)


@pytest.mark.django_db
def test_unknown_event_types_must_be_registered():
    from django.core.exceptions import ImproperlyConfigured

    from yunting.ledger.events import EventType, register

    with pytest.raises(ImproperlyConfigured):

        @register
        class Clash(EventType):
            NOTE = "test_ledger.note", "clash"

    with pytest.raises(ImproperlyConfigured):

        @register
        class BadName(EventType):
            X = "NoDot", "bad"


@pytest.mark.django_db
def test_one_signature_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(50):
            record(SampleEvent.NOTE, payload={"i": i})
    # One signing (and one announcement to listeners) per transaction, not per entry.
    assert sorted(c.__name__ for c in callbacks) == ["_announce", "_sign_after_commit"]
    sth = services.sign_tree_head()
    assert sth.tree_size == 50
    assert services.sth_is_valid(sth)
