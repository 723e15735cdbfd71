"""The Merkle tree kept in the database: incremental appends and O(log n) proofs.

Why stored subtrees: a proof at a million entries needs ~20 hashes; recomputing them from the
leaves would read the whole log. Each append writes the complete subtrees it finishes (on
average one node per entry), computed from the log head's *frontier* (the roots of the complete
subtrees along the right edge), so appending never reads old nodes either.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import merkle
from .errors import LedgerCorrupt
from .models import Entry, LogHead, Node, node_key


@dataclass
class Frontier:
    """Compact range [0, size): the hash of one complete subtree per set bit of ``size``."""

    size: int = 0
    hashes: dict[int, bytes] = field(default_factory=dict)  # level -> hash

    def append(self, leaf_hash: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf; return the complete subtrees (level, index, hash) it finishes."""
        made: list[tuple[int, int, bytes]] = []
        m = self.size
        carry = leaf_hash
        level = 0
        while (m >> level) & 1:
            carry = merkle.hash_children(self.hashes.pop(level), carry)
            level += 1
            made.append((level, m >> level, carry))
        self.hashes[level] = carry
        self.size += 1
        return made

    def root(self) -> bytes:
        if not self.hashes:
            return merkle.EMPTY_ROOT
        levels = sorted(self.hashes)
        acc = self.hashes[levels[0]]
        for lv in levels[1:]:
            acc = merkle.hash_children(self.hashes[lv], acc)
        return acc

    def to_bytes(self) -> bytes:
        return b"".join(self.hashes[lv] for lv in sorted(self.hashes, reverse=True))

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> Frontier:
        levels = [lv for lv in range(size.bit_length() - 1, -1, -1) if (size >> lv) & 1]
        if len(data) != 32 * len(levels):
            raise LedgerCorrupt("The log head's frontier does not match its size.")
        hashes = {lv: bytes(data[i * 32 : (i + 1) * 32]) for i, lv in enumerate(levels)}
        return cls(size=size, hashes=hashes)


