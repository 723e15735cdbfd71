"""A witness (见证节点): the small process another court or institution runs beside its own
systems, with its own key, to cosign this log's checkpoints (``yunting witness``).

It keeps its state in one directory and trusts nothing but the log's pinned verifier key::

    witness.key    its Ed25519 private key (PKCS#8 PEM, mode 0600)
    config.json    its name, the log's origin and verifier key, the logs' URLs
    state.json     the last checkpoint it cosigned (size, root, the signed note): it resumes
                   from here after a restart and never cosigns anything inconsistent with it
    seen.jsonl     every checkpoint it accepted, one per size, to catch a split view later
    alarms.jsonl   each split view it found, with both signed checkpoints

Each round, for every source URL (the court's own address and any mirror): fetch the latest
checkpoint and the consistency proof from the last cosigned size; check the log's signature;
then

* same size as one already seen but another root → split-view alarm (both notes);
* larger, but the proof does not verify from the last cosigned head → alarm ("inconsistent");
* larger and consistent → cosign (cosignature/v1), save the state, post the cosignature.

No Django model is used: the witness shares no database with the log it watches.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import merkle, note

API = "/api/v1/ledger/"


class WitnessError(Exception):
    pass


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def init(directory: Path, *, name: str, log_vkey: str, logs: list[str]) -> str:
    """Make the key and the configuration; return the witness's verifier key (type 0x04),
    which the court registers with ``yunting ledger witness-add``."""
    directory.mkdir(parents=True, exist_ok=True)
    verifier = note.parse_verifier_key(log_vkey)
    key_path = directory / "witness.key"
    if key_path.exists():
        private = _load_key(key_path)
    else:
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
    config = {"name": name, "origin": verifier.name, "log_vkey": log_vkey, "logs": logs}
    _write_atomic(directory / "config.json", json.dumps(config, indent=2) + "\n")
    return note.verifier_key(name, note.ALG_COSIGNATURE_V1, private.public_key().public_bytes_raw())


def _load_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise WitnessError("witness.key is not an Ed25519 key")
    return key


@dataclass
class Outcome:
    source: str
    action: str  # cosigned | unchanged | alarm | error
    tree_size: int | None = None
    detail: str = ""


class Witness:
    def __init__(self, directory: Path, *, timeout: float = 10.0) -> None:
        self.dir = Path(directory)
        self.config = json.loads((self.dir / "config.json").read_text(encoding="utf-8"))
        self.name = self.config["name"]
        self.log = note.parse_verifier_key(self.config["log_vkey"])
        self.key = _load_key(self.dir / "witness.key")
        self.timeout = timeout
        self.state = self._read_state()
        self.seen = self._read_seen()
        self._resent: set[str] = set()

    # --- state ------------------------------------------------------------------------------

    def _read_state(self) -> dict | None:
        path = self.dir / "state.json"
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def _read_seen(self) -> dict[int, str]:
        path = self.dir / "seen.jsonl"
        out: dict[int, str] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    out[int(row["tree_size"])] = row["note"]
        return out

    def _remember(self, size: int, text: str) -> None:
        if size in self.seen:
            return
        self.seen[size] = text
        with open(self.dir / "seen.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"tree_size": size, "note": text}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    @property
    def last_size(self) -> int:
        return int(self.state["tree_size"]) if self.state else 0

    # --- http -------------------------------------------------------------------------------

    def _get(self, base: str, path: str, **params) -> dict:
        url = base.rstrip("/") + API + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310
            return json.loads(response.read().decode())

    def _post(self, base: str, path: str, body: dict) -> dict:
        req = urllib.request.Request(  # noqa: S310 - the configured log's own URL
            base.rstrip("/") + API + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as response:  # noqa: S310
            return json.loads(response.read().decode() or "{}")

    # --- one round --------------------------------------------------------------------------

    def _parse(self, text: str) -> note.Checkpoint:
        parsed = note.parse_note(text)
        if not note.note_signed_by(parsed, self.log):
            raise WitnessError("the checkpoint is not signed by the log's pinned key")
        cp = note.parse_checkpoint(parsed.body)
        if cp.origin != self.log.name:
            raise WitnessError("the checkpoint names another log")
        return cp

    def _alarm(self, source: str, reason: str, first: str, second: str, size: int) -> Outcome:
        record = {
            "time": int(time.time()),
            "source": source,
            "reason": reason,
            "tree_size": size,
            "notes": [first, second],
        }
        with open(self.dir / "alarms.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
        delivered = []
        for base in self.config["logs"]:
            try:
                self._post(
                    base,
                    "witness/alarms",
                    {"reporter": self.name, "reason": reason, "notes": [first, second]},
                )
                delivered.append(base)
            except (urllib.error.URLError, OSError, ValueError):
                continue
        return Outcome(source, "alarm", size, f"{reason}; reported to {len(delivered)} log(s)")

    def check_source(self, base: str) -> Outcome:
        try:
            data = self._get(base, "witness/checkpoint", old=self.last_size)
        except urllib.error.HTTPError as exc:
            if exc.code == 400 and self.state:  # the log is smaller than what we cosigned
                return self._shrunk(base)
            return Outcome(base, "error", detail=f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Outcome(base, "error", detail=str(exc))
        text = data.get("checkpoint", "")
        try:
            cp = self._parse(text)
        except (note.NoteError, WitnessError) as exc:
            return Outcome(base, "error", detail=str(exc))
        earlier = self.seen.get(cp.size)
        if earlier is not None:
            if self._parse(earlier).root != cp.root:
                return self._alarm(base, "same_size", earlier, text, cp.size)
            if cp.size == self.last_size:
                return self._resend(base, cp.size)
        if cp.size < self.last_size:
            return Outcome(base, "unchanged", cp.size, "older than the last cosigned head")
        if cp.size > self.last_size:
            proof = [base64.b64decode(h) for h in data.get("consistency_proof", [])]
            old_root = base64.b64decode(self.state["root"]) if self.state else merkle.EMPTY_ROOT
            if int(data.get("old_size", -1)) != self.last_size or not merkle.verify_consistency(
                self.last_size, cp.size, old_root, cp.root, proof
            ):
                return self._alarm(base, "inconsistent", self.state["note"], text, cp.size)
        return self._cosign(base, cp, text)

    def _resend(self, base: str, size: int) -> Outcome:
        """After a restart, hand the last cosignature to each log once more: a crash between
        saving the state and posting must not leave the log without it (the log keeps one
        cosignature per witness and size, so a repeat changes nothing)."""
        if base in self._resent or not self.state:
            return Outcome(base, "unchanged", size)
        self._resent.add(base)
        with contextlib.suppress(urllib.error.URLError, OSError):
            self._post(
                base,
                "witness/cosignatures",
                {"tree_size": size, "cosignature": self.state["cosignature"]},
            )
        return Outcome(base, "unchanged", size, "resumed")

    def _shrunk(self, base: str) -> Outcome:
        return Outcome(base, "error", self.last_size, "the log no longer has the cosigned size")

    def _cosign(self, base: str, cp: note.Checkpoint, text: str) -> Outcome:
        sig = note.cosign(cp.body, self.name, self.key, int(time.time()))
        # The state is saved before the cosignature leaves: after a crash the witness resumes
        # from this head and can never cosign a conflicting one of the same size.
        self.state = {
            "tree_size": cp.size,
            "root": base64.b64encode(cp.root).decode(),
            "note": text,
            "cosignature": sig.line,
        }
        _write_atomic(self.dir / "state.json", json.dumps(self.state, indent=2) + "\n")
        self._remember(cp.size, text)
        try:
            self._post(
                base, "witness/cosignatures", {"tree_size": cp.size, "cosignature": sig.line}
            )
        except urllib.error.HTTPError as exc:
            return Outcome(base, "error", cp.size, f"cosignature refused: HTTP {exc.code}")
        except (urllib.error.URLError, OSError) as exc:
            return Outcome(base, "error", cp.size, str(exc))
        return Outcome(base, "cosigned", cp.size)

    def round(self) -> list[Outcome]:
        return [self.check_source(base) for base in self.config["logs"]]
