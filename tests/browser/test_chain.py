"""The judicial chain in a browser (issue 22): a deposit verified on the public page with the
witnesses that cosigned its head, the chain page, and the deposit mark in the e-file."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import expect

from yunting.ledger import note, services, witnessing
from yunting.ledger.deposits import deposit_create

CONTRACT = b"%PDF-1.7\n% e-contract HT-2026-0007 signed on the platform\n"


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.YUNTING_WITNESS_QUORUM = 2


def _witness_latest_head(names: list[str]) -> int:
    services.sign_tree_head()
    cp = witnessing.latest_checkpoint()
    for n, name in enumerate(names):
        key = Ed25519PrivateKey.generate()
        vkey = note.verifier_key(name, 0x04, key.public_key().public_bytes_raw())
        witnessing.witness_add(name="", vkey=vkey, organisation=f"第{n + 1}中级人民法院")
        line = note.cosign(cp.body, name, key, 1_800_000_000).line
        witnessing.cosignature_accept(tree_size=cp.tree_size, line=line)
    return cp.tree_size


def test_a_deposit_verified_publicly_with_its_witnesses(page, demo):
    bank = demo["institution"]
    deposit_create(
        depositor=bank,
        item={
            "sha256": hashlib.sha256(CONTRACT).hexdigest(),
            "kind": "contract",
            "reference": "HT-2026-0007",
        },
    )
    size = _witness_latest_head(["court-1.example/w", "court-2.example/w"])

    page.goto("/ledger/verify/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "合同.pdf", "mimeType": "application/pdf", "buffer": CONTRACT}],
    )
    page.click("[data-testid=verify-form] button[type=submit]")
    result = page.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-status", "found")
    expect(result.locator("[data-testid=deposit]")).to_contain_text(bank.name)
    expect(result.locator("[data-testid=deposit-reference]")).to_have_text("HT-2026-0007")
    witnessing_box = result.locator("[data-testid=witnessing]")
    expect(witnessing_box).to_have_attribute("data-witnessed", "yes")
    expect(witnessing_box.locator("[data-testid=cosigners] li")).to_have_count(2)
    expect(witnessing_box).to_contain_text("第1中级人民法院")

    page.click("[data-testid=chain-link]")
    expect(page.locator("[data-testid=witness-row]")).to_have_count(2)
    expect(page.locator("[data-testid=witnessed-size]")).to_have_text(str(size))
    expect(page.locator("[data-testid=no-alarms]")).to_be_visible()
    expect(page.locator("[data-testid=log-vkey]")).to_contain_text(services.log_origin())


def test_a_bundle_downloaded_here_is_verified_on_the_bundle_page(page, demo, tmp_path):
    """The higher court's view: download the bundle from the verify page, then check it on
    the bundle page with this court's published keys, and with too few trusted witnesses."""
    from tests.browser.a11y import assert_accessible

    deposit_create(
        depositor=demo["institution"],
        item={"sha256": hashlib.sha256(CONTRACT).hexdigest(), "kind": "contract"},
    )
    _witness_latest_head(["court-1.example/w", "court-2.example/w"])
    page.goto(f"/ledger/verify/?sha256={hashlib.sha256(CONTRACT).hexdigest()}")
    with page.expect_download() as info:
        page.click("[data-testid=download-bundle]")
    saved = tmp_path / "bundle.json"
    info.value.save_as(saved)

    page.click("[data-testid=bundle-link]")
    page.click("[data-testid=own-keys]")  # this court's log key and its witnesses, quorum 2
    expect(page.locator("textarea[name=log_keys]")).to_have_value(witnessing.log_vkey())
    page.set_input_files("input[name=bundle]", str(saved))
    page.click("[data-testid=bundle-form] button[type=submit]")
    result = page.locator("[data-testid=bundle-result]")
    expect(result).to_have_attribute("data-status", "valid")
    expect(result.locator("[data-testid=bundle-cosigners]")).to_contain_text("court-2.example/w")
    assert_accessible(page)

    # a reader who trusts only one of the two witnesses is told the quorum is not met
    keys = page.locator("textarea[name=witness_keys]").input_value().splitlines()
    page.fill("textarea[name=witness_keys]", keys[0])
    page.set_input_files("input[name=bundle]", str(saved))
    page.click("[data-testid=bundle-form] button[type=submit]")
    expect(result).to_have_attribute("data-status", "invalid")
    expect(result.locator("[data-testid=bundle-problems] li")).to_have_count(1)
    expect(result.locator("[data-testid=bundle-problems]")).to_contain_text("2")
    # a file that is not a bundle is refused by the form, with nothing verified
    page.set_input_files(
        "input[name=bundle]",
        files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"[1, 2]"}],
    )
    page.click("[data-testid=bundle-form] button[type=submit]")
    expect(page.locator("[data-testid=bundle-result]")).to_have_count(0)
    expect(page.locator("[data-testid=bundle-form]")).to_contain_text("yunting-proof-bundle/v1")