def subtree_hashes(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Fetch stored complete-subtree hashes: two indexed queries however many are asked for."""
    pairs = set(pairs)
    leaves = {idx + 1 for lv, idx in pairs if lv == 0}
    keys = {node_key(lv, idx): (lv, idx) for lv, idx in pairs if lv > 0}
    found: dict[tuple[int, int], bytes] = {}
    if leaves:
        for seq, h in _rows_in(Entry, "seq", "leaf_hash", leaves):
            found[(0, seq - 1)] = bytes.fromhex(h)
    if keys:
        for key, h in _rows_in(Node, "key", "hash", keys):
            found[keys[key]] = bytes(h)
    missing = pairs - found.keys()
    if missing:
        raise LedgerCorrupt(f"Stored tree nodes are missing: {sorted(missing)[:5]}")
    return found


def _rows_in(model, key: str, value: str, wanted) -> list[tuple]:
    """``SELECT key, value WHERE key IN (...)`` for integer keys, in chunks: Django's ``__in``
    prepares each of a batch's thousands of values one by one (bench/ledger.py)."""
    from django.db import connection

    ops = connection.ops
    wanted = [int(w) for w in wanted]
    out: list[tuple] = []
    table, k, v = ops.quote_name(model._meta.db_table), ops.quote_name(key), ops.quote_name(value)
    with connection.cursor() as cur:
        for i in range(0, len(wanted), 900):
            chunk = wanted[i : i + 900]
            marks = ", ".join(["%s"] * len(chunk))
            # identifiers come from model metadata, values are bound parameters
            cur.execute(f"SELECT {k}, {v} FROM {table} WHERE {k} IN ({marks})", chunk)  # noqa: S608
            out.extend(cur.fetchall())
    return out


def range_hashes(ranges: Sequence[tuple[int, int]]) -> list[bytes]:
    """MTH of each leaf range, from stored subtrees."""
    unique = list(dict.fromkeys(ranges))  # a batch's proofs share most of their ranges
    pieces = [merkle.range_nodes(lo, hi) for lo, hi in unique]
    found = subtree_hashes(p for ps in pieces for p in ps)
    folded = {r: merkle.fold([found[p] for p in ps]) for r, ps in zip(unique, pieces, strict=True)}
    return [folded[r] for r in ranges]


def root_at(size: int) -> bytes:
    """The root of the first ``size`` leaves (any size up to the current one)."""
    if size == 0:
        return merkle.EMPTY_ROOT
    return range_hashes([(0, size)])[0]


def inclusion_proofs(
    indexes: Sequence[int], size: int, leaf_hashes: dict[int, bytes] | None = None
) -> list[list[bytes]]:
    """Audit paths for several leaves against the tree of ``size`` leaves, fetched together.

    Why one walk of the tree rather than a path per leaf: a 1,000-deposit batch asks for a
    thousand paths that share almost every node. The walk visits each node on the union of
    the paths once, hashing the subtrees that hold asked-for leaves from their leaf hashes
    (``leaf_hashes``, by 0-based index, saves reading the ones the caller just wrote) and
    reading only the O(log n) stored subtrees beside them. The root it arrives at is checked
    against the stored tree, so a path is never handed out for a tree that does not exist.
    """
    if not indexes:
        return []
    wanted = sorted(set(indexes))
    if wanted[0] < 0 or wanted[-1] >= size:
        raise ValueError(f"index outside a tree of {size} leaves")
    known = dict(leaf_hashes or {})
    need: list[tuple[int, int]] = []

    def plan(lo: int, hi: int, idx: list[int]) -> None:
        if hi - lo == 1:
            if lo not in known:
                need.append((lo, hi))
            return
        mid = lo + merkle._split(hi - lo)
        cut = bisect_left(idx, mid)
        for a, b, part in ((lo, mid, idx[:cut]), (mid, hi, idx[cut:])):
            if part:
                plan(a, b, part)
            elif not (b - a == 1 and a in known):
                need.append((a, b))

    plan(0, size, wanted)
    *fetched, stored_root = range_hashes([*need, (0, size)])  # one read for all of them
    got = dict(zip(need, fetched, strict=True))
    for (lo, hi), h in got.items():
        if hi - lo == 1:
            known[lo] = h
    paths: dict[int, list[bytes]] = {i: [] for i in wanted}

    def beside(lo: int, hi: int) -> bytes:  # a subtree holding no asked-for leaf
        return known[lo] if hi - lo == 1 else got[(lo, hi)]

    hash_children = merkle.hash_children

    def walk(lo: int, hi: int, idx: list[int]) -> bytes:
        if hi - lo == 1:
            return known[lo]
        mid = lo + merkle._split(hi - lo)
        cut = bisect_left(idx, mid)
        left, right = idx[:cut], idx[cut:]
        lh = walk(lo, mid, left) if left else beside(lo, mid)
        rh = walk(mid, hi, right) if right else beside(mid, hi)
        for i in left:
            paths[i].append(rh)
        for i in right:
            paths[i].append(lh)
        return hash_children(lh, rh)

    if walk(0, size, wanted) != stored_root:
        raise LedgerCorrupt(f"The leaves asked for do not make the stored tree of {size}.")
    return [list(paths[i]) for i in indexes]


def consistency_proof(old_size: int, size: int) -> list[bytes]:
    return range_hashes(merkle.consistency_ranges(old_size, size))


def rebuild_head() -> LogHead:
    """Recreate the head row from stored data (after a test flush, or if the row was lost)."""
    last = Entry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    pairs = merkle.range_nodes(0, last)
    found = subtree_hashes(pairs)
    frontier = Frontier(size=last, hashes={lv: found[(lv, idx)] for lv, idx in pairs})
    return LogHead(id=1, size=last, root_hash=frontier.root(), frontier=frontier.to_bytes())
