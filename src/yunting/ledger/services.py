"""Writes to the ledger: appending events and signing tree heads.

Every service in the project calls :func:`record` inside its own ``transaction.atomic()`` so
the business change and its ledger entry commit or vanish together (DESIGN.md). Appends lock
the single ``LogHead`` row, so on PostgreSQL concurrent transactions queue and get consecutive
sequence numbers; on SQLite the IMMEDIATE transaction mode already serialises writers.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import logging
import re
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import keys, merkle, note
from .errors import TransactionRequired
from .events import Record, is_registered, key_rotated
from .models import (
    Checkpoint,
    DocumentRef,
    Entry,
    LogHead,
    Node,
    SignedTreeHead,
    SignerKey,
    SignerKind,
    node_key,
)
from .store import Frontier, rebuild_head

logger = logging.getLogger(__name__)

LEAF_VERSION = 1
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
STH_PREFIX = "yunting-ledger-sth/v1"


# --- canonical JSON -------------------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return str(value)  # exact: money is never a float
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"{type(value).__name__} cannot go into a ledger payload")


_CANONICAL = json.JSONEncoder(
    sort_keys=True,
    separators=(",", ":"),
    ensure_ascii=False,
    allow_nan=False,
    default=_json_default,
)


def canonical_json(obj: object) -> str:
    """Sorted keys, no whitespace, UTF-8 text (not \\u escapes), no NaN: one text per value.

    One encoder made once: ``json.dumps`` with options builds a new one per call, which was
    a third of the time of a 1,000-record append (bench/ledger.py, bench/batch.py)."""
    return _CANONICAL.encode(obj)


def format_time(value: dt.datetime) -> str:
    """UTC with microseconds and a Z, e.g. 2026-11-22T03:04:05.123456Z."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- appending ------------------------------------------------------------------------------


def _document_hash(doc: bytes | str) -> str:
    if isinstance(doc, (bytes, bytearray, memoryview)):
        return hashlib.sha256(doc).hexdigest()
    if isinstance(doc, str) and _SHA256_RE.match(doc.lower()):
        return doc.lower()
    raise ValueError("A document is given as bytes or as a 64-hex SHA-256 string.")


def _uuid_of(obj: Any, what: str) -> uuid.UUID | None:
    if obj is None:
        return None
    if isinstance(obj, uuid.UUID):
        return obj
    value = getattr(obj, "id", None)
    if isinstance(value, uuid.UUID):
        return value
    raise TypeError(f"{what} must be a UUID or an object with a UUID .id")


def lock_head() -> LogHead:
    """Take the ledger's one write lock (the ``LogHead`` row) for the rest of the transaction.

    Callers that decide what to append from what is already there (a deposit that must not
    be made twice) take it before they look, so two concurrent requests cannot both decide
    the same deposit is new; appending in the same transaction takes it again at no cost."""
    try:
        return LogHead.objects.select_for_update().get(pk=1)
    except LogHead.DoesNotExist:
        LogHead.objects.bulk_create([rebuild_head()], ignore_conflicts=True)
        return LogHead.objects.select_for_update().get(pk=1)


def record(
    event_type: str,
    *,
    actor: Any = None,
    court: Any = None,
    case: Any = None,
    payload: dict,
    documents: Sequence[bytes | str] = (),
) -> Entry:
    """Append one event inside the caller's transaction and return its entry.

    ``documents`` given as bytes are hashed with SHA-256; strings must already be 64-hex
    SHA-256 digests. ``case`` is a UUID or anything with a UUID ``.id`` (the cases app may come
    and go; the log never cascades). Raises :class:`TransactionRequired` outside a transaction.
    """
    return record_many([Record(event_type, payload, actor, court, case, tuple(documents))])[0]


def record_event(event: Record) -> Entry:
    """Append one event made by its app's constructor (``filing_submitted(filing=…, actor=…)``
    in ``filing/events.py``), inside the caller's transaction."""
    return record_many([event])[0]


