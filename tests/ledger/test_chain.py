"""The judicial chain (issue 22): C2SP notes, deposits and receipts, the check at upload,
keys kept with the log, exports with checkpoints and cosignatures."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from rest_framework.test import APIClient

from yunting.ledger import audit, merkle, note, services, witnessing
from yunting.ledger.deposits import deposit_create, deposits_create
from yunting.ledger.errors import LedgerError
from yunting.ledger.models import CheckOutcome, Cosignature, EvidenceCheck, SignerKey

pytestmark = pytest.mark.django_db


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- note.py ------------------------------------------------------------------------------


def test_checkpoint_note_and_cosignature_round_trip():
    log_key = Ed25519PrivateKey.generate()
    origin = "court-a.example/ledger"
    body = note.Checkpoint(origin, 12, bytes(range(32))).body
    assert body == f"{origin}\n12\n{base64.b64encode(bytes(range(32))).decode()}\n"
    text = note.Note(body, (note.sign_note(body, origin, log_key),)).text
    parsed = note.parse_note(text)
    log = note.parse_verifier_key(
        note.verifier_key(origin, note.ALG_ED25519, log_key.public_key().public_bytes_raw())
    )
    assert note.note_signed_by(parsed, log)
    assert note.parse_checkpoint(parsed.body).size == 12

    w_key = Ed25519PrivateKey.generate()
    w = note.parse_verifier_key(
        note.verifier_key("court-b.example/w", 0x04, w_key.public_key().public_bytes_raw())
    )
    sig = note.cosign(body, w.name, w_key, 1_700_000_000)
    assert note.cosignature_valid(body, sig, w)
    assert note.cosignature_time(sig) == 1_700_000_000
    cosigned = note.parse_note(text + sig.line)
    assert [v.name for v in note.cosigners(cosigned, [w])] == [w.name]
    # another body (another root) does not carry the cosignature over
    other = note.Checkpoint(origin, 12, bytes(32)).body
    assert not note.cosignature_valid(other, sig, w)
    # a log signature is not a cosignature and vice versa
    assert not note.note_signed_by(note.Note(body, (sig,)), w)
    with pytest.raises(note.NoteError):
        note.parse_verifier_key("name+00000000+" + base64.b64encode(b"\x01" + bytes(32)).decode())


def test_cosignature_matches_the_c2sp_message_layout():
    """The signed message is 'cosignature/v1', 'time N' and the body, as the spec writes it."""
    body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    assert note.cosignature_message(body, 1679315147) == (
        b"cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
        b"CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )


# --- deposits -----------------------------------------------------------------------------


@pytest.fixture
def bank(demo):
    return demo["institution"]


@pytest.fixture
def deposit_key(bank):
    from yunting.institutions.keys import key_create

    _key, secret = key_create(user=bank, name="e-contracts", scopes=["deposit"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Key {secret}")
    return client


def _check_receipt(receipt: dict, head: dict, chain: dict, record: bytes) -> None:
    assert receipt["sha256"] == sha(record)
    leaf = receipt["leaf"].encode()
    assert json.loads(leaf)["documents"] == [sha(record)]
    proof = [bytes.fromhex(h) for h in receipt["inclusion_proof"]]
    assert merkle.verify_inclusion(
        leaf, receipt["leaf_index"], head["tree_size"], proof, bytes.fromhex(head["root_hash"])
    )
    # the checkpoint is the same head in C2SP form, signed by the published log key
    parsed = note.parse_note(chain["checkpoint"])
    cp = note.parse_checkpoint(parsed.body)
    assert (cp.size, cp.root.hex()) == (head["tree_size"], head["root_hash"])
    assert note.note_signed_by(parsed, note.parse_verifier_key(witnessing.log_vkey()))


def test_single_deposit_api_gives_a_receipt_with_proof(deposit_key, bank):
    record = "电子合同 HT-2026-0001".encode()
    body = {
        "sha256": sha(record),
        "kind": "contract",
        "time": "2026-11-30T09:00:00+08:00",
        "reference": "HT-2026-0001",
        "metadata": {"platform": "示范签约平台"},
    }
    r = deposit_key.post("/api/v1/institution/deposits", body, format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["depositor"] == bank.name and data["reference"] == "HT-2026-0001"
    assert data["time"] == "2026-11-30T01:00:00Z"
    _check_receipt(data, data["signed_tree_head"], data["chain"], record)
    # the same deposit again answers the first receipt, nothing twice
    again = deposit_key.post("/api/v1/institution/deposits", body, format="json").json()
    assert again["id"] == data["id"] and again["sequence"] == data["sequence"]
    # and it can be read back
    read = deposit_key.get(f"/api/v1/institution/deposits/{data['id']}").json()
    assert read["sequence"] == data["sequence"]
    # the public ledger entry reveals the hash, not the metadata
    leaf = json.loads(data["leaf"])
    assert "示范签约平台" not in data["leaf"] and leaf["event_type"] == "ledger.deposited"


def test_batch_deposit_api(deposit_key):
    records = [f"invoice {n}".encode() for n in range(50)]
    body = {
        "deposits": [
            {"sha256": sha(r), "kind": "invoice", "reference": f"INV-{n:04d}"}
            for n, r in enumerate(records)
        ]
    }
    r = deposit_key.post("/api/v1/institution/deposits/batch", body, format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert len(data["receipts"]) == 50
    for receipt, record in zip(data["receipts"], records, strict=True):
        _check_receipt(receipt, data["signed_tree_head"], data["chain"], record)


def test_deposit_refusals(deposit_key, demo):
    bad = deposit_key.post(
        "/api/v1/institution/deposits/batch",
        {
            "deposits": [
                {"sha256": "0" * 64, "kind": "contract"},
                {"sha256": "xyz", "kind": "contract"},
            ]
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "bad_deposit"
    assert "deposits.1.sha256" in bad.json()["errors"]
    assert deposit_key.post(
        "/api/v1/institution/deposits",
        {"sha256": "0" * 64, "kind": "contract", "time": "yesterday"},
        format="json",
    ).json()["errors"].keys() == {"time"}
    # a key without the deposit scope, and a person who is not an institution
    from yunting.institutions.keys import key_create

    _k, secret = key_create(user=demo["institution"], name="read only", scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Key {secret}")
    assert (
        client.post(
            "/api/v1/institution/deposits", {"sha256": "0" * 64, "kind": "x"}, format="json"
        ).status_code
        == 403
    )
    lawyer = APIClient()
    lawyer.force_authenticate(demo["lawyer"])
    r = lawyer.post(
        "/api/v1/institution/deposits", {"sha256": "0" * 64, "kind": "x"}, format="json"
    )
    assert r.status_code == 403
    with pytest.raises(LedgerError):
        deposits_create(
            depositor=demo["institution"], items=[{"sha256": "0" * 64, "kind": "x"}] * 1001
        )


# --- the check at upload ------------------------------------------------------------------


def test_deposit_before_the_case_is_matched_at_upload_and_an_altered_file_flagged(demo):
    from tests.efile.conftest import _accept
    from tests.efile.scans import blank_pdf
    from yunting.efile import services as efile
    from yunting.efile.selectors import item_deposit_marks

    original = blank_pdf(2)
    altered = blank_pdf(3)
    deposit = deposit_create(
        depositor=demo["institution"],
        item={"sha256": sha(original), "kind": "contract", "reference": "HT-2026-0099"},
    )
    case = _accept()  # the dispute comes later
    clerk = demo["clerk"]
    same = efile.item_upload(case=case, actor=clerk, data=original, name="借款合同")
    changed = efile.item_upload(
        case=case, actor=clerk, data=altered, name="借款合同HT-2026-0099.pdf"
    )
    plain = efile.item_upload(case=case, actor=clerk, data=blank_pdf(1), name="其他材料")
    checks = {c.source_id: c for c in EvidenceCheck.objects.filter(case_id=case.id)}
    assert checks[str(same.id)].outcome == CheckOutcome.DEPOSITED
    assert checks[str(same.id)].deposit_id == deposit.id
    assert checks[str(changed.id)].outcome == CheckOutcome.ALTERED
    assert str(plain.id) not in checks
    marks = item_deposit_marks([same, changed, plain])
    assert marks[same.id]["outcome"] == "deposited"
    assert marks[same.id]["deposit"]["depositor"] == demo["institution"].name
    assert marks[changed.id]["outcome"] == "altered"
    assert plain.id not in marks
    # the check is itself recorded in the case's ledger
    from yunting.ledger.models import Entry

    assert Entry.objects.filter(case_id=case.id, event_type="ledger.evidence_checked").count() == 2


def test_filing_attachment_is_checked_too(demo):
    from tests.filing.factories import cached_pdf, complete_filing
    from yunting.courts.models import Court
    from yunting.filing.services import filing_add_attachment

    pdf = cached_pdf("借条（存证）")
    deposit_create(depositor=demo["institution"], item={"sha256": sha(pdf), "kind": "iou"})
    filing = complete_filing(user=demo["lawyer"], court=Court.objects.get(code="沪0105"))
    att = filing_add_attachment(
        filing=filing, user=demo["lawyer"], kind="evidence", name="借条.pdf", data=pdf
    )
    check = EvidenceCheck.objects.get(source="filing_attachment", source_id=str(att.id))
    assert check.outcome == CheckOutcome.DEPOSITED


# --- keys kept with the log ---------------------------------------------------------------


def test_restore_without_the_key_folder_reports_key_unavailable(demo, settings, keys_dir, tmp_path):
    from django.db import transaction

    from tests.ledger.ledger_helpers import SampleEvent

    with transaction.atomic():
        services.record(SampleEvent.NOTE, payload={"n": 1})
    services.sign_tree_head()  # on commit, outside a test's transaction
    assert audit.verify_ledger().ok
    assert SignerKey.objects.filter(kind="ledger").exists()
    # the key folder is lost: the keys kept with the log still verify every head
    shutil.rmtree(keys_dir)
    assert audit.verify_ledger().ok
    # and a head whose key is nowhere says so, instead of "bad signature"
    from yunting.ledger.models import SignedTreeHead

    sth = SignedTreeHead.objects.order_by("-tree_size").first()
    assert services.sth_status(sth, {}) == services.HeadStatus.KEY_UNAVAILABLE
    forged = {sth.key_id: Ed25519PrivateKey.generate().public_key().public_bytes_raw()}
    assert services.sth_status(sth, forged) == services.HeadStatus.BAD_SIGNATURE


def test_export_carries_checkpoints_cosignatures_and_keys(demo, tmp_path, keys_dir):
    from django.db import transaction

    from tests.ledger.ledger_helpers import SampleEvent
    from yunting.ledger import export_check

    with transaction.atomic():
        services.record(SampleEvent.NOTE, payload={"n": 1})
    services.sign_tree_head()  # on commit, outside a test's transaction
    cp = witnessing.latest_checkpoint()
    witness_keys = [Ed25519PrivateKey.generate() for _ in range(3)]
    vkeys = []
    for n, k in enumerate(witness_keys):
        vkey = note.verifier_key(f"w{n}.example/w", 0x04, k.public_key().public_bytes_raw())
        witnessing.witness_add(name="", vkey=vkey, organisation=f"第{n}法院")
        vkeys.append(vkey)
    for n, k in enumerate(witness_keys[:2]):
        line = note.cosign(cp.body, f"w{n}.example/w", k, 1_800_000_000).line
        witnessing.cosignature_accept(tree_size=cp.tree_size, line=line)
    assert Cosignature.objects.count() == 2
    assert witnessing.head_witnessing(cp.tree_size)["witnessed"]
    # a forged cosignature is refused
    with pytest.raises(LedgerError):
        witnessing.cosignature_accept(
            tree_size=cp.tree_size,
            line=note.cosign(cp.body, "w2.example/w", witness_keys[0], 1).line,
        )
    out = tmp_path / "export"
    audit.export_ledger(out)
    shutil.rmtree(keys_dir)  # the verifier has no private key folder, and needs none
    summary = export_check.check(out)
    assert summary["ok"], summary
    assert summary["latest_witnessed_size"] == cp.tree_size
    # a higher court that trusts only the third witness sees no witnessed head
    strict = export_check.check(out, witnesses=[vkeys[2]], quorum=1)
    assert strict["ok"] and strict["latest_witnessed_size"] is None
    # an export whose log keys were dropped reports key unavailable
    (out / "keys.json").write_text("{}")
    chain = json.loads((out / "chain.json").read_text())
    chain["signers"] = []
    chain["log_verifier_keys"] = []
    (out / "chain.json").write_text(json.dumps(chain))
    broken = export_check.check(out)
    assert not broken["ok"]
    assert any("key unavailable" in p for p in broken["problems"])
    assert not any("does not verify" in p for p in broken["problems"])


def test_seed_demo_chain_deposits_marks_and_witnesses(demo, settings):
    from tests.efile.conftest import _accept
    from tests.filing.factories import cached_pdf
    from yunting.ledger.demo import seed_demo_chain
    from yunting.ledger.selectors import chain_status

    settings.YUNTING_WITNESS_QUORUM = 2
    case = _accept()
    assert seed_demo_chain(cached_pdf) == 3
    outcomes = sorted(
        EvidenceCheck.objects.filter(case_id=case.id).values_list("outcome", flat=True)
    )
    assert outcomes == [CheckOutcome.ALTERED, CheckOutcome.DEPOSITED]
    status = chain_status()
    assert len(status["witnesses"]) == 3
    assert status["latest_witnessed_size"] == status["latest"]["tree_size"]
    assert seed_demo_chain(cached_pdf) == 0  # idempotent


def test_a_proof_bundle_is_verified_against_the_lower_courts_witnessed_head(demo, tmp_path):
    from django.core.management import call_command
    from django.db import transaction

    from tests.ledger.ledger_helpers import SampleEvent
    from yunting.ledger.bundle import make_bundle, verify_bundle

    judgment = b"%PDF-1.7 first-instance judgment"
    with transaction.atomic():
        services.record(SampleEvent.DOCUMENT_FILED, payload={}, documents=[judgment])
    services.sign_tree_head()
    cp = witnessing.latest_checkpoint()
    wkeys, vkeys = [], []
    for n in range(2):
        k = Ed25519PrivateKey.generate()
        vkey = note.verifier_key(f"w{n}.example/w", 0x04, k.public_key().public_bytes_raw())
        witnessing.witness_add(name="", vkey=vkey)
        witnessing.cosignature_accept(
            tree_size=cp.tree_size, line=note.cosign(cp.body, f"w{n}.example/w", k, 1).line
        )
        wkeys.append(k)
        vkeys.append(vkey)
    services.sign_tree_head()  # later heads, not yet witnessed: the bundle uses the witnessed
    bundle = make_bundle(sha(judgment))
    assert note.parse_checkpoint(note.parse_note(bundle["checkpoint"]).body).size == cp.tree_size
    log = witnessing.log_vkey()
    ok = verify_bundle(bundle, log_keys=[log], witness_keys=vkeys, quorum=2)
    assert ok["ok"], ok
    # an untrusted log, too few trusted witnesses, an altered leaf: each is refused
    stranger = note.verifier_key(
        services.log_origin(), 0x01, Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    )
    assert (
        "key unavailable"
        in verify_bundle(bundle, log_keys=[stranger], witness_keys=vkeys, quorum=2)["problems"][0]
    )
    assert not verify_bundle(bundle, log_keys=[log], witness_keys=vkeys[:1], quorum=2)["ok"]
    forged = json.loads(json.dumps(bundle))
    forged["entries"][0]["leaf"] = forged["entries"][0]["leaf"].replace('"v":1', '"v":2')
    assert not verify_bundle(forged, log_keys=[log], witness_keys=vkeys, quorum=2)["ok"]
    # the command line does the same
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    args = ["verify", "--bundle", str(path), "--log-key", log, "--quorum", "2"]
    for v in vkeys:
        args += ["--witness", v]
    call_command("ledger", *args)


def _witnessed_bundle(judgment: bytes, names: list[str]) -> tuple[dict, list[str]]:
    """A recorded document whose head is cosigned by witnesses ``names``: its bundle, and
    the witnesses' verifier keys."""
    from django.db import transaction

    from tests.ledger.ledger_helpers import SampleEvent
    from yunting.ledger.bundle import make_bundle

    with transaction.atomic():
        services.record(SampleEvent.DOCUMENT_FILED, payload={}, documents=[judgment])
    services.sign_tree_head()
    cp = witnessing.latest_checkpoint()
    vkeys = []
    for name in names:
        k = Ed25519PrivateKey.generate()
        vkey = note.verifier_key(name, 0x04, k.public_key().public_bytes_raw())
        witnessing.witness_add(name="", vkey=vkey)
        witnessing.cosignature_accept(
            tree_size=cp.tree_size, line=note.cosign(cp.body, name, k, 1).line
        )
        vkeys.append(vkey)
    return make_bundle(sha(judgment)), vkeys


