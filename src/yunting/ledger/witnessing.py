"""The court's side of witnessing: checkpoints served, witnesses registered, cosignatures and
split-view alarms received, quorum computed (issue 22; formats in ``note.py``).

Cosignatures are not ledger entries on purpose: each entry makes a new head, which the
witnesses would cosign, which would make a new entry, for ever. A cosignature proves itself
(it verifies against the witness's registered key and the checkpoint), so it is kept beside
the log, exported with it, and checked again by anyone who reads the export.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from . import note, store
from .errors import LedgerError, LedgerErrorCode
from .events import split_view, witness_added, witness_removed
from .models import (
    Checkpoint,
    Cosignature,
    LogHead,
    SignedTreeHead,
    SignerKey,
    SignerKind,
    SplitViewAlarm,
    Witness,
)
from .services import checkpoint_sign, keys, log_origin, record_event


def quorum() -> int:
    return int(getattr(settings, "YUNTING_WITNESS_QUORUM", 2))


def log_verifiers() -> list[note.Verifier]:
    """This log's note keys: every tree-head key kept with the log, named by the origin."""
    origin = log_origin()
    out = []
    for raw in SignerKey.objects.filter(kind=SignerKind.LEDGER).values_list(
        "public_key", flat=True
    ):
        out.append(note.Verifier(origin, note.ALG_ED25519, bytes.fromhex(raw)))
    return out


def log_vkey() -> str | None:
    """The verifier key of the active tree-head key (what a witness pins)."""
    kid = keys.active_key_id()
    raw = keys.public_keys().get(kid) if kid else None
    if raw is None:
        return None
    return note.verifier_key(log_origin(), note.ALG_ED25519, raw)


def witness_verifiers(*, active_only: bool = True) -> list[note.Verifier]:
    qs = Witness.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    return [note.parse_verifier_key(w.vkey) for w in qs]


def _ensure_checkpoint(sth: SignedTreeHead) -> Checkpoint | None:
    """Heads signed before checkpoints existed get one if their key is still the active one."""
    cp = Checkpoint.objects.filter(tree_size=sth.tree_size).first()
    if cp is not None:
        return cp
    if sth.key_id != keys.active_key_id():
        return None
    kid, private = keys.signing_key()
    if kid != sth.key_id:
        return None
    try:
        with transaction.atomic():
            return checkpoint_sign(
                tree_size=sth.tree_size, root=bytes.fromhex(sth.root_hash), private=private
            )
    except IntegrityError:
        return Checkpoint.objects.get(tree_size=sth.tree_size)


def latest_checkpoint() -> Checkpoint | None:
    sth = SignedTreeHead.objects.order_by("-tree_size").first()
    if sth is None:
        return None
    return _ensure_checkpoint(sth) or Checkpoint.objects.order_by("-tree_size").first()


def checkpoint_at(tree_size: int) -> Checkpoint:
    cp = Checkpoint.objects.filter(tree_size=tree_size).first()
    if cp is None:
        sth = SignedTreeHead.objects.filter(tree_size=tree_size).first()
        cp = _ensure_checkpoint(sth) if sth is not None else None
    if cp is None:
        raise LedgerError(LedgerErrorCode.NO_CHECKPOINT)
    return cp


def checkpoint_note(cp: Checkpoint, *, cosignatures: bool = True) -> str:
    """The signed note: the log's signature, then every kept cosignature of this size."""
    text = cp.body + "\n" + cp.signature
    if cosignatures:
        text += "".join(
            Cosignature.objects.filter(tree_size=cp.tree_size)
            .order_by("witness__name")
            .values_list("line", flat=True)
        )
    return text


def head_witnessing(tree_size: int) -> dict:
    """Who cosigned the head of this size (active witnesses only count) and whether it has
    the configured quorum."""
    rows = list(
        Cosignature.objects.filter(tree_size=tree_size, witness__active=True)
        .select_related("witness")
        .order_by("witness__name")
    )
    cosigners = [
        {
            "name": c.witness.name,
            "organisation": c.witness.organisation,
            "timestamp": c.timestamp,
            "line": c.line,
        }
        for c in rows
    ]
    return {
        "tree_size": tree_size,
        "cosigners": cosigners,
        "quorum": quorum(),
        "witnessed": len(cosigners) >= quorum(),
    }


def latest_witnessed_size(*, at_least: int = 0) -> int | None:
    """The largest head size with a quorum of active cosigners (None if there is none)."""
    from django.db.models import Count

    row = (
        Cosignature.objects.filter(witness__active=True, tree_size__gte=at_least)
        .values("tree_size")
        .annotate(n=Count("id"))
        .filter(n__gte=quorum())
        .order_by("-tree_size")
        .values_list("tree_size", flat=True)
        .first()
    )
    return row


# --- writes ---------------------------------------------------------------------------------