def test_the_efile_marks_deposited_and_altered_items(page, demo, login):
    from tests.efile.conftest import _accept
    from tests.efile.scans import blank_pdf
    from yunting.efile import services as efile

    original, altered = blank_pdf(2), blank_pdf(3)
    deposit_create(
        depositor=demo["institution"],
        item={
            "sha256": hashlib.sha256(original).hexdigest(),
            "kind": "contract",
            "reference": "HT-2026-0042",
        },
    )
    case = _accept()
    clerk = demo["clerk"]
    efile.item_upload(case=case, actor=clerk, data=original, name="借款合同")
    efile.item_upload(case=case, actor=clerk, data=altered, name="借款合同HT-2026-0042")

    login(page, clerk)
    page.goto(f"/efile/case/{case.id}/main/")
    marks = page.locator("[data-testid=deposit-mark]")
    expect(marks).to_have_count(2)
    expect(page.locator("[data-testid=deposit-mark][data-outcome=deposited]")).to_contain_text(
        demo["institution"].name
    )
    expect(page.locator("[data-testid=deposit-mark][data-outcome=altered]")).to_contain_text(
        "HT-2026-0042"
    )
    # the item's own page carries the mark and links to the deposit's proof
    page.locator("[data-testid=item-row]", has_text="借款合同").first.locator(
        "[data-testid=item-link]"
    ).click()
    page.click("[data-testid=deposit-proof]")
    expect(page.locator("[data-testid=verify-result]")).to_have_attribute("data-status", "found")
    expect(page.locator("[data-testid=deposit-reference]")).to_have_text("HT-2026-0042")


def test_a_whole_log_export_is_verified_on_the_bundle_page_and_a_tampered_one_rejected(
    page, demo, tmp_path
):
    """Another court's view of a whole log: the operator's ``yunting ledger export``, zipped
    as a person sends a folder, checked with this court's published keys; then the same
    export with one entry rewritten (its leaf hash recomputed to hide it)."""
    import json
    import shutil
    from io import StringIO

    from django.core.management import call_command

    from tests.browser.a11y import assert_accessible
    from yunting.ledger import merkle

    deposit_create(
        depositor=demo["institution"],
        item={"sha256": hashlib.sha256(CONTRACT).hexdigest(), "kind": "contract"},
    )
    size = _witness_latest_head(["court-1.example/w", "court-2.example/w"])
    folder = tmp_path / "court-log"
    call_command("ledger", "export", "--out", str(folder), stdout=StringIO())
    archive = shutil.make_archive(str(tmp_path / "court-log"), "zip", tmp_path, "court-log")

    page.goto("/ledger/verify/bundle/")
    page.click("[data-testid=own-keys]")  # this court's log key and its witnesses, quorum 2
    page.set_input_files("input[name=bundle]", archive)
    page.click("[data-testid=bundle-form] button[type=submit]")
    result = page.locator("[data-testid=export-result]")
    expect(result).to_have_attribute("data-status", "valid")
    entries = len((folder / "entries.jsonl").read_text().splitlines())
    expect(result.locator("[data-testid=export-entries]")).to_have_text(str(entries))
    expect(result.locator("[data-testid=export-witnessed]")).to_contain_text(str(size))
    expect(result.locator("[data-testid=export-problems]")).to_have_count(0)
    assert_accessible(page)

    # entry 3 rewritten, its leaf hash recomputed: the heads and checkpoints from 3 on say so
    lines = (folder / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[2])
    leaf = json.loads(row["leaf"])
    leaf["time"] = "2020-01-01T00:00:00.000000Z"
    row["leaf"] = services.canonical_json(leaf)
    row["leaf_hash"] = merkle.leaf_hash(row["leaf"].encode()).hex()
    lines[2] = json.dumps(row, ensure_ascii=False)
    (folder / "entries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    tampered = shutil.make_archive(str(tmp_path / "tampered"), "zip", tmp_path, "court-log")
    page.set_input_files("input[name=bundle]", tampered)
    page.click("[data-testid=bundle-form] button[type=submit]")
    expect(result).to_have_attribute("data-status", "invalid")
    problems = result.locator("[data-testid=export-problems] li")
    expect(problems.first).to_be_visible()
    expect(result.locator("li[data-code=head_root]").first).to_contain_text("签名树头")
    expect(result.locator("li[data-code=checkpoint_root]").first).to_contain_text("检查点")
    assert_accessible(page)

    # an archive that is not an export is said so, nothing verified
    page.set_input_files(
        "input[name=bundle]",
        files=[{"name": "x.zip", "mimeType": "application/zip", "buffer": b"PK\x03\x04junk"}],
    )
    page.click("[data-testid=bundle-form] button[type=submit]")
    expect(result).to_have_attribute("data-status", "invalid")
    expect(result.locator("[data-testid=export-unreadable]")).to_be_visible()
