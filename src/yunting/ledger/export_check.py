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
            carry = merkle._hash_children(self.hashes.pop(level), carry)
            level += 1
        self.hashes[level] = carry
        self.size += 1

    def root(self) -> bytes:
        if not self.hashes:
            return merkle.EMPTY_ROOT
        levels = sorted(self.hashes)
        acc = self.hashes[levels[0]]
        for lv in levels[1:]:
            acc = merkle._hash_children(self.hashes[lv], acc)
        return acc


def main(directory: str) -> int:
    d = Path(directory)
    problems: list[str] = []
    public_keys = json.loads((d / "keys.json").read_text())
    with open(d / "heads.jsonl", encoding="utf-8") as fh:
        heads = sorted((json.loads(line) for line in fh), key=lambda h: h["tree_size"])
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        for h in heads:
            try:
                key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_keys[h["key_id"]]))
                key.verify(bytes.fromhex(h["signature"]), sth_message(h))
            except Exception:
                problems.append(f"head {h['tree_size']}: signature does not verify")
    except ImportError:  # pragma: no cover - reported; roots are still checked
        problems.append("cryptography is not installed: signatures not checked")

    tree = _Frontier()
    pending = list(heads)

    def check_heads() -> None:
        while pending and pending[0]["tree_size"] == tree.size:
            h = pending.pop(0)
            if tree.root().hex() != h["root_hash"]:
                problems.append(f"head {h['tree_size']}: root does not match the entries")

    check_heads()
    with open(d / "entries.jsonl", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            e = json.loads(line)
            leaf = e["leaf"].encode("utf-8")
            env = json.loads(e["leaf"])
            if e["seq"] != n or env["seq"] != n:
                problems.append(f"entry {n}: sequence number out of order")
            leaf_hash = merkle.leaf_hash(leaf)
            if leaf_hash.hex() != e["leaf_hash"]:
                problems.append(f"entry {n}: leaf hash mismatch")
            if e.get("private") is not None:
                digest = hashlib.sha256(e["private"].encode("utf-8")).hexdigest()
                if digest != env["private"]:
                    problems.append(f"entry {n}: private part digest mismatch")
            tree.append(leaf_hash)
            check_heads()
    for h in pending:
        problems.append(f"head {h['tree_size']}: covers entries missing from the export")
    summary = {"ok": not problems, "entries": tree.size, "heads": len(heads)}
    summary["problems"] = problems[:20]
    print(json.dumps(summary))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
