"""Deposits (存证) by outside systems, their receipts, and the check of uploaded evidence.

An institution (a bank, an e-contract platform, a notary) sends only the SHA-256 of its record
with its own metadata; each deposit is one ledger entry whose document is that hash, so the
record is provably in the log from that moment. The receipt carries the inclusion proof
against a signed tree head and the head's C2SP checkpoint; anyone holding the record and the
receipt checks it with ``merkle.py`` and ``note.py`` alone.

When a party later uploads a file into a filing or an e-file, :func:`evidence_check` looks its
hash up: a match is "deposited by X on DATE, unaltered since"; a deposit with the same
reference (named in the upload's title or given) but another hash flags the file as altered.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from collections.abc import Sequence

from django.db import transaction

from . import store
from .errors import LedgerError, LedgerErrorCode
from .events import deposited, evidence_checked
from .models import CheckOutcome, Deposit, EvidenceCheck
from .services import canonical_json, insert_rows, lock_head, record_many, sign_tree_head

MAX_BATCH = 1000
MAX_METADATA = 2000  # characters of canonical JSON
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KIND = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z_\-/.:]{3,199}")


def _bad(index: int | None, field: str, reason: str) -> LedgerError:
    path = field if index is None else f"deposits.{index}.{field}"
    return LedgerError(LedgerErrorCode.BAD_DEPOSIT, field=path, reason=reason)


def _parse_time(value, index: int | None) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _bad(index, "time", "time is an ISO 8601 text")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _bad(index, "time", "time is an ISO 8601 text") from None
    if parsed.tzinfo is None:
        raise _bad(index, "time", "time names its time zone (Z or +08:00)")
    return parsed.astimezone(dt.UTC)


def clean_deposit(item, index: int | None = None) -> dict:
    """One deposit as the API takes it, checked field by field (no serializer: a batch of a
    thousand is checked in a few milliseconds)."""
    if not isinstance(item, dict):
        raise _bad(index, "non_field_errors", "each deposit is an object")
    unknown = set(item) - {"sha256", "kind", "time", "reference", "metadata"}
    if unknown:
        raise _bad(index, sorted(unknown)[0], "unknown field")
    sha = item.get("sha256")
    if not isinstance(sha, str) or not _HEX64.match(sha.lower()):
        raise _bad(index, "sha256", "sha256 is 64 hexadecimal characters")
    kind = item.get("kind")
    if not isinstance(kind, str) or not _KIND.match(kind):
        raise _bad(index, "kind", "kind is a lower-case word such as contract or invoice")
    reference = item.get("reference", "") or ""
    if not isinstance(reference, str) or len(reference) > 200:
        raise _bad(index, "reference", "reference is a text of at most 200 characters")
    metadata = item.get("metadata", {}) or {}
    if not isinstance(metadata, dict):
        raise _bad(index, "metadata", "metadata is an object")
    try:
        size = len(canonical_json(metadata)) if metadata else 2
    except (TypeError, ValueError):
        raise _bad(index, "metadata", "metadata holds only JSON values") from None
    if size > MAX_METADATA:
        raise _bad(index, "metadata", f"metadata is at most {MAX_METADATA} characters")
    return {
        "sha256": sha.lower(),
        "kind": kind,
        "reference": reference.strip(),
        "record_time": _parse_time(item.get("time"), index),
        "metadata": metadata,
    }


def deposits_create(*, depositor, items: Sequence[dict]) -> list[Deposit]:
    """Deposit many hashes in one transaction (one ledger lock, one signed head).

    A hash the same depositor already deposited under the same reference gives back the
    first deposit: retrying a batch deposits nothing twice.
    """
    if not items:
        raise _bad(None, "deposits", "send at least one deposit")
    if len(items) > MAX_BATCH:
        raise LedgerError(LedgerErrorCode.TOO_MANY, field="deposits", limit=MAX_BATCH)
    cleaned = [clean_deposit(item, i if len(items) > 1 else None) for i, item in enumerate(items)]
    name = str(getattr(depositor, "name", "") or depositor)
    with transaction.atomic():
        lock_head()  # before looking: a concurrent retry of this batch waits, then sees it
        existing = {
            (d.sha256, d.reference): d
            for d in Deposit.objects.filter(
                pk__in=_earlier(depositor, {c["sha256"] for c in cleaned})
            ).select_related("entry")
        }
        fresh: dict[tuple[str, str], Deposit] = {}
        for c in cleaned:
            key = (c["sha256"], c["reference"])
            if key in existing or key in fresh:
                continue
            fresh[key] = Deposit(id=uuid.uuid4(), depositor=depositor, depositor_name=name, **c)
        new = list(fresh.values())
        if new:
            entries = record_many([deposited(deposit=d, actor=depositor) for d in new])
            for d, e in zip(new, entries, strict=True):
                d.entry = e
                d.deposited_at = e.time
            _insert(new)
    both = {**existing, **fresh}
    return [both[(c["sha256"], c["reference"])] for c in cleaned]


def _earlier(depositor, hashes: set[str]) -> list:
    """Ids of this depositor's deposits of these hashes (raw ``IN``: see ``store._rows_in``)."""
    connection = transaction.get_connection()
    ops = connection.ops
    table = ops.quote_name(Deposit._meta.db_table)
    owner = depositor.pk if connection.features.has_native_uuid_field else depositor.pk.hex
    wanted = sorted(hashes)
    out = []
    with connection.cursor() as cur:
        for i in range(0, len(wanted), 900):
            chunk = wanted[i : i + 900]
            marks = ", ".join(["%s"] * len(chunk))
            cur.execute(
                f"SELECT id FROM {table} WHERE depositor_id = %s AND sha256 IN ({marks})",  # noqa: S608
                [owner, *chunk],
            )
            out.extend(r[0] for r in cur.fetchall())
    return out


