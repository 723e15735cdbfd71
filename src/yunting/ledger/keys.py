"""The court system's Ed25519 signing keys for tree heads, kept as files outside the database.

Why files under ``settings.KEYS_DIR``: whoever can edit the database must not also be able to
re-sign a rewritten history, so the private key lives apart from the data (and in production on
a separate volume or HSM-backed mount). Layout of ``KEYS_DIR/ledger/``::

    active                      key id of the key that signs new heads
    ed25519-<key id>.key        PKCS#8 PEM private key, mode 0600 (only while active)
    ed25519-<key id>.pub        raw 32-byte public key as hex, kept forever

Key id = first 16 hex digits of SHA-256 of the raw public key. Rotation writes a new key,
switches ``active`` and deletes the old private key; its ``.pub`` stays so old heads still
verify.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from contextlib import contextmanager
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings


def keys_dir() -> Path:
    return Path(settings.KEYS_DIR) / "ledger"


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


@contextmanager
def _locked():
    """Serialise key creation and rotation between processes sharing KEYS_DIR."""
    d = keys_dir()
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(d / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield d
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write_new_key(d: Path) -> str:
    private = Ed25519PrivateKey.generate()
    raw = _raw_public(private)
    kid = key_id(raw)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = d / f"ed25519-{kid}.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.chmod(path, 0o600)
    (d / f"ed25519-{kid}.pub").write_text(raw.hex() + "\n", encoding="ascii")
    tmp = d / "active.tmp"
    tmp.write_text(kid + "\n", encoding="ascii")
    os.replace(tmp, d / "active")
    return kid


def _active_id(d: Path) -> str | None:
    try:
        return (d / "active").read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def signing_key() -> tuple[str, Ed25519PrivateKey]:
    """The active key, generated on first use."""
    d = keys_dir()
    kid = _active_id(d)
    if kid is None or not (d / f"ed25519-{kid}.key").exists():
        with _locked() as d:
            kid = _active_id(d)
            if kid is None or not (d / f"ed25519-{kid}.key").exists():
                kid = _write_new_key(d)
    path = d / f"ed25519-{kid}.key"
    stamp = (str(path), path.stat().st_mtime_ns)
    cached = _loaded.get("key")
    if cached is not None and cached[0] == stamp:
        return kid, cached[1]
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError("The ledger signing key is not an Ed25519 key.")
    _loaded["key"] = (stamp, private)
    return kid, private


# The parsed active key, keyed by file path and mtime so a rotation by another process is seen.
_loaded: dict[str, tuple[tuple[str, int], Ed25519PrivateKey]] = {}


def rotate() -> tuple[str | None, str]:
    """Make a new active key; retire (delete) the old private key. Returns (old id, new id)."""
    with _locked() as d:
        old = _active_id(d)
        new = _write_new_key(d)
        if old and old != new:
            (d / f"ed25519-{old}.key").unlink(missing_ok=True)
    return old, new


def public_keys() -> dict[str, bytes]:
    """Every public key ever used, active or retired, by key id."""
    out: dict[str, bytes] = {}
    d = keys_dir()
    if not d.exists():
        return out
    for path in sorted(d.glob("ed25519-*.pub")):
        raw = bytes.fromhex(path.read_text(encoding="ascii").strip())
        out[key_id(raw)] = raw
    return out


def active_key_id() -> str | None:
    return _active_id(keys_dir())


def verify(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
