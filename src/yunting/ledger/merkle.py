"""RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification, in pure Python.

Why a module of its own, with no Django: anyone who holds an export of the ledger (a higher
court, a notary, a party's lawyer) must be able to check it with nothing but this file and
``hashlib``; and the database-backed tree in ``store.py`` must agree with it bit for bit, which
the tests check against the reference vectors used by Certificate Transparency.

Conventions used everywhere in this module:

* ``leaves`` and ``leaf`` are leaf **data** (the entry bytes), never leaf hashes; the functions
  apply the 0x00 leaf prefix themselves.
* Hashes are raw 32-byte SHA-256 digests.
* Sizes and indexes are 0-based leaf counts/positions, as in the RFCs.

The private helpers at the bottom (``hash_children``, ``inclusion_ranges``...) describe the
*shape* of proofs as leaf ranges; ``store.py`` uses them to fetch exactly the O(log n) stored
subtree hashes a proof needs instead of reading all leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = [
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "root",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """MTH of a one-leaf tree: SHA-256(0x00 || data). The prefix keeps leaves and nodes apart."""
    return hashlib.sha256(_LEAF_PREFIX + bytes(data)).digest()


def root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash MTH(D[n]) of the leaf data; SHA-256("") for no leaves."""
    return _root_of_hashes([leaf_hash(d) for d in leaves])


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 §2.1.1 PATH(index, D[n]): the audit path for the leaf at ``index``."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ValueError(f"index {index} is outside a tree of {n} leaves")
    hashes = [leaf_hash(d) for d in leaves]
    return [_root_of_hashes(hashes[lo:hi]) for lo, hi in inclusion_ranges(index, n)]


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 §2.1.2 PROOF(old_size, D[n]): proves the first ``old_size`` leaves are a prefix.

    Empty when ``old_size`` is 0 or equals the tree size (nothing to prove).
    """
    n = len(leaves)
    if not 0 <= old_size <= n:
        raise ValueError(f"old size {old_size} is outside 0..{n}")
    hashes = [leaf_hash(d) for d in leaves]
    return [_root_of_hashes(hashes[lo:hi]) for lo, hi in consistency_ranges(old_size, n)]


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``leaf`` (leaf DATA, hashed here with the 0x00 prefix) sits at ``index`` in the
    tree of ``size`` leaves whose root is ``root`` (RFC 9162 §2.1.3.2). Never raises."""
    try:
        return _root_from_inclusion(leaf_hash(leaf), index, size, proof) == bytes(root)
    except (TypeError, ValueError):
        return False


def verify_inclusion_by_hash(
    leaf_hash_: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """As ``verify_inclusion``, for a caller who holds only the leaf hash. Never raises."""
    try:
        return _root_from_inclusion(bytes(leaf_hash_), index, size, proof) == bytes(root)
    except (TypeError, ValueError):
        return False


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether the tree with ``new_root`` extends the one with ``old_root`` (RFC 9162
    §2.1.4.2). An empty old tree must have the empty-tree root. Never raises."""
    try:
        return _verify_consistency(old_size, new_size, bytes(old_root), bytes(new_root), proof)
    except (TypeError, ValueError):
        return False


# --- helpers shared with store.py -----------------------------------------------------------


def hash_children(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _root_of_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH from leaf hashes, level by level (an odd last node is carried up unchanged, which
    gives exactly the RFC's split-at-the-largest-power-of-two tree)."""
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    while len(level) > 1:
        nxt = [hash_children(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges [lo, hi) whose MTHs make up PATH(index, D[size]), in proof order."""
    out: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo += k
    out.reverse()
    return out


def consistency_ranges(old_size: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTHs make up PROOF(old_size, D[size]), in proof order."""
    if old_size == 0 or old_size == size:
        return []
    out: list[tuple[int, int]] = []
    lo, hi, m, whole = 0, size, old_size, True
    # SUBPROOF(m, D[lo:hi], whole), unrolled; the suffix collected here is reversed at the end.
    while True:
        n = hi - lo
        if m == n:
            if not whole:
                out.append((lo, hi))
            break
        k = _split(n)
        if m <= k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    out.reverse()
    return out


def range_nodes(lo: int, hi: int) -> list[tuple[int, int]]:
    """The complete subtrees (level, index) covering leaves [lo, hi), left to right.

    Every range that appears in an RFC 6962 proof starts at a multiple of its largest piece,
    so it is covered by aligned complete subtrees of decreasing size; their MTH is the fold
    of their hashes from the right (see ``fold``).
    """
    out: list[tuple[int, int]] = []
    while lo < hi:
        level = (hi - lo).bit_length() - 1
        if lo % (1 << level):
            raise ValueError(f"range [{lo}, {hi}) is not aligned to its subtrees")
        out.append((level, lo >> level))
        lo += 1 << level
    return out


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from the hashes of its ``range_nodes`` (left to right)."""
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = hash_children(h, acc)
    return acc


def _check_hashes(proof: Sequence[bytes]) -> list[bytes]:
    out = [bytes(p) for p in proof]
    if any(len(p) != HASH_SIZE for p in out):
        raise ValueError("proof element of the wrong length")
    return out


def _root_from_inclusion(
    leaf_hash_: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes | None:
    """RFC 9162 §2.1.3.2 steps 1-6; None when the proof cannot belong to (index, size)."""
    if not (isinstance(index, int) and isinstance(size, int)) or not 0 <= index < size:
        return None
    path = _check_hashes(proof)
    fn, sn, r = index, size - 1, leaf_hash_
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = hash_children(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def _verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    if not (isinstance(old_size, int) and isinstance(new_size, int)):
        return False
    if not 0 <= old_size <= new_size:
        return False
    path = _check_hashes(proof)
    if old_size == new_size:
        return not path and old_root == new_root
    if old_size == 0:
        return not path and old_root == EMPTY_ROOT
    if not path:
        return False
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node
        path = [old_root, *path]
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
