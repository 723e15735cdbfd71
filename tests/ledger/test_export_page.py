"""A whole log export verified on the bundle page (issue 22): every entry, head and
checkpoint checked against the keys the reader types; a tampered export rejected, each
problem named where it is."""

from __future__ import annotations

import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from tests.ledger.ledger_helpers import SampleEvent
from yunting.ledger import merkle, note, services, witnessing

pytestmark = pytest.mark.django_db


def make_export(tmp_path: Path, n: int = 12) -> Path:
    """What an operator does: record, then ``yunting ledger export --out DIR``."""
    for i in range(n):
        with transaction.atomic():
            services.record(SampleEvent.NOTE, payload={"n": i}, documents=[b"doc %d" % i])
        services.sign_tree_head()
    out = tmp_path / "export"
    call_command("ledger", "export", "--out", str(out), stdout=open(tmp_path / "out", "w"))  # noqa: SIM115
    return out


def zipped(folder: Path) -> bytes:
    return Path(shutil.make_archive(str(folder), "zip", folder.parent, folder.name)).read_bytes()


def rewrite_entry(folder: Path, seq: int, *, keep_hash: bool) -> None:
    """Alter entry ``seq``'s leaf text; with ``keep_hash=False`` also fix its leaf hash."""
    path = folder / "entries.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[seq - 1])
    leaf = json.loads(row["leaf"])
    leaf["time"] = "2020-01-01T00:00:00.000000Z"
    row["leaf"] = services.canonical_json(leaf)
    if not keep_hash:
        row["leaf_hash"] = merkle.leaf_hash(row["leaf"].encode()).hex()
    lines[seq - 1] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def post(client, data: bytes, name: str = "export.zip", log_keys: str | None = None, quorum=0):
    upload = SimpleUploadedFile(name, data, content_type="application/zip")
    return client.post(
        "/ledger/verify/bundle/",
        {
            "bundle": upload,
            "log_keys": witnessing.log_vkey() if log_keys is None else log_keys,
            "witness_keys": "",
            "quorum": quorum,
        },
    )


def test_a_real_export_verifies_and_tampered_ones_are_rejected_with_the_reason(client, tmp_path):
    folder = make_export(tmp_path)
    page = post(client, zipped(folder))
    result = page.context["result"]
    assert result["kind"] == "export" and result["ok"], result
    assert result["entries"] == 12 and result["heads"] >= 12 and result["checkpoints"] >= 12
    text = page.content.decode()
    assert 'data-status="valid"' in text and "全部 12 个条目均已重新计算" in text
    assert "逐条核验" in text  # the page says what an export upload checks, in Chinese

    # the same folder as a tar.gz, as some people send it
    tgz = tmp_path / "export.tar.gz"
    with tarfile.open(tgz, "w:gz") as tar:
        tar.add(folder, arcname="export")
    assert post(client, tgz.read_bytes(), "export.tar.gz").context["result"]["ok"]

    # an entry's text altered: named at that entry
    bad = tmp_path / "bad1"
    shutil.copytree(folder, bad)
    rewrite_entry(bad, 5, keep_hash=True)
    result = post(client, zipped(bad)).context["result"]
    assert not result["ok"]
    assert {(f["code"], f["at"]) for f in result["findings"]} >= {("entry_leaf", 5)}
    # altered with its leaf hash recomputed: every head and checkpoint from 5 on disagrees
    bad2 = tmp_path / "bad2"
    shutil.copytree(folder, bad2)
    rewrite_entry(bad2, 5, keep_hash=False)
    page = post(client, zipped(bad2))
    result = page.context["result"]
    codes = {f["code"] for f in result["findings"]}
    assert not result["ok"] and codes == {"head_root", "checkpoint_root"}
    assert all(f["at"] >= 5 for f in result["findings"])
    assert 'data-code="head_root"' in page.content.decode()

    # re-signed by whoever altered it: the keys it carries are never trusted
    stranger = Ed25519PrivateKey.generate()
    vkey = note.verifier_key(services.log_origin(), 0x01, stranger.public_key().public_bytes_raw())
    result = post(client, zipped(folder), log_keys=vkey).context["result"]
    codes = {f["code"] for f in result["findings"]}
    assert not result["ok"] and codes == {"head_key", "checkpoint_key"}

    # an entry removed
    bad3 = tmp_path / "bad3"
    shutil.copytree(folder, bad3)
    lines = (bad3 / "entries.jsonl").read_text().splitlines()
    (bad3 / "entries.jsonl").write_text("\n".join(lines[:3] + lines[4:]) + "\n")
    codes = {f["code"] for f in post(client, zipped(bad3)).context["result"]["findings"]}
    assert "entry_order" in codes

    # a witnessed quorum the export does not have is reported, not assumed
    result = post(client, zipped(folder), quorum=1).context["result"]
    assert result["ok"] and result["witnessed_checkpoints"] == 0


def test_what_is_not_an_export_is_said_so(client, tmp_path):
    folder = make_export(tmp_path, n=2)
    (folder / "heads.jsonl").unlink()
    result = post(client, zipped(folder)).context["result"]
    assert result["unreadable"] and "heads.jsonl" in result["unreadable"]
    # a damaged line
    (tmp_path / "two").mkdir()
    folder2 = make_export(tmp_path / "two", n=2)
    (folder2 / "entries.jsonl").write_text("{not json\n")
    assert post(client, zipped(folder2)).context["result"]["unreadable"]
    # an archive whose names try to climb out writes nothing outside
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../../entries.jsonl", "x")
    result = post(client, evil.read_bytes()).context["result"]
    assert result["unreadable"] and not (tmp_path.parent / "entries.jsonl").exists()
    # not an archive and not a bundle: a form error
    page = post(client, b"PK\x03\x04 broken", "broken.zip")
    assert page.context["result"]["unreadable"]
