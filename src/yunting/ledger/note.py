"""Checkpoints and cosignatures in the published C2SP formats, in pure Python.

Why these formats: a court's witnessed heads must be checkable by tools that are not Yunting
(Go's ``golang.org/x/mod/sumdb/note``, Sigsum, the omniwitness). So a signed tree head is also
published as a C2SP ``tlog-checkpoint`` — a ``signed-note`` whose body is three lines::

    <origin>\\n<tree size in decimal>\\n<base64 of the 32-byte root hash>\\n

signed by the log's Ed25519 key (note signature type 0x01), and a witness's statement is a
C2SP ``tlog-cosignature`` (``cosignature/v1``, type 0x04): an Ed25519 signature over::

    cosignature/v1\\ntime <unix seconds>\\n<the checkpoint body>

carried on the note as a line ``— <witness name> base64(key id || u64 time || signature)``.
Key ids are the first four bytes of SHA-256(name || "\\n" || type || public key). Verifier
keys are written ``<name>+<hex key id>+<base64(type || public key)>``. docs/ledger.md shows an
example. Only ``hashlib``, ``base64`` and ``cryptography`` are used, so the export's checker
can carry this file.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG_ED25519 = 0x01  # signed-note Ed25519
ALG_COSIGNATURE_V1 = 0x04  # tlog-cosignature Ed25519
DASH = "\u2014"  # the em dash that opens a signature line
COSIGNATURE_HEADER = "cosignature/v1"


class NoteError(ValueError):
    """Text that is not a well-formed checkpoint, note or key."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise NoteError("not base64") from exc


def key_id(name: str, alg: int, public_raw: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + bytes(public_raw)).digest()[:4]


def _check_name(name: str) -> str:
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise NoteError("a key name has no spaces and no '+'")
    return name


def verifier_key(name: str, alg: int, public_raw: bytes) -> str:
    """The text form of a public key: ``name+<hex id>+<base64(alg || key)>``."""
    _check_name(name)
    return f"{name}+{key_id(name, alg, public_raw).hex()}+{_b64(bytes([alg]) + public_raw)}"


@dataclass(frozen=True)
class Verifier:
    name: str
    alg: int
    public_raw: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.alg, self.public_raw)

    @property
    def vkey(self) -> str:
        return verifier_key(self.name, self.alg, self.public_raw)


def parse_verifier_key(text: str) -> Verifier:
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteError("a verifier key is name+id+key")
    name, hex_id, b64 = parts
    raw = _unb64(b64)
    if len(raw) != 33 or raw[0] not in (ALG_ED25519, ALG_COSIGNATURE_V1):
        raise NoteError("only Ed25519 keys (types 0x01 and 0x04) are known")
    v = Verifier(_check_name(name), raw[0], raw[1:])
    if v.key_id.hex() != hex_id.lower():
        raise NoteError("the key id does not match the key")
    return v


# --- checkpoints ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        lines = [self.origin, str(self.size), _b64(self.root), *self.extensions]
        return "\n".join(lines) + "\n"


def parse_checkpoint(body: str) -> Checkpoint:
    if not body.endswith("\n"):
        raise NoteError("a checkpoint body ends with a newline")
    lines = body[:-1].split("\n")
    if len(lines) < 3 or not lines[0] or any(not line for line in lines):
        raise NoteError("a checkpoint has an origin, a size and a root hash")
    origin, size_text, root_text = lines[:3]
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise NoteError("the tree size is a decimal number")
    root = _unb64(root_text)
    if len(root) != 32:
        raise NoteError("the root hash has 32 bytes")
    return Checkpoint(origin, int(size_text), root, tuple(lines[3:]))


# --- signed notes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: bytes
    data: bytes  # after the key id: a signature, or u64 time || signature for cosignatures

    @property
    def line(self) -> str:
        return f"{DASH} {self.name} {_b64(self.key_id + self.data)}\n"


@dataclass(frozen=True)
class Note:
    body: str
    signatures: tuple[NoteSignature, ...]

    @property
    def text(self) -> str:
        return self.body + "\n" + "".join(s.line for s in self.signatures)


def parse_note(text: str) -> Note:
    sep = text.rfind("\n\n")
    if sep < 0 or not text.endswith("\n"):
        raise NoteError("a note is a body, a blank line and signature lines")
    body, sig_text = text[: sep + 1], text[sep + 2 :]
    sigs = []
    for line in sig_text[:-1].split("\n"):
        prefix = DASH + " "
        if not line.startswith(prefix):
            raise NoteError("a signature line starts with an em dash")
        try:
            name, b64 = line[len(prefix) :].split(" ")
        except ValueError:
            raise NoteError("a signature line is a name and a signature") from None
        raw = _unb64(b64)
        if len(raw) < 5:
            raise NoteError("a signature is too short")
        sigs.append(NoteSignature(name, raw[:4], raw[4:]))
    if not sigs:
        raise NoteError("a note has at least one signature")
    return Note(body, tuple(sigs))


def sign_note(body: str, name: str, private: Ed25519PrivateKey) -> NoteSignature:
    pub = private.public_key().public_bytes_raw()
    return NoteSignature(name, key_id(name, ALG_ED25519, pub), private.sign(body.encode()))


def _verify(public_raw: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def note_signed_by(note: Note, verifier: Verifier) -> bool:
    """Whether a signature line of the note is the verifier's (type 0x01) and verifies."""
    return any(
        s.name == verifier.name
        and s.key_id == verifier.key_id
        and _verify(verifier.public_raw, s.data, note.body.encode())
        for s in note.signatures
    )


def cosignature_message(body: str, timestamp: int) -> bytes:
    return f"{COSIGNATURE_HEADER}\ntime {timestamp}\n{body}".encode()


def cosign(body: str, name: str, private: Ed25519PrivateKey, timestamp: int) -> NoteSignature:
    pub = private.public_key().public_bytes_raw()
    sig = private.sign(cosignature_message(body, timestamp))
    return NoteSignature(
        name, key_id(name, ALG_COSIGNATURE_V1, pub), struct.pack(">Q", timestamp) + sig
    )


def cosignature_time(sig: NoteSignature) -> int | None:
    if len(sig.data) != 72:
        return None
    return struct.unpack(">Q", sig.data[:8])[0]


def cosignature_valid(body: str, sig: NoteSignature, verifier: Verifier) -> bool:
    """Whether ``sig`` is the verifier's cosignature/v1 of the checkpoint ``body``."""
    if verifier.alg != ALG_COSIGNATURE_V1 or sig.name != verifier.name:
        return False
    if sig.key_id != verifier.key_id or len(sig.data) != 72:
        return False
    (timestamp,) = struct.unpack(">Q", sig.data[:8])
    if timestamp >= 1 << 63:
        return False
    return _verify(verifier.public_raw, sig.data[8:], cosignature_message(body, timestamp))


def cosigners(note: Note, verifiers: list[Verifier]) -> list[Verifier]:
    """The verifiers whose valid cosignature the note carries (each at most once)."""
    out = []
    for v in verifiers:
        if any(cosignature_valid(note.body, s, v) for s in note.signatures):
            out.append(v)
    return out
