"""Check a Yunting ledger export with no Yunting installed: ``python3 check_export.py DIR``.

Copied into every export next to ``merkle.py`` (the RFC 6962 code). It needs only Python 3
and, for the signatures, the ``cryptography`` package. It checks that every leaf hash matches
its leaf text, that every leaf's private-part digest matches, that sequence numbers run 1..N,
and that every signed tree head is signed by a key in ``keys.json`` over the documented
message and has the root recomputed from the leaves. Exit status 0 means all of it held.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import merkle

try:
    import note
except ImportError:  # pragma: no cover - exports made before issue 22 carry no note.py
    note = None


MAX_FINDINGS = 500  # a page lists this many; the count says how many there were


def sth_message(head: dict) -> bytes:
    return (
        "yunting-ledger-sth/v1\n"
        f"tree_size={head['tree_size']}\nroot_hash={head['root_hash']}\n"
        f"timestamp={head['timestamp_ms']}\nkey_id={head['key_id']}\n"
    ).encode("ascii")


class _Frontier:
    """Roots of the complete subtrees on the right edge: the root at every size in one pass."""

    def __init__(self) -> None:
        self.size = 0
        self.hashes: dict[int, bytes] = {}

    def append(self, leaf_hash: bytes) -> None:
        carry, level = leaf_hash, 0
        while (self.size >> level) & 1:
            carry = merkle.hash_children(self.hashes.pop(level), carry)
            level += 1
        self.hashes[level] = carry
        self.size += 1

    def root(self) -> bytes:
        if not self.hashes:
            return merkle.EMPTY_ROOT
        levels = sorted(self.hashes)
        acc = self.hashes[levels[0]]
        for lv in levels[1:]:
            acc = merkle.hash_children(self.hashes[lv], acc)
        return acc


class Problems(list):
    """The problems found, in English (``problems``), each also as a finding a page can say
    in its reader's language: ``{"code", "at", "text"}`` where ``at`` is the entry sequence
    number, head or checkpoint size it concerns (None for the export as a whole)."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[dict] = []

    def add(self, code: str, at: int | None, text: str) -> None:
        self.append(text)
        self.findings.append({"code": code, "at": at, "text": text})