def record_many(records: Sequence[Record]) -> list[Entry]:
    """Append many events at once (one lock, three bulk inserts): the fast path for batches."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise TransactionRequired("ledger.record must run inside transaction.atomic()")
    prepared = []
    for r in records:
        if not is_registered(r.event_type):
            raise ValueError(f"Unknown event type {r.event_type!r}: register it in events.py")
        if not isinstance(r.payload, dict):
            raise TypeError("payload must be a dict")
        docs = [_document_hash(d) for d in r.documents]
        actor_id = _uuid_of(r.actor, "actor")
        actor_name = str(getattr(r.actor, "name", "") or "") if r.actor is not None else ""
        prepared.append(
            (
                str(r.event_type),
                actor_id,
                actor_name,
                _uuid_of(r.court, "court"),
                _uuid_of(r.case, "case"),
                r.payload,
                docs,
            )
        )
    if not prepared:
        return []

    head = lock_head()
    frontier = Frontier.from_bytes(head.size, bytes(head.frontier))
    now = timezone.now()
    time_text = format_time(now)
    entries: list[Entry] = []
    refs: list[tuple[int, str]] = []
    nodes: list[tuple[int, int, int, bytes]] = []
    for event_type, actor_id, actor_name, court_id, case_id, payload, docs in prepared:
        seq = frontier.size + 1
        private = canonical_json(
            {  # ids as text here rather than through the encoder's fallback: same JSON
                "actor": None if actor_id is None else str(actor_id),
                "actor_name": actor_name,
                "case": None if case_id is None else str(case_id),
                "court": None if court_id is None else str(court_id),
                "payload": payload,
                "salt": secrets.token_hex(16),
            }
        )
        leaf = canonical_json(
            {
                "v": LEAF_VERSION,
                "seq": seq,
                "time": time_text,
                "event_type": event_type,
                "documents": docs,
                "private": hashlib.sha256(private.encode()).hexdigest(),
            }
        )
        lh = merkle.leaf_hash(leaf.encode())
        entries.append(
            Entry(
                seq=seq,
                time=now,
                actor_id=actor_id,
                actor_name=actor_name,
                event_type=event_type,
                court_id=court_id,
                case_id=case_id,
                document_hashes=docs,
                leaf=leaf,
                private=private,
                leaf_hash=lh.hex(),
            )
        )
        refs.extend((seq, d) for d in dict.fromkeys(docs))
        for level, index, h in frontier.append(lh):
            nodes.append((node_key(level, index), level, index, h))

    _insert(connection, entries, refs, nodes)
    LogHead.objects.filter(pk=1).update(
        size=frontier.size, root_hash=frontier.root(), frontier=frontier.to_bytes()
    )
    _sign_on_commit(connection)
    _announce_on_commit(connection)
    return entries


def _announce_on_commit(connection) -> None:
    """Send ``signals.entries_committed`` once per committed write transaction."""
    pending = getattr(connection, "run_on_commit", [])
    if any(item[1] is _announce for item in pending):
        return
    transaction.on_commit(_announce, robust=True)


def _announce() -> None:
    from .signals import entries_committed

    entries_committed.send_robust(sender=Entry)


_ENTRY_COLUMNS = (
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


def _insert(connection, entries: list[Entry], refs: list, nodes: list) -> None:
    """Insert with ``executemany``: Django's ``bulk_create`` spends ~6x the database's own time
    preparing values, and batched appends are the hot path (see bench/ledger.py)."""
    ops = connection.ops
    native_uuid = connection.features.has_native_uuid_field
    json_field = Entry._meta.get_field("document_hashes")
    time_value = ops.adapt_datetimefield_value(entries[0].time)

    def u(value: uuid.UUID | None):
        return value if value is None or native_uuid else value.hex

    rows = [
        (
            e.seq,
            time_value,
            u(e.actor_id),
            e.actor_name,
            e.event_type,
            u(e.court_id),
            u(e.case_id),
            json_field.get_db_prep_save(e.document_hashes, connection),
            e.leaf,
            e.private,
            e.leaf_hash,
        )
        for e in entries
    ]
    insert_rows(connection, Entry._meta.db_table, _ENTRY_COLUMNS, rows)
    if refs:
        insert_rows(connection, DocumentRef._meta.db_table, ("entry_id", "sha256"), refs)
    if nodes:
        insert_rows(connection, Node._meta.db_table, ("key", "level", "index", "hash"), nodes)


def insert_rows(connection, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert many rows at once: ``COPY FROM STDIN`` on PostgreSQL, ``executemany`` elsewhere.

    Why COPY: psycopg's ``executemany`` still sends one INSERT per row (pipelined), which was
    half of a 1,000-deposit batch request on PostgreSQL (bench/ledger.py --deposits); COPY
    sends the rows as one stream. Row triggers (the append-only guard, the document-ref
    check) fire for COPY exactly as for INSERT. SQLite's ``executemany`` is already one C
    loop over a prepared statement. Identifiers come from model metadata, never from input.
    """
    ops = connection.ops
    names = ", ".join(ops.quote_name(c) for c in columns)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cur.executemany(
            f"INSERT INTO {ops.quote_name(table)} ({names}) VALUES ({marks})",  # noqa: S608
            rows,
        )


