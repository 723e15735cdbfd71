"""Operations on the whole log: full verification and export for outside parties.

Verification trusts nothing stored except the public keys: it recomputes every leaf from the
entry text, rebuilds the tree level by level, and compares with the stored nodes, the log head
and every signed tree head. It streams entries, so memory is ~64 bytes per entry (the
recomputed hashes), and it names the first sequence number that is wrong.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from . import merkle
from .guard import PROTECTED_TABLES
from .models import NODE_LEVEL_SHIFT, DocumentRef, Entry, LogHead, Node, SignedTreeHead
from .selectors import signed_head_data
from .services import HeadStatus, format_time, ledger_public_keys, sth_status
from .store import Frontier

MAX_PROBLEMS = 20
_SALT = re.compile(r"[0-9a-f]{32}")
DOCUMENT_INDEX_TRIGGER = "ledger_documentref_insert_check"  # migration 0003


@dataclass
class Report:
    entries: int = 0
    nodes: int = 0
    signed_heads: int = 0
    first_bad_sequence: int | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def bad(self, seq: int | None, message: str) -> None:
        if seq is not None and (self.first_bad_sequence is None or seq < self.first_bad_sequence):
            self.first_bad_sequence = seq
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append("…")

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "nodes": self.nodes,
            "signed_heads": self.signed_heads,
            "first_bad_sequence": self.first_bad_sequence,
            "problems": self.problems,
            "seconds": round(self.seconds, 3),
        }


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _check_entry(report: Report, row: tuple, refs: list[str]) -> bytes:
    (seq, when, actor_id, actor_name, event_type, court_id, case_id, docs, leaf, private, lh) = row
    recomputed = merkle.leaf_hash(leaf.encode())
    if recomputed.hex() != lh:
        report.bad(seq, f"entry {seq}: leaf hash does not match the leaf text")
    try:
        env = json.loads(leaf)
        priv = json.loads(private)
    except ValueError:
        report.bad(seq, f"entry {seq}: leaf or private part is not JSON")
        return recomputed
    expected_env = {
        "v": env.get("v"),
        "seq": seq,
        "time": format_time(when),
        "event_type": event_type,
        "documents": docs,
        "private": hashlib.sha256(private.encode()).hexdigest(),
    }
    expected_priv = {
        "actor": _str(actor_id),
        "actor_name": actor_name,
        "court": _str(court_id),
        "case": _str(case_id),
        "payload": priv.get("payload"),
        "salt": priv.get("salt"),
    }
    if env != expected_env or priv != expected_priv:
        report.bad(seq, f"entry {seq}: columns differ from the hashed text")
    if not _SALT.fullmatch(str(priv.get("salt") or "")):
        # Without its salt the private hash in the public leaf can be confirmed by guessing
        # the payload (an amount, a name): every entry carries 16 random bytes.
        report.bad(seq, f"entry {seq}: private part has no salt")
    if sorted(set(docs)) != refs:
        report.bad(seq, f"entry {seq}: document index differs from the entry")
    return recomputed


def _stream_refs():
    qs = DocumentRef.objects.order_by("entry_id", "sha256").values_list("entry_id", "sha256")
    yield from qs.iterator(chunk_size=5000)
    yield (None, None)


def _missing_triggers() -> list[str]:
    """The append-only triggers of migrations 0002 and 0003 that are not (or no longer) there."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            suffixes = ("_no_update", "_no_delete")
        else:
            cur.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            suffixes = ("_append_only", "_no_truncate")
        present = {r[0] for r in cur.fetchall()}
    wanted = [t + s for t in PROTECTED_TABLES for s in suffixes] + [DOCUMENT_INDEX_TRIGGER]
    return [t for t in wanted if t not in present]