_COLUMNS = (
    "id",
    "depositor_id",
    "depositor_name",
    "sha256",
    "kind",
    "reference",
    "record_time",
    "metadata",
    "entry_id",
    "deposited_at",
)


def _insert(new: list[Deposit]) -> None:
    """``insert_rows`` as ``services._insert`` does: ``bulk_create`` spent more time preparing
    a thousand rows than the ledger took to append them (bench/ledger.py)."""
    connection = transaction.get_connection()
    ops = connection.ops
    native_uuid = connection.features.has_native_uuid_field
    meta = Deposit._meta.get_field("metadata")

    def u(value):
        return value if native_uuid else value.hex

    def t(value):
        return None if value is None else ops.adapt_datetimefield_value(value)

    stamp = t(new[0].deposited_at)
    rows = [
        (
            u(d.id),
            u(d.depositor_id),
            d.depositor_name,
            d.sha256,
            d.kind,
            d.reference,
            t(d.record_time),
            meta.get_db_prep_save(d.metadata, connection),
            d.entry_id,
            stamp,
        )
        for d in new
    ]
    insert_rows(connection, Deposit._meta.db_table, _COLUMNS, rows)


def deposit_create(*, depositor, item: dict) -> Deposit:
    return deposits_create(depositor=depositor, items=[item])[0]


# --- receipts -------------------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def deposit_data(d: Deposit, iso=_iso) -> dict:
    return {
        "id": str(d.id),
        "sha256": d.sha256,
        "kind": d.kind,
        "reference": d.reference,
        "time": iso(d.record_time),
        "metadata": d.metadata,
        "depositor": d.depositor_name,
        "deposited_at": iso(d.deposited_at),
    }


def head_data() -> tuple[dict | None, dict | None]:
    """The latest signed head, its checkpoint note and who witnessed it (None before any)."""
    from .selectors import latest_signed_head, signed_head_data
    from .witnessing import checkpoint_note, head_witnessing, latest_checkpoint

    sth = sign_tree_head() or latest_signed_head()
    if sth is None:
        return None, None
    cp = latest_checkpoint()
    chain = None
    if cp is not None:
        chain = {"checkpoint": checkpoint_note(cp), **head_witnessing(cp.tree_size)}
    return signed_head_data(sth), chain


