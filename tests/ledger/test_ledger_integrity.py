"""Append-only triggers, tamper detection by ``yunting ledger verify``, export, concurrency."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from tests.ledger.ledger_helpers import SampleEvent
from tests.ledger.ledger_helpers import fill as _fill
from tests.ledger.ledger_helpers import sql as _sql
from tests.ledger.ledger_helpers import verify as _verify
from yunting.ledger import merkle, services
from yunting.ledger.models import Entry
from yunting.ledger.services import record

TABLES = ["ledger_entry", "ledger_documentref", "ledger_node", "ledger_signedtreehead"]


UPDATES = {
    "ledger_entry": "UPDATE ledger_entry SET actor_name = 'x'",
    "ledger_documentref": "UPDATE ledger_documentref SET sha256 = sha256",
    "ledger_node": "UPDATE ledger_node SET level = level",
    "ledger_signedtreehead": "UPDATE ledger_signedtreehead SET tree_size = tree_size + 1",
}


@pytest.mark.django_db
@pytest.mark.parametrize("table", TABLES)
def test_update_and_delete_are_refused_by_the_database(table):
    _fill(4)
    for statement in [UPDATES[table], f"DELETE FROM {table}"]:  # noqa: S608 - fixed names
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql(statement)
    assert Entry.objects.count() == 4


@pytest.mark.django_db
def test_orm_update_and_delete_are_refused_too():
    _fill(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(seq=1).update(actor_name="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(seq=2).delete()
    assert Entry.objects.count() == 2


@pytest.mark.django_db
def test_a_clean_ledger_verifies():
    _fill(37)
    code, report = _verify()
    assert code == 0, report
    assert report["ok"] and report["entries"] == 37 and report["first_bad_sequence"] is None


@pytest.mark.django_db
def test_tampered_payload_is_found(drop_ledger_triggers):
    _fill(20)
    drop_ledger_triggers("ledger_entry")
    _sql(
        "UPDATE ledger_entry SET private = replace(private, '\"n\":12', '\"n\":99') WHERE seq = 13"
    )
    code, report = _verify()
    assert code == 1
    assert report["first_bad_sequence"] == 13


@pytest.mark.django_db
def test_tamper_with_recomputed_leaf_hash_is_found(drop_ledger_triggers):
    """A tamperer who also fixes the leaf hash still breaks the stored nodes and heads."""
    _fill(20)
    drop_ledger_triggers("ledger_entry")
    entry = Entry.objects.get(seq=7)
    leaf = entry.leaf.replace('"event_type":"test_ledger.note"', '"event_type":"test_ledger.x"')
    _sql(
        "UPDATE ledger_entry SET leaf = %s, leaf_hash = %s, event_type = %s WHERE seq = 7",
        (leaf, merkle.leaf_hash(leaf.encode()).hex(), "test_ledger.x"),
    )
    code, report = _verify()
    assert code == 1
    assert report["first_bad_sequence"] in (7, 8), report["problems"]  # node (1, 3): 7, 8
    assert any("signed head 20" in p for p in report["problems"])


@pytest.mark.django_db
def test_tampered_column_is_found(drop_ledger_triggers):
    _fill(10)
    drop_ledger_triggers("ledger_entry")
    _sql("UPDATE ledger_entry SET actor_name = 'someone else' WHERE seq = 4")
    code, report = _verify()
    assert code == 1 and report["first_bad_sequence"] == 4


@pytest.mark.django_db
def test_tampered_node_and_head_signature_are_found(drop_ledger_triggers):
    _fill(16)
    drop_ledger_triggers("ledger_node")
    drop_ledger_triggers("ledger_signedtreehead")
    _sql('UPDATE ledger_node SET hash = %s WHERE level = 2 AND "index" = 2', (b"\0" * 32,))
    code, report = _verify()
    assert code == 1 and report["first_bad_sequence"] == 9
    _sql('UPDATE ledger_node SET hash = %s WHERE level = 2 AND "index" = 2', (b"\0" * 32,))


@pytest.mark.django_db
def test_deleted_entry_is_a_gap(drop_ledger_triggers):
    _fill(10)
    for table in ("ledger_entry", "ledger_documentref"):
        drop_ledger_triggers(table)
    _sql("DELETE FROM ledger_documentref WHERE entry_id = 5")
    _sql("DELETE FROM ledger_entry WHERE seq = 5")
    code, report = _verify()
    assert code == 1 and report["first_bad_sequence"] == 5


@pytest.mark.django_db
def test_missing_trigger_fails_verification(drop_ledger_triggers):
    _fill(3)
    drop_ledger_triggers("ledger_signedtreehead")
    code, report = _verify()
    assert code == 1 and report["first_bad_sequence"] is None
    assert any("trigger" in p for p in report["problems"])


@pytest.mark.django_db
def test_export_checks_independently(tmp_path):
    _fill(25)
    call_command("ledger", "rotate-key", stdout=StringIO())
    _fill(5)
    out = tmp_path / "export"
    call_command("ledger", "export", "--out", str(out), stdout=StringIO())
    assert {p.name for p in out.iterdir()} >= {
        "entries.jsonl",
        "heads.jsonl",
        "keys.json",
        "merkle.py",
        "check_export.py",
    }
    assert len(json.loads((out / "keys.json").read_text())) == 2  # old key kept after rotation
    # the checker runs with no Django and no Yunting on the path
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ""}
    run = subprocess.run(
        [sys.executable, "-I", str(out / "check_export.py"), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["entries"] == 31  # 25 + key rotation event + 5
    # flip one character of one leaf: the checker fails
    lines = (out / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    line = json.loads(lines[9])
    line["leaf"] = line["leaf"].replace('"v":1', '"v":2')
    lines[9] = json.dumps(line, ensure_ascii=False)
    (out / "entries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-I", str(out / "check_export.py"), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 1 and "entry 10" in run.stdout


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_get_consecutive_sequence_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers by locking the file)")
    threads, per_thread, errors = 8, 25, []
    barrier = threading.Barrier(threads, timeout=60)

    def worker(t: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    record(SampleEvent.NOTE, payload={"t": t, "i": i})
                    if i % 5 == 4:  # some transactions carry several records
                        record(SampleEvent.NOTE, payload={"t": t, "i": i, "extra": True})
                if i % 7 == 6:  # and some roll back, leaving no trace
                    try:
                        with transaction.atomic():
                            record(SampleEvent.NOTE, payload={"rolled": "back"})
                            raise RuntimeError
                    except RuntimeError:
                        pass
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(timeout=300)
    assert not any(th.is_alive() for th in pool), "a writer hung"
    assert not errors
    expected = threads * (per_thread + per_thread // 5)
    seqs = list(Entry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, expected + 1))
    assert not Entry.objects.filter(private__contains="rolled").exists()
    leaves = [e.leaf.encode() for e in Entry.objects.order_by("seq")]
    from yunting.ledger.models import LogHead

    assert bytes(LogHead.objects.get(pk=1).root_hash) == merkle.root(leaves)
    services.sign_tree_head()
    code, report = _verify()
    assert code == 0, report