def verify_ledger() -> Report:
    """Check everything; see the module docstring."""
    started = time.perf_counter()
    report = Report()
    for trigger in _missing_triggers():
        report.bad(None, f"append-only trigger {trigger} is missing")

    # 1. Entries, in order, against their own text and the document index.
    leaves = bytearray()
    bad_below: set[int] = set()  # indexes already known bad at the level below
    refs = _stream_refs()
    ref_seq, ref_sha = next(refs)
    expected = 1
    rows = Entry.objects.order_by("seq").values_list(
        "seq",
        "time",
        "actor_id",
        "actor_name",
        "event_type",
        "court_id",
        "case_id",
        "document_hashes",
        "leaf",
        "private",
        "leaf_hash",
    )
    for row in rows.iterator(chunk_size=5000):
        seq = row[0]
        if seq != expected:
            report.bad(expected, f"sequence gap: expected {expected}, found {seq}")
            break
        mine: list[str] = []
        while ref_seq is not None and ref_seq <= seq:
            if ref_seq < seq:
                report.bad(ref_seq, f"document index row for entry {ref_seq} is unexpected")
            else:
                mine.append(ref_sha)
            ref_seq, ref_sha = next(refs)
        problems_before = len(report.problems)
        leaves += _check_entry(report, row, mine)
        if len(report.problems) != problems_before:
            bad_below.add(seq - 1)
        expected += 1
    if ref_seq is not None:
        report.bad(ref_seq, f"document index row for missing entry {ref_seq}")
    n = expected - 1
    report.entries = n

    # 2. The tree, level by level, against the stored complete-subtree nodes.
    levels: list[bytes] = [bytes(leaves)]
    level = 0
    while (n >> (level + 1)) > 0:
        prev = levels[level]
        level += 1
        count = n >> level
        cur = bytearray()
        for i in range(count):
            cur += merkle.hash_children(prev[64 * i : 64 * i + 32], prev[64 * i + 32 : 64 * i + 64])
        levels.append(bytes(cur))
        stored = (
            Node.objects.filter(
                key__gte=level << NODE_LEVEL_SHIFT, key__lt=(level + 1) << NODE_LEVEL_SHIFT
            )
            .order_by("key")
            .values_list("index", "hash")
        )
        # A node above a known-bad child differs as a consequence; only a node whose children
        # are both fine (a stored node was edited, or a leaf rewritten with its hash) is news.
        i = 0
        bad_here: set[int] = set()
        for index, h in stored.iterator(chunk_size=10000):
            report.nodes += 1
            first = (index << level) + 1
            if index != i or index >= count:
                report.bad(min(first, (i << level) + 1), f"node ({level}, {index}) out of place")
                break
            if bytes(h) != cur[32 * i : 32 * i + 32]:
                bad_here.add(i)
                if 2 * i not in bad_below and 2 * i + 1 not in bad_below:
                    report.bad(first, f"node ({level}, {index}) differs from the recomputed tree")
            elif 2 * i in bad_below or 2 * i + 1 in bad_below:
                bad_here.add(i)
            i += 1
        bad_below = bad_here
        if i < count:
            report.bad((i << level) + 1, f"node ({level}, {i}) is missing")
    extra = Node.objects.filter(key__gte=(level + 1) << NODE_LEVEL_SHIFT).count()
    if extra:
        report.bad(None, f"{extra} stored nodes lie beyond the tree")

    def root_at(size: int) -> bytes:
        if size == 0:
            return merkle.EMPTY_ROOT
        parts = [levels[lv][32 * idx : 32 * idx + 32] for lv, idx in merkle.range_nodes(0, size)]
        return merkle.fold(parts)

    # 3. The mutable head row.
    head = LogHead.objects.filter(pk=1).first()
    if head is not None:
        if head.size != n:
            report.bad(min(head.size, n) + 1, f"log head says {head.size} entries, found {n}")
        else:
            pairs = merkle.range_nodes(0, n)
            frontier = Frontier(
                size=n, hashes={lv: levels[lv][32 * i : 32 * i + 32] for lv, i in pairs}
            )
            if bytes(head.frontier) != frontier.to_bytes() or bytes(head.root_hash) != root_at(n):
                report.bad(None, "log head frontier or root differs from the recomputed tree")

    # 4. Every signed tree head: signature and root.
    # A head whose root differs only says "something in (last good head, this head] changed";
    # that bound names the first bad entry only when nothing more precise was found above.
    pubs = ledger_public_keys()
    last_good = 0
    bound: int | None = None
    for sth in SignedTreeHead.objects.order_by("tree_size").iterator():
        report.signed_heads += 1
        status = sth_status(sth, pubs)
        if status == HeadStatus.KEY_UNAVAILABLE:
            report.bad(None, f"signed head {sth.tree_size}: key unavailable ({sth.key_id})")
        elif status != HeadStatus.VALID:
            report.bad(None, f"signed head {sth.tree_size}: bad signature")
        elif sth.tree_size > n:
            report.bad(None, f"signed head {sth.tree_size} covers entries that do not exist")
            bound = n + 1 if bound is None else bound
        elif root_at(sth.tree_size).hex() != sth.root_hash:
            report.bad(None, f"signed head {sth.tree_size}: root differs")
            bound = last_good + 1 if bound is None else bound
        else:
            last_good = sth.tree_size
    if report.first_bad_sequence is None and bound is not None:
        report.first_bad_sequence = bound
    report.seconds = time.perf_counter() - started
    return report


def export_ledger(out: Path) -> dict:
    """Write entries, signed heads, public keys and a standalone checker into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    sth = SignedTreeHead.objects.order_by("-tree_size").first()
    size = sth.tree_size if sth else 0
    with open(out / "entries.jsonl", "w", encoding="utf-8") as fh:
        rows = (
            Entry.objects.filter(seq__lte=size)
            .order_by("seq")
            .values_list("seq", "leaf", "leaf_hash", "private")
        )
        for seq, leaf, lh, private in rows.iterator(chunk_size=5000):
            line = {"seq": seq, "leaf": leaf, "leaf_hash": lh, "private": private}
            fh.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(out / "heads.jsonl", "w", encoding="utf-8") as fh:
        for head in SignedTreeHead.objects.filter(tree_size__lte=size).order_by("tree_size"):
            fh.write(json.dumps(signed_head_data(head), separators=(",", ":")) + "\n")
    pubs = {kid: raw.hex() for kid, raw in ledger_public_keys().items()}
    (out / "keys.json").write_text(json.dumps(pubs, indent=2, sort_keys=True) + "\n")
    from .witnessing import chain_export

    chain_export(out, size)
    here = Path(__file__).parent
    shutil.copyfile(here / "merkle.py", out / "merkle.py")
    shutil.copyfile(here / "note.py", out / "note.py")
    shutil.copyfile(here / "export_check.py", out / "check_export.py")
    return {"tree_size": size, "directory": str(out)}
