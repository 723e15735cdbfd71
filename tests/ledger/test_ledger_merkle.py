"""RFC 6962 Merkle tree: reference vectors and properties on random trees.

The vectors are the ones Certificate Transparency implementations share:
* leaves and roots for sizes 1..8: certificate-transparency's C++ merkle_tree_test.cc, as
  reproduced in google/trillian ``testonly/compact_merkle_tree.go`` (GetInputs/GetTestRoots)
  and transparency-dev/merkle ``proof/verify_test.go`` (``leaves``, ``roots``);
* inclusion and consistency proofs: transparency-dev/merkle ``proof/verify_test.go``
  (``inclusionProofs``, ``consistencyProofs``; leaf numbers there are 1-based), commit
  02194e9afb6c1d95b5381350007963aa70fff472.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yunting.ledger import merkle


def dh(text: str) -> bytes:
    return bytes.fromhex(text)


LEAVES = [
    dh(""),
    dh("00"),
    dh("10"),
    dh("2021"),
    dh("3031"),
    dh("40414243"),
    dh("5051525354555657"),
    dh("606162636465666768696a6b6c6d6e6f"),
]
ROOTS = [
    dh("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    dh("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    dh("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    dh("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    dh("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    dh("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    dh("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]
EMPTY = dh("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
SOME_HASH = dh("abacaba000000000000000000000000000000000000000000060061e00123456")

# (1-based leaf, tree size, proof)
INCLUSION = [
    (
        1,
        8,
        [
            dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (3, 3, [dh("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        2,
        5,
        [
            dh("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
]
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            dh("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]


def flips(value: bytes):
    """Every single-bit change of ``value``."""
    for i in range(len(value) * 8):
        changed = bytearray(value)
        changed[i // 8] ^= 1 << (i % 8)
        yield bytes(changed)


def proof_flips(proof: list[bytes]):
    for i, element in enumerate(proof):
        for changed in flips(element):
            yield [*proof[:i], changed, *proof[i + 1 :]]


# --- reference vectors ----------------------------------------------------------------------


def test_empty_tree_and_leaf_hash():
    assert merkle.root([]) == EMPTY == hashlib.sha256(b"").digest()
    assert merkle.leaf_hash(b"") == ROOTS[0]
    assert merkle.leaf_hash(b"data") == hashlib.sha256(b"\x00data").digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_roots(size):
    assert merkle.root(LEAVES[:size]) == ROOTS[size - 1]


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_inclusion_vectors(leaf, size, proof):
    index = leaf - 1
    assert merkle.inclusion_proof(index, LEAVES[:size]) == proof
    root = ROOTS[size - 1]
    assert merkle.verify_inclusion(LEAVES[index], index, size, proof, root)
    # transparency-dev's corruptInclusionProof probes
    bad = [
        (index - 1, size, root, LEAVES[index], proof),
        (index + 1, size, root, LEAVES[index], proof),
        (index ^ 2, size, root, LEAVES[index], proof),
        (index, size * 2, root, LEAVES[index], proof),
        (index, size // 2, root, LEAVES[index], proof),
        (index, size, root, b"WrongLeaf", proof),
        (index, size, EMPTY, LEAVES[index], proof),
        (index, size, SOME_HASH, LEAVES[index], proof),
        (index, size, root, LEAVES[index], [*proof, b""]),
        (index, size, root, LEAVES[index], [*proof, root]),
        (index, size, root, LEAVES[index], [b"", *proof]),
        (index, size, root, LEAVES[index], [root, *proof]),
        (index, size, root, LEAVES[index], proof[:-1]),
        (index, size, root, LEAVES[index], [proof[0], SOME_HASH, *proof[1:]]),
    ]
    for i, n, r, leaf_data, p in bad:
        assert not merkle.verify_inclusion(leaf_data, i, n, p, r), (i, n)
    for p in proof_flips(proof):
        assert not merkle.verify_inclusion(LEAVES[index], index, size, p, root)
    for r in flips(root):
        assert not merkle.verify_inclusion(LEAVES[index], index, size, proof, r)


def test_inclusion_edge_cases():
    h = merkle.leaf_hash(b"data")
    assert merkle.verify_inclusion(b"data", 0, 1, [], h)
    assert not merkle.verify_inclusion(b"data", 0, 1, [], b"")
    assert not merkle.verify_inclusion(b"data", 0, 0, [], EMPTY)
    assert not merkle.verify_inclusion(b"data", 1, 1, [], h)
    assert not merkle.verify_inclusion(b"data", -1, 1, [], h)
    with pytest.raises(ValueError):
        merkle.inclusion_proof(3, LEAVES[:3])


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_consistency_vectors(first, second, proof):
    assert merkle.consistency_proof(first, LEAVES[:second]) == proof
    r1, r2 = ROOTS[first - 1], ROOTS[second - 1]
    assert merkle.verify_consistency(first, second, r1, r2, proof)
    if not proof:
        return
    bad = [
        (first - 1, second, r1, r2, proof),
        (first + 1, second, r1, r2, proof),
        (first ^ 2, second, r1, r2, proof),
        (first, second * 2, r1, r2, proof),
        (first, second // 2, r1, r2, proof),
        (first, second, b"WrongRoot", r2, proof),
        (first, second, r1, b"WrongRoot", proof),
        (first, second, r2, r1, proof),
        (first, second, r1, r2, []),
        (first, second, r1, r2, [*proof, b""]),
        (first, second, r1, r2, [*proof, r1]),
        (first, second, r1, r2, [*proof, r2]),
        (first, second, r1, r2, [b"", *proof]),
        (first, second, r1, r2, [r1, *proof]),
        (first, second, r1, r2, [r2, *proof]),
        (first, second, r1, r2, [proof[0], *proof]),
        (first, second, r1, r2, proof[:-1]),
    ]
    for m, n, a, b, p in bad:
        assert not merkle.verify_consistency(m, n, a, b, p), (m, n)
    for p in proof_flips(proof):
        assert not merkle.verify_consistency(first, second, r1, r2, p)
    for r in flips(r1):
        assert not merkle.verify_consistency(first, second, r, r2, proof)
    for r in flips(r2):
        assert not merkle.verify_consistency(first, second, r1, r, proof)


def test_consistency_edge_cases():
    # transparency-dev TestVerifyConsistency cases (roots "don't care" except where stated)
    assert merkle.verify_consistency(0, 0, EMPTY, EMPTY, [])
    assert merkle.verify_consistency(0, 1, EMPTY, ROOTS[0], [])
    assert merkle.verify_consistency(1, 1, ROOTS[0], ROOTS[0], [])
    assert not merkle.verify_consistency(1, 1, ROOTS[0], ROOTS[1], [])
    assert not merkle.verify_consistency(1, 0, ROOTS[0], EMPTY, [])
    assert not merkle.verify_consistency(2, 1, ROOTS[1], ROOTS[0], [])
    assert not merkle.verify_consistency(1, 2, ROOTS[0], ROOTS[1], [])
    assert not merkle.verify_consistency(0, 0, EMPTY, EMPTY, [EMPTY])
    assert not merkle.verify_consistency(0, 1, EMPTY, EMPTY, [EMPTY])
    assert not merkle.verify_consistency(1, 1, EMPTY, EMPTY, [EMPTY])
    assert not merkle.verify_consistency(0, 1, SOME_HASH, ROOTS[0], [])
    assert merkle.consistency_proof(0, LEAVES) == []
    assert merkle.consistency_proof(8, LEAVES) == []


# --- properties on random trees -------------------------------------------------------------


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1 MTH, written as the RFC states it (recursive), to check the fast one."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1 << ((n - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + _mth(leaves[:k]) + _mth(leaves[k:])).digest()


def _sides(index: int, size: int) -> list[str] | None:
    """Which side of the path each proof element sits on; None for an impossible index."""
    if not 0 <= index < size:
        return None
    return ["L" if hi <= index else "R" for _lo, hi in merkle.inclusion_ranges(index, size)]


def test_wrong_size_with_the_same_path_shape_is_indistinguishable():
    proof = merkle.inclusion_proof(0, LEAVES[:3])
    assert _sides(0, 3) == _sides(0, 4)
    assert merkle.verify_inclusion(LEAVES[0], 0, 4, proof, ROOTS[2])
    assert not merkle.verify_inclusion(LEAVES[0], 0, 5, proof, ROOTS[2])


trees = st.lists(st.binary(max_size=12), min_size=1, max_size=40, unique=True)


@settings(max_examples=150, deadline=None)
@given(trees)
def test_root_matches_recursive_definition(leaves):
    assert merkle.root(leaves) == _mth(leaves)


@settings(max_examples=100, deadline=None)
@given(trees, st.data())
def test_inclusion_property(leaves, data):
    n = len(leaves)
    index = data.draw(st.integers(0, n - 1))
    proof = merkle.inclusion_proof(index, leaves)
    root = merkle.root(leaves)
    assert merkle.verify_inclusion(leaves[index], index, n, proof, root)
    for p in proof_flips(proof):
        assert not merkle.verify_inclusion(leaves[index], index, n, p, root)
    for r in flips(root):
        assert not merkle.verify_inclusion(leaves[index], index, n, proof, r)
    for other in range(n):
        if other != index:
            assert not merkle.verify_inclusion(leaves[index], other, n, proof, root)
            assert not merkle.verify_inclusion(leaves[other], index, n, proof, root)
    for size in range(0, 2 * n + 2):
        # A wrong size is refused unless it gives the audit path the very same shape (e.g.
        # leaf 0 of 3 and of 4 leaves): no RFC 9162 verifier can tell those apart, which is
        # why a proof is always checked against the size *signed* with the root.
        if size != n and _sides(index, size) != _sides(index, n):
            assert not merkle.verify_inclusion(leaves[index], index, size, proof, root), size
    if proof:
        assert not merkle.verify_inclusion(leaves[index], index, n, proof[:-1], root)
        assert not merkle.verify_inclusion(leaves[index], index, n, [*proof, proof[-1]], root)


@settings(max_examples=100, deadline=None)
@given(trees, st.data())
def test_consistency_property(leaves, data):
    n = len(leaves)
    m = data.draw(st.integers(1, n))
    proof = merkle.consistency_proof(m, leaves)
    r1, r2 = merkle.root(leaves[:m]), merkle.root(leaves)
    assert merkle.verify_consistency(m, n, r1, r2, proof)
    for p in proof_flips(proof):
        assert not merkle.verify_consistency(m, n, r1, r2, p)
    for r in flips(r1):
        assert not merkle.verify_consistency(m, n, r, r2, proof)
    for r in flips(r2):
        assert not merkle.verify_consistency(m, n, r1, r, proof)
    if m < n:
        for wrong in {m - 1, m + 1, m ^ 2, 0}:
            if 0 <= wrong <= n and wrong != m:
                assert not merkle.verify_consistency(wrong, n, r1, r2, proof), wrong
        assert not merkle.verify_consistency(m, n * 2, r1, r2, proof)
        assert not merkle.verify_consistency(m, n, r1, r2, [])
        assert not merkle.verify_consistency(m, n, r1, r2, [*proof, r2])


@settings(max_examples=60, deadline=None)
@given(trees)
def test_every_prefix_is_consistent(leaves):
    n = len(leaves)
    for m in range(0, n + 1):
        proof = merkle.consistency_proof(m, leaves)
        assert merkle.verify_consistency(m, n, merkle.root(leaves[:m]), merkle.root(leaves), proof)
