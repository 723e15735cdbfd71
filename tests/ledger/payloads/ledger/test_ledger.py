"""Payloads of the ledger's own events: deposits and the check at upload, export, witnesses
and a split-view alarm."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from tests.efile.conftest import _accept
from tests.efile.scans import blank_pdf
from tests.ledger.payloads.helpers import assert_event, covers, recorded
from yunting.efile import services as efile
from yunting.ledger import keys, note, services, witnessing
from yunting.ledger.deposits import deposit_create
from yunting.ledger.events import LedgerEvent
from yunting.ledger.models import EvidenceCheck

pytestmark = pytest.mark.django_db


@covers(LedgerEvent.DEPOSITED, LedgerEvent.EVIDENCE_CHECKED)
def test_deposit_and_check_events(demo):
    bank = demo["institution"]
    original = blank_pdf(2)
    digest = hashlib.sha256(original).hexdigest()
    with recorded() as entries:
        deposit = deposit_create(
            depositor=bank,
            item={
                "sha256": digest,
                "kind": "contract",
                "reference": "HT-2026-0099",
                "metadata": {"borrower": "李四"},
            },
        )
    entry = assert_event(
        entries,
        LedgerEvent.DEPOSITED,
        {
            "deposit": str(deposit.id),
            "depositor": bank.name,
            "kind": "contract",
            "reference": "HT-2026-0099",
            "record_time": None,
            "metadata": {"borrower": "李四"},
        },
        actor_id=bank.id,
        court_id=None,
        case_id=None,
    )
    assert entry.document_hashes == [digest]

    case = _accept()
    clerk = demo["clerk"]
    with recorded() as entries:
        item = efile.item_upload(case=case, actor=clerk, data=original, name="借款合同")
    check = EvidenceCheck.objects.get(source_id=str(item.id))
    entry = assert_event(
        entries,
        LedgerEvent.EVIDENCE_CHECKED,
        {
            "check": str(check.id),
            "outcome": "deposited",
            "deposit": str(deposit.id),
            "source": "efile_item",
            "source_id": str(item.id),
        },
        actor_id=clerk.id,
        court_id=case.court_id,
        case_id=case.id,
    )
    assert entry.document_hashes == [digest]


@covers(LedgerEvent.EXPORTED)
def test_exported_event(db, tmp_path):
    with recorded() as entries:
        out = StringIO()
        call_command("ledger", "export", "--out", str(tmp_path / "export"), stdout=out)
    size = json.loads(out.getvalue())["tree_size"]
    assert_event(entries, LedgerEvent.EXPORTED, {"tree_size": size}, actor_id=None)


@covers(LedgerEvent.WITNESS_ADDED, LedgerEvent.WITNESS_REMOVED, LedgerEvent.SPLIT_VIEW)
def test_witness_and_split_view_events(demo):
    key = Ed25519PrivateKey.generate()
    vkey = note.verifier_key("w1.example/w", 0x04, key.public_key().public_bytes_raw())
    admin = demo["court_admin"]
    with recorded() as entries:
        witnessing.witness_add(name="", vkey=vkey, organisation="第二法院", actor=admin)
    assert_event(
        entries,
        LedgerEvent.WITNESS_ADDED,
        {"name": "w1.example/w", "organisation": "第二法院", "vkey": vkey},
        actor_id=admin.id,
    )
    with recorded() as entries:
        witnessing.witness_retire(name="w1.example/w", actor=admin)
    assert_event(entries, LedgerEvent.WITNESS_REMOVED, {"name": "w1.example/w"}, actor_id=admin.id)

    size = services.sign_tree_head().tree_size
    honest = witnessing.checkpoint_note(witnessing.checkpoint_at(size), cosignatures=False)
    _kid, private = keys.signing_key()  # the operator holds the key and signs a second root
    origin = services.log_origin()
    body = note.Checkpoint(origin, size, b"\x07" * 32).body
    forged = note.Note(body, (note.sign_note(body, origin, private),)).text
    with recorded() as entries:
        alarm = witnessing.alarm_report(
            reporter="w1.example/w", notes=[honest, forged], reason="same_size"
        )
    assert_event(
        entries,
        LedgerEvent.SPLIT_VIEW,
        {"alarm": alarm.pk, "reporter": "w1.example/w", "reason": "same_size", "tree_size": size},
        actor_id=None,
    )