def test_the_bundle_page_checks_a_bundle_against_the_keys_the_reader_types(demo, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    judgment = b"%PDF-1.7 judgment that goes up on appeal"
    bundle, vkeys = _witnessed_bundle(judgment, ["w0.example/w", "w1.example/w"])
    log = witnessing.log_vkey()
    # the download on the verify page is the same bundle
    got = client.get("/ledger/verify/bundle.json", {"hash": sha(judgment)})
    assert got.status_code == 200 and got.json()["sha256"] == sha(judgment)
    assert client.get("/ledger/verify/bundle.json", {"hash": "ab" * 32}).status_code == 404
    assert client.get("/ledger/verify/bundle.json", {"hash": "nope"}).status_code == 400

    def post(data: bytes, log_keys: str, witness_keys: list[str], quorum: int = 2):
        upload = SimpleUploadedFile("bundle.json", data, content_type="application/json")
        return client.post(
            "/ledger/verify/bundle/",
            {
                "bundle": upload,
                "log_keys": log_keys,
                "witness_keys": "\n".join(witness_keys),
                "quorum": quorum,
            },
        )

    raw = json.dumps(bundle).encode()
    ok = post(raw, log, vkeys).context["result"]
    assert ok["ok"] and ok["sha256"] == sha(judgment) and len(ok["cosigners"]) == 2
    # one trusted witness of two needed; a log the reader does not trust: both said
    bad = post(raw, witnessing.log_vkey() + "\n", vkeys[:1]).context["result"]
    assert bad["codes"] == ["quorum"]
    stranger = note.verifier_key(
        services.log_origin(), 0x01, Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    )
    assert post(raw, stranger, vkeys).context["result"]["codes"] == ["log_untrusted"]
    forged = json.loads(raw)
    forged["sha256"] = sha(b"another document")
    assert post(json.dumps(forged).encode(), log, vkeys).context["result"]["codes"] == [
        "not_included"
    ]
    # not JSON, not a bundle, a key that is not a key: form errors, no result
    for data, keys, field in (
        (b"\xff\x00", log, "bundle"),
        (b'{"format": "other"}', log, "bundle"),
        (raw, "not-a-key", "log_keys"),
    ):
        page = post(data, keys, vkeys)
        assert page.status_code == 200 and page.context["result"] is None
        assert field in page.context["form"].errors
    # ?own=1 fills in this court's keys
    page = client.get("/ledger/verify/bundle/", {"own": "1"})
    own = page.context["form"]
    assert own.initial["log_keys"] == log and vkeys[0] in own.initial["witness_keys"]
    assert "证明包随案件移送其他法院" in page.content.decode()  # said in Chinese by default
    assert "您信任的见证节点中有 1 个联署" in bad["said"][0]


def test_verify_bundle_names_malformed_entries_instead_of_failing():
    from yunting.ledger.bundle import FORMAT, verify_bundle

    assert verify_bundle([], log_keys=[], witness_keys=[], quorum=0)["codes"] == ["format"]
    broken = {"format": FORMAT, "checkpoint": 7}
    assert verify_bundle(broken, log_keys=[], witness_keys=[], quorum=0)["codes"] == ["checkpoint"]