def receipts(deposits: Sequence[Deposit]) -> dict:
    """Each deposit with its ledger entry and inclusion proof against one signed head."""
    head, chain = head_data()
    size = head["tree_size"] if head else 0
    covered = [d for d in deposits if d.entry_id <= size]
    proofs = []
    if covered:
        # the entries came with the deposits: their leaf hashes need no second read, and
        # the walk checks the tree they make against the stored one (store.inclusion_proofs)
        known = {d.entry_id - 1: bytes.fromhex(d.entry.leaf_hash) for d in covered}
        proofs = store.inclusion_proofs([d.entry_id - 1 for d in covered], size, known)
    proof_of = {d.entry_id: p for d, p in zip(covered, proofs, strict=True)}
    leaves = {d.entry_id: d.entry.leaf for d in deposits}  # entries came with the deposits
    iso = functools.lru_cache(maxsize=64)(_iso)  # a batch shares one deposit time
    out = []
    for d in deposits:
        out.append(
            {
                **deposit_data(d, iso),
                "sequence": d.entry_id,
                "leaf_index": d.entry_id - 1,
                "leaf": leaves.get(d.entry_id),
                "tree_size": size if d.entry_id in proof_of else None,
                "inclusion_proof": [h.hex() for h in proof_of.get(d.entry_id, [])],
            }
        )
    return {"signed_tree_head": head, "chain": chain, "receipts": out}


def receipt(d: Deposit) -> dict:
    data = receipts([d])
    return {
        **data["receipts"][0],
        "signed_tree_head": data["signed_tree_head"],
        "chain": data["chain"],
    }


# --- the check at upload --------------------------------------------------------------------


def _tokens(*texts: str) -> set[str]:
    out: set[str] = set()
    for text in texts:
        for token in _TOKEN.findall(text or ""):
            out.add(token)
            stem = token.rsplit(".", 1)[0]  # 合同HT-2026-001.pdf names HT-2026-001
            if len(stem) >= 4:
                out.add(stem)
    return out


def deposit_lookup(
    *, sha256: str, title: str = "", reference: str = ""
) -> tuple[str, Deposit] | None:
    """(outcome, deposit) for an uploaded file, or None when no deposit concerns it."""
    match = Deposit.objects.filter(sha256=sha256).order_by("entry").first()
    if match is not None:
        return CheckOutcome.DEPOSITED, match
    names = _tokens(title, reference)
    if reference:
        names.add(reference.strip())
    if not names:
        return None
    near = Deposit.objects.filter(reference__in=names).exclude(sha256=sha256).order_by("entry")
    near = near.first()
    if near is not None:
        return CheckOutcome.ALTERED, near
    return None


def evidence_check(
    *,
    sha256: str,
    source: str,
    source_id: str,
    title: str = "",
    reference: str = "",
    case_id=None,
    court=None,
    actor=None,
) -> EvidenceCheck | None:
    """Run inside the upload's transaction; keeps and records what was found, if anything."""
    found = deposit_lookup(sha256=sha256, title=title, reference=reference)
    if found is None:
        return None
    outcome, deposit = found
    check = EvidenceCheck.objects.create(
        id=uuid.uuid4(),
        source=source,
        source_id=str(source_id),
        case_id=case_id,
        sha256=sha256,
        outcome=outcome,
        deposit=deposit,
    )
    from .services import record_event

    record_event(evidence_checked(check=check, court=court, actor=actor))
    return check


def checks_for(*, source: str, source_ids: Sequence[str]) -> dict[str, EvidenceCheck]:
    """The latest check of each item, by its id (for e-file and filing pages)."""
    rows = (
        EvidenceCheck.objects.filter(source=source, source_id__in=[str(s) for s in source_ids])
        .select_related("deposit")
        .order_by("checked_at")
    )
    return {c.source_id: c for c in rows}


def check_data(check: EvidenceCheck) -> dict:
    return {
        "outcome": check.outcome,
        "deposit": deposit_data(check.deposit),
        "sequence": check.deposit.entry_id,
        "uploaded_sha256": check.sha256,
        "checked_at": _iso(check.checked_at),
    }