def _sign_on_commit(connection) -> None:
    """Ask for one signed head when the outermost transaction commits, however many records.

    Django keeps pending callbacks in ``connection.run_on_commit``; looking there first keeps
    a 1,000-record transaction to one signature, and a callback discarded with a rolled-back
    savepoint is registered again by the next record.
    """
    pending = getattr(connection, "run_on_commit", [])
    if any(item[1] is _sign_after_commit for item in pending):
        return
    transaction.on_commit(_sign_after_commit, robust=True)


def _sign_after_commit() -> None:
    """Sign after a commit, unless ``YUNTING_LEDGER_SIGN_INTERVAL`` seconds (default 0: sign
    after every write transaction) have not passed since the last head; the periodic
    ``yunting ledger sign --every 60`` then covers what is left."""
    interval = float(getattr(settings, "YUNTING_LEDGER_SIGN_INTERVAL", 0) or 0)
    if interval > 0:
        last = SignedTreeHead.objects.order_by("-tree_size").values_list("timestamp", flat=True)
        stamp = last.first()
        if stamp is not None and (timezone.now() - stamp).total_seconds() < interval:
            return
    try:
        sign_tree_head()
    except Exception:  # the write has committed; `ledger sign` catches up within a minute
        logger.exception("Could not sign a ledger tree head after commit")


# --- signed tree heads ----------------------------------------------------------------------


def sth_message(*, tree_size: int, root_hash: str, timestamp_ms: int, key_id: str) -> bytes:
    """The exact bytes an STH signature covers (documented in docs/ledger.md)."""
    return (
        f"{STH_PREFIX}\ntree_size={tree_size}\nroot_hash={root_hash}\n"
        f"timestamp={timestamp_ms}\nkey_id={key_id}\n"
    ).encode("ascii")


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def timestamp_ms(value: dt.datetime) -> int:
    return (value - _EPOCH) // dt.timedelta(milliseconds=1)


