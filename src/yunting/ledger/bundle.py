"""Proof bundles that travel with a case to another court (issue 22, cross-court verification).

A case transferred on appeal carries, for each of its documents, a bundle from the lower
court's log: the entry's leaf, its index, the inclusion proof against a witnessed head, and
that head's checkpoint note with its cosignatures. The higher court verifies it with nothing
but the lower court's log verifier key and the verifier keys of the witnesses it trusts (its
own witness among them): ``yunting ledger proof --hash H`` makes one, ``yunting ledger verify
--bundle FILE --log-key V --witness W …`` checks one. ``verify_bundle`` is pure (``note.py``,
``merkle.py``) so any tool can do the same.
"""

from __future__ import annotations

import json

from . import merkle, note

FORMAT = "yunting-proof-bundle/v1"
PROBLEM_CODES = ("format", "checkpoint", "log_signature", "log_untrusted", "quorum", "not_included")


def make_bundle(hash_hex: str) -> dict | None:
    """The bundle for a document hash in this log (None if it was never recorded)."""
    from .selectors import public_proof
    from .witnessing import log_vkey

    result = public_proof(hash_hex)
    if result is None or result.get("chain") is None:
        return None
    chain = result["chain"]
    proofs = chain.get("inclusion_proofs", {})
    entries = [
        {
            "leaf": e["leaf"],
            "leaf_index": e["leaf_index"],
            "inclusion_proof": proofs.get(str(e["sequence"]), []),
        }
        for e in result["entries"]
        if e.get("content_disclosed") and str(e["sequence"]) in proofs
    ]
    return {
        "format": FORMAT,
        "sha256": hash_hex,
        "log_verifier_key": log_vkey(),
        "checkpoint": chain["checkpoint"],
        "entries": entries,
    }


def verify_bundle(
    bundle: dict, *, log_keys: list[str], witness_keys: list[str], quorum: int
) -> dict:
    """Check a bundle against keys the verifier trusts (never the bundle's own key list).

    ``ok`` holds when the checkpoint is signed by a trusted log key, cosigned by at least
    ``quorum`` trusted witnesses, and some entry recording ``sha256`` is included in it.
    ``codes`` names each problem (``PROBLEM_CODES``) so a page can say it in the reader's
    language; ``problems`` says it in English for the command line."""
    problems: list[str] = []
    codes: list[str] = []

    def problem(code: str, text: str) -> None:
        codes.append(code)
        problems.append(text)

    logs = [note.parse_verifier_key(k) for k in log_keys]
    witnesses = [note.parse_verifier_key(k) for k in witness_keys]
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        problem("format", "not a yunting-proof-bundle/v1")
        return {"ok": False, "problems": problems, "codes": codes}
    try:
        parsed = note.parse_note(bundle["checkpoint"])
        cp = note.parse_checkpoint(parsed.body)
    except (note.NoteError, KeyError, TypeError, AttributeError):
        problem("checkpoint", "the checkpoint is not a signed note")
        return {"ok": False, "problems": problems, "codes": codes}
    signed = [v for v in logs if v.name == cp.origin and note.note_signed_by(parsed, v)]
    if not signed:
        known = any(s.name == cp.origin for s in parsed.signatures) and any(
            v.name == cp.origin and any(s.key_id == v.key_id for s in parsed.signatures)
            for v in logs
        )
        if known:
            problem("log_signature", "log signature does not verify")
        else:
            problem("log_untrusted", "key unavailable: log not trusted")
    cosigners = note.cosigners(parsed, witnesses)
    if len(cosigners) < quorum:
        problem("quorum", f"witnessed by {len(cosigners)} trusted witnesses, {quorum} needed")
    included = False
    entries = bundle.get("entries")
    for e in entries if isinstance(entries, list) else []:
        try:
            leaf = str(e.get("leaf", "")).encode()
            docs = json.loads(leaf).get("documents", [])
            proof = [bytes.fromhex(h) for h in e.get("inclusion_proof", [])]
            index = int(e.get("leaf_index", -1))
            if bundle.get("sha256") in docs and merkle.verify_inclusion(
                leaf, index, cp.size, proof, cp.root
            ):
                included = True
        except (ValueError, AttributeError, TypeError):
            continue
    if not included:
        problem("not_included", "no entry recording the hash is included in the checkpoint")
    return {
        "ok": not problems,
        "sha256": bundle.get("sha256"),
        "origin": cp.origin,
        "tree_size": cp.size,
        "cosigners": [v.name for v in cosigners],
        "problems": problems,
        "codes": codes,
    }
