"""``yunting ledger verify`` against forgeries a tamperer with database access could try: a
signed head whose signature bytes are forged, rows added to the document index (refused by
migration 0003's trigger; found by verify when the trigger is gone), and an entry whose
private part has lost its salt. Each is made for real, in the database, with the triggers
dropped the way a tamperer would drop them (inside the test's transaction, rolled back)."""

from __future__ import annotations

import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, connection, transaction

from tests.ledger.ledger_helpers import fill, sql, verify
from yunting.ledger import merkle, services
from yunting.ledger.models import DocumentRef, Entry, SignedTreeHead
from yunting.ledger.selectors import Mark, verification_marks

pytestmark = pytest.mark.django_db


def _drop_index_trigger() -> None:
    if connection.vendor == "postgresql":
        sql("DROP TRIGGER ledger_documentref_insert_check ON ledger_documentref")
    else:
        sql("DROP TRIGGER ledger_documentref_insert_check")


def _set_head(tree_size: int, *, signature: bytes, root_hash: str | None = None) -> None:
    if root_hash is None:
        sql(
            "UPDATE ledger_signedtreehead SET signature = %s WHERE tree_size = %s",
            (signature.hex(), tree_size),
        )
    else:
        sql(
            "UPDATE ledger_signedtreehead SET signature = %s, root_hash = %s WHERE tree_size = %s",
            (signature.hex(), root_hash, tree_size),
        )


def test_a_head_with_forged_signature_bytes_fails_verification(drop_ledger_triggers):
    fill(8)
    head = SignedTreeHead.objects.get()
    code, report = verify()
    assert code == 0, report
    drop_ledger_triggers("ledger_signedtreehead")
    genuine = bytes.fromhex(head.signature)
    _set_head(head.tree_size, signature=bytes([genuine[0] ^ 0x01]) + genuine[1:])
    code, report = verify()
    assert code == 1
    assert f"signed head {head.tree_size}: bad signature" in report["problems"]
    # The timeline marks no entry as verified against a head that does not verify.
    entries = list(Entry.objects.order_by("seq"))
    assert set(verification_marks(entries)) == {Mark.FAILED}


def test_a_head_signed_by_another_key_under_the_courts_key_id_fails(drop_ledger_triggers):
    """The tamperer rewrote history and signs the new root with a key of their own, naming
    the court's key id: a well-formed Ed25519 signature, by the wrong key."""
    fill(8)
    head = SignedTreeHead.objects.get()
    forged_root = hashlib.sha256(b"another history").hexdigest()
    message = services.sth_message(
        tree_size=head.tree_size,
        root_hash=forged_root,
        timestamp_ms=services.timestamp_ms(head.timestamp),
        key_id=head.key_id,
    )
    signature = Ed25519PrivateKey.generate().sign(message)
    assert len(signature) == 64
    drop_ledger_triggers("ledger_signedtreehead")
    _set_head(head.tree_size, signature=signature, root_hash=forged_root)
    code, report = verify()
    assert code == 1
    assert f"signed head {head.tree_size}: bad signature" in report["problems"]


def test_the_database_refuses_rows_added_to_the_document_index():
    fill(4)
    entry = Entry.objects.get(seq=2)
    foreign = hashlib.sha256(b"a document never recorded").hexdigest()
    for sha in (foreign, entry.document_hashes[0]):  # unknown, and a second copy of a real one
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            sql("INSERT INTO ledger_documentref (entry_id, sha256) VALUES (%s, %s)", (2, sha))
    assert DocumentRef.objects.filter(entry_id=2).count() == 1
    code, report = verify()
    assert code == 0, report  # appending through the service is not affected


def test_a_row_added_to_the_document_index_is_found(drop_ledger_triggers):
    fill(6)
    _drop_index_trigger()
    foreign = hashlib.sha256(b"a document never recorded").hexdigest()
    sql("INSERT INTO ledger_documentref (entry_id, sha256) VALUES (%s, %s)", (3, foreign))
    code, report = verify()
    assert code == 1 and report["first_bad_sequence"] == 3
    assert "entry 3: document index differs from the entry" in report["problems"]
    assert any("ledger_documentref_insert_check is missing" in p for p in report["problems"])


def test_an_entry_without_its_salt_is_found(drop_ledger_triggers):
    """Consistent everywhere but the salt: private text, its hash in the leaf and the leaf
    hash all match; only the salt is gone (the payload could now be guessed from the leaf)."""
    fill(6)
    drop_ledger_triggers("ledger_entry")
    entry = Entry.objects.get(seq=5)
    private = json.loads(entry.private)
    del private["salt"]
    private_text = services.canonical_json(private)
    leaf = json.loads(entry.leaf)
    leaf["private"] = hashlib.sha256(private_text.encode()).hexdigest()
    leaf_text = services.canonical_json(leaf)
    sql(
        "UPDATE ledger_entry SET private = %s, leaf = %s, leaf_hash = %s WHERE seq = 5",
        (private_text, leaf_text, merkle.leaf_hash(leaf_text.encode()).hex()),
    )
    code, report = verify()
    assert code == 1 and report["first_bad_sequence"] == 5
    assert "entry 5: private part has no salt" in report["problems"]
    # A salt that is present but empty is no salt either.
    private["salt"] = ""
    sql("UPDATE ledger_entry SET private = %s WHERE seq = 5", (services.canonical_json(private),))
    code, report = verify()
    assert "entry 5: private part has no salt" in report["problems"]


def test_every_entry_gets_its_own_random_salt():
    fill(3)  # payloads differ only in n; two more with the same payload:
    from tests.ledger.ledger_helpers import SampleEvent

    with transaction.atomic():
        services.record(SampleEvent.NOTE, payload={"same": 1})
        services.record(SampleEvent.NOTE, payload={"same": 1})
    salts = [json.loads(e.private)["salt"] for e in Entry.objects.order_by("seq")]
    assert all(len(s) == 32 and int(s, 16) >= 0 for s in salts)
    assert len(set(salts)) == len(salts)
    last_two = list(Entry.objects.order_by("-seq")[:2])
    assert json.loads(last_two[0].leaf)["private"] != json.loads(last_two[1].leaf)["private"]