def sign_tree_head() -> SignedTreeHead | None:
    """Sign the current head if the log grew since the last signed head; return the latest.

    Cheap when nothing is new (two indexed reads), so it can run after every commit and
    every minute without producing a head per entry.
    """
    with transaction.atomic():
        head = LogHead.objects.filter(pk=1).first()
        latest = SignedTreeHead.objects.order_by("-tree_size").first()
        if head is None or head.size == 0:
            return latest
        if latest is not None and latest.tree_size >= head.size:
            return latest
        kid, private = keys.signing_key()
        now = timezone.now()
        ms = timestamp_ms(now)
        stamp = _EPOCH + dt.timedelta(milliseconds=ms)
        root_hex = bytes(head.root_hash).hex()
        message = sth_message(tree_size=head.size, root_hash=root_hex, timestamp_ms=ms, key_id=kid)
        sth = SignedTreeHead(
            tree_size=head.size,
            root_hash=root_hex,
            timestamp=stamp,
            key_id=kid,
            signature=private.sign(message).hex(),
        )
        try:
            with transaction.atomic():
                sth.save(force_insert=True)
                _keep_signer_key(kid, private.public_key().public_bytes_raw())
                checkpoint_sign(tree_size=head.size, root=bytes(head.root_hash), private=private)
        except IntegrityError:  # another process signed this size first
            return SignedTreeHead.objects.get(tree_size=head.size)
        return sth


# --- checkpoints and the keys kept with the log (issue 22) ----------------------------------


def log_origin() -> str:
    return str(settings.YUNTING_LEDGER_ORIGIN)


def checkpoint_sign(*, tree_size: int, root: bytes, private) -> Checkpoint:
    """The C2SP checkpoint of a head, signed as a note by the same Ed25519 key (``note.py``)."""
    origin = log_origin()
    body = note.Checkpoint(origin, tree_size, root).body
    line = note.sign_note(body, origin, private).line
    return Checkpoint.objects.create(tree_size=tree_size, origin=origin, body=body, signature=line)


def _keep_signer_key(kid: str, raw: bytes | None) -> None:
    if raw is None:
        return
    SignerKey.objects.get_or_create(
        kind=SignerKind.LEDGER,
        key_id=kid,
        defaults={"public_key": raw.hex(), "name": log_origin()},
    )


def signer_key_keep(*, kind: str, key_id: str, public_key: str, name: str = "") -> SignerKey:
    """Keep a public key with the log (witnesses, document CAs, another court's log)."""
    key, _created = SignerKey.objects.get_or_create(
        kind=kind, key_id=key_id, defaults={"public_key": public_key, "name": name}
    )
    return key


def ledger_public_keys() -> dict[str, bytes]:
    """Tree-head keys from the key folder and from the log itself (a restore may lack one)."""
    out = {
        k: bytes.fromhex(v)
        for k, v in SignerKey.objects.filter(kind=SignerKind.LEDGER).values_list(
            "key_id", "public_key"
        )
    }
    out.update(keys.public_keys())
    return out


class HeadStatus:
    VALID = "valid"
    BAD_SIGNATURE = "bad_signature"
    KEY_UNAVAILABLE = "key_unavailable"


def sth_status(sth: SignedTreeHead, public_keys: dict[str, bytes] | None = None) -> str:
    """valid, bad_signature, or key_unavailable when no kept key has the head's key id."""
    pubs = ledger_public_keys() if public_keys is None else public_keys
    raw = pubs.get(sth.key_id)
    if raw is None:
        return HeadStatus.KEY_UNAVAILABLE
    message = sth_message(
        tree_size=sth.tree_size,
        root_hash=sth.root_hash,
        timestamp_ms=timestamp_ms(sth.timestamp),
        key_id=sth.key_id,
    )
    ok = keys.verify(raw, bytes.fromhex(sth.signature), message)
    return HeadStatus.VALID if ok else HeadStatus.BAD_SIGNATURE


def sth_is_valid(sth: SignedTreeHead, public_keys: dict[str, bytes] | None = None) -> bool:
    """Whether the head's signature verifies with the published key it names."""
    return sth_status(sth, public_keys) == HeadStatus.VALID


def signing_key_rotate() -> tuple[str | None, str]:
    """Rotate the signing key and record the rotation in the ledger itself."""
    old, new = keys.rotate()
    with transaction.atomic(durable=True):  # the key file has changed: the record must commit
        record_event(key_rotated(old_key_id=old, new_key_id=new))
    return old, new