def witness_add(*, name: str, vkey: str, organisation: str = "", actor=None) -> Witness:
    """Register (or re-activate) a witness by its verifier key; its key is kept with the log."""
    try:
        verifier = note.parse_verifier_key(vkey)
    except note.NoteError:
        raise LedgerError(LedgerErrorCode.BAD_WITNESS_KEY, field="vkey") from None
    if verifier.alg != note.ALG_COSIGNATURE_V1 or (name and name != verifier.name):
        raise LedgerError(LedgerErrorCode.BAD_WITNESS_KEY, field="vkey")
    with transaction.atomic():
        witness, _created = Witness.objects.update_or_create(
            name=verifier.name,
            defaults={"vkey": verifier.vkey, "organisation": organisation, "active": True},
        )
        SignerKey.objects.get_or_create(
            kind=SignerKind.WITNESS,
            key_id=verifier.key_id.hex(),
            defaults={"public_key": verifier.public_raw.hex(), "name": verifier.name},
        )
        record_event(witness_added(witness=witness, actor=actor))
    return witness


def witness_retire(*, name: str, actor=None) -> Witness:
    with transaction.atomic():
        witness = Witness.objects.select_for_update().get(name=name)
        witness.active = False
        witness.save(update_fields=["active"])
        record_event(witness_removed(witness=witness, actor=actor))
    return witness


def cosignature_accept(*, tree_size: int, line: str) -> Cosignature:
    """Keep a witness's cosignature of the checkpoint of ``tree_size`` once it verifies."""
    cp = checkpoint_at(tree_size)
    try:
        parsed = note.parse_note("x\n\n" + line.strip() + "\n").signatures
    except note.NoteError:
        raise LedgerError(LedgerErrorCode.BAD_NOTE, field="cosignature") from None
    if len(parsed) != 1:
        raise LedgerError(LedgerErrorCode.BAD_NOTE, field="cosignature")
    sig = parsed[0]
    witness = Witness.objects.filter(name=sig.name, active=True).first()
    if witness is None:
        raise LedgerError(LedgerErrorCode.UNKNOWN_WITNESS, field="cosignature")
    verifier = note.parse_verifier_key(witness.vkey)
    if sig.key_id != verifier.key_id:
        raise LedgerError(LedgerErrorCode.UNKNOWN_WITNESS, field="cosignature")
    if not note.cosignature_valid(cp.body, sig, verifier):
        raise LedgerError(LedgerErrorCode.BAD_COSIGNATURE, field="cosignature")
    timestamp = note.cosignature_time(sig)
    with transaction.atomic():
        existing = Cosignature.objects.filter(witness=witness, tree_size=tree_size).first()
        if existing is not None:
            return existing
        return Cosignature.objects.create(
            witness=witness, tree_size=tree_size, timestamp=timestamp, line=sig.line
        )


def _signed_checkpoint(text: str) -> note.Checkpoint:
    try:
        parsed = note.parse_note(text)
        cp = note.parse_checkpoint(parsed.body)
    except note.NoteError:
        raise LedgerError(LedgerErrorCode.BAD_NOTE, field="notes") from None
    if cp.origin != log_origin() or not any(
        note.note_signed_by(parsed, v) for v in log_verifiers()
    ):
        raise LedgerError(LedgerErrorCode.BAD_ALARM, field="notes")
    return cp


def alarm_report(*, reporter: str, notes: list[str], reason: str) -> SplitViewAlarm:
    """Keep a witness's proof that this log showed two histories.

    Both checkpoints must carry this log's own signature (otherwise anyone could forge an
    alarm), and they must contradict each other: the same size with two roots, or a root that
    is not this log's root at that size (so one of them is a history the log never had).
    """
    if len(notes) != 2:
        raise LedgerError(LedgerErrorCode.BAD_ALARM, field="notes")
    a, b = (_signed_checkpoint(t) for t in notes)
    same_size = a.size == b.size and a.root != b.root
    size = LogHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    foreign = any(c.size > size or store.root_at(c.size) != c.root for c in (a, b))
    if not (same_size or foreign):
        raise LedgerError(LedgerErrorCode.BAD_ALARM, field="notes")
    witness = Witness.objects.filter(name=reporter).first()
    with transaction.atomic():
        alarm = SplitViewAlarm.objects.create(
            witness=witness,
            reporter=reporter[:200],
            reason=reason[:32] or "same_size",
            tree_size=max(a.size, b.size) if not same_size else a.size,
            first_note=notes[0],
            second_note=notes[1],
        )
        record_event(split_view(alarm=alarm))
    return alarm


# --- export ---------------------------------------------------------------------------------


def chain_export(out: Path, size: int) -> None:
    """Checkpoints with their cosignatures, witnesses and every kept signer key."""
    with open(out / "checkpoints.jsonl", "w", encoding="utf-8") as fh:
        for cp in Checkpoint.objects.filter(tree_size__lte=size).order_by("tree_size"):
            line = {"tree_size": cp.tree_size, "note": checkpoint_note(cp)}
            fh.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    chain = {
        "origin": log_origin(),
        "log_verifier_keys": [v.vkey for v in log_verifiers()],
        "quorum": quorum(),
        "witnesses": [
            {"name": w.name, "organisation": w.organisation, "vkey": w.vkey, "active": w.active}
            for w in Witness.objects.order_by("name")
        ],
        "signers": [
            {
                "kind": k.kind,
                "key_id": k.key_id,
                "name": k.name,
                "public_key": k.public_key,
                "algorithm": k.algorithm,
            }
            for k in SignerKey.objects.order_by("kind", "key_id")
        ],
    }
    (out / "chain.json").write_text(
        json.dumps(chain, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