def check(
    directory: str | Path,
    *,
    witnesses: list[str] | None = None,
    quorum: int | None = None,
    log_keys: list[str] | None = None,
) -> dict:
    """Check an export; ``witnesses`` (verifier keys) and ``quorum`` override the export's own
    list, for a verifier who trusts only the witnesses it knows (a higher court).
    ``log_keys`` (the log's published verifier keys) replace the keys the export carries for
    heads and checkpoints alike: an export re-signed by whoever altered it then fails."""
    d = Path(directory)
    problems = Problems()
    chain_path = d / "chain.json"
    chain = json.loads(chain_path.read_text(encoding="utf-8")) if chain_path.exists() else {}
    if log_keys is None:
        public_keys = json.loads((d / "keys.json").read_text())
        for signer in chain.get("signers", []):
            if signer.get("kind") == "ledger":
                public_keys.setdefault(signer["key_id"], signer["public_key"])
    else:  # a head's key id is the first 16 hex digits of SHA-256 of its raw key (keys.py)
        raws = [note.parse_verifier_key(k).public_raw for k in log_keys]
        public_keys = {hashlib.sha256(r).hexdigest()[:16]: r.hex() for r in raws}
    roots: dict[int, bytes] = {}
    with open(d / "heads.jsonl", encoding="utf-8") as fh:
        heads = sorted((json.loads(line) for line in fh), key=lambda h: h["tree_size"])
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        for h in heads:
            if h["key_id"] not in public_keys:
                problems.add(
                    "head_key",
                    h["tree_size"],
                    f"head {h['tree_size']}: key unavailable ({h['key_id']})",
                )
                continue
            try:
                key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_keys[h["key_id"]]))
                key.verify(bytes.fromhex(h["signature"]), sth_message(h))
            except Exception:
                problems.add(
                    "head_signature",
                    h["tree_size"],
                    f"head {h['tree_size']}: signature does not verify",
                )
    except ImportError:  # pragma: no cover - reported; roots are still checked
        problems.add("no_crypto", None, "cryptography is not installed: signatures not checked")

    tree = _Frontier()
    pending = list(heads)

    wanted_sizes = set()
    cp_path = d / "checkpoints.jsonl"
    checkpoints = []
    if cp_path.exists():
        with open(cp_path, encoding="utf-8") as fh:
            checkpoints = [json.loads(line) for line in fh if line.strip()]
        wanted_sizes = {c["tree_size"] for c in checkpoints}

    def check_heads() -> None:
        if tree.size in wanted_sizes:
            roots[tree.size] = tree.root()
        while pending and pending[0]["tree_size"] == tree.size:
            h = pending.pop(0)
            if tree.root().hex() != h["root_hash"]:
                problems.add(
                    "head_root",
                    h["tree_size"],
                    f"head {h['tree_size']}: root does not match the entries",
                )

    check_heads()
    with open(d / "entries.jsonl", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            e = json.loads(line)
            leaf = e["leaf"].encode("utf-8")
            env = json.loads(e["leaf"])
            if e["seq"] != n or env["seq"] != n:
                problems.add("entry_order", n, f"entry {n}: sequence number out of order")
            leaf_hash = merkle.leaf_hash(leaf)
            if leaf_hash.hex() != e["leaf_hash"]:
                problems.add("entry_leaf", n, f"entry {n}: leaf hash mismatch")
            if e.get("private") is not None:
                digest = hashlib.sha256(e["private"].encode("utf-8")).hexdigest()
                if digest != env["private"]:
                    problems.add("entry_private", n, f"entry {n}: private part digest mismatch")
            tree.append(leaf_hash)
            check_heads()
    for h in pending:
        problems.add(
            "head_missing",
            h["tree_size"],
            f"head {h['tree_size']}: covers entries missing from the export",
        )
    summary = {"ok": False, "entries": tree.size, "heads": len(heads)}
    if checkpoints:
        summary.update(
            _check_checkpoints(chain, checkpoints, roots, problems, witnesses, quorum, log_keys)
        )
    summary["ok"] = not problems
    summary["problems"] = problems[:20]
    summary["problem_count"] = len(problems)
    summary["findings"] = problems.findings[:MAX_FINDINGS]
    return summary


def _check_checkpoints(chain, checkpoints, roots, problems, witnesses, quorum, log_keys) -> dict:
    """Each checkpoint: the log's note signature, the root recomputed from the entries, and
    the cosignatures of the trusted witnesses; witnessed = at least the quorum cosigned."""
    if note is None:
        problems.add("no_note", None, "note.py is missing: checkpoints not checked")
        return {}
    logs = []
    for text in chain.get("log_verifier_keys", []) if log_keys is None else log_keys:
        try:
            logs.append(note.parse_verifier_key(text))
        except note.NoteError:
            problems.add("chain_key", None, "chain.json: a log verifier key is not valid")
    trusted = witnesses
    if trusted is None:
        trusted = [w["vkey"] for w in chain.get("witnesses", []) if w.get("active", True)]
    verifiers = []
    for text in trusted:
        try:
            verifiers.append(note.parse_verifier_key(text))
        except note.NoteError:
            problems.add("witness_key", None, f"witness key not valid: {text[:40]}")
    need = int(quorum if quorum is not None else chain.get("quorum", 1))
    witnessed = []
    for row in checkpoints:
        size = row["tree_size"]
        try:
            parsed = note.parse_note(row["note"])
            cp = note.parse_checkpoint(parsed.body)
        except note.NoteError:
            problems.add("checkpoint_note", size, f"checkpoint {size}: not a signed note")
            continue
        if cp.size != size or cp.origin != chain.get("origin"):
            problems.add("checkpoint_names", size, f"checkpoint {size}: names another size or log")
        if not any(note.note_signed_by(parsed, v) for v in logs):
            known = {v.key_id for v in logs}
            if not any(s.name == cp.origin and s.key_id in known for s in parsed.signatures):
                problems.add("checkpoint_key", size, f"checkpoint {size}: key unavailable")
            else:
                problems.add(
                    "checkpoint_signature",
                    size,
                    f"checkpoint {size}: log signature does not verify",
                )
        if size in roots and roots[size] != cp.root:
            problems.add(
                "checkpoint_root", size, f"checkpoint {size}: root differs from the entries"
            )
        elif size not in roots and size != 0:
            problems.add(
                "checkpoint_missing",
                size,
                f"checkpoint {size}: covers entries missing from the export",
            )
        cosigned = note.cosigners(parsed, verifiers)
        if len(cosigned) >= need:
            witnessed.append(size)
    return {
        "checkpoints": len(checkpoints),
        "witnessed_checkpoints": len(witnessed),
        "latest_witnessed_size": max(witnessed) if witnessed else None,
        "quorum": need,
    }


def main(directory: str) -> int:
    summary = check(directory)
    print(json.dumps(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
