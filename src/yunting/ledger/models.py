"""The persistent Merkle log: entries, stored subtree hashes, signed tree heads.

Append-only is enforced three ways: only ``services`` write here; database triggers refuse
UPDATE and DELETE on every table except the mutable ``LogHead`` cache (migration 0002); and the
Merkle tree plus Ed25519-signed heads make any edit that slips past both detectable by
``yunting ledger verify`` or by anyone holding an export.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A stored node's primary key packs (level, index) so a proof's O(log n) nodes are fetched with
# one ``key IN (...)`` lookup and a scan by key walks the tree level by level.
NODE_LEVEL_SHIFT = 56


def node_key(level: int, index: int) -> int:
    return (level << NODE_LEVEL_SHIFT) | index


class Entry(models.Model):
    """One event, forever. ``leaf`` is the exact text whose UTF-8 bytes are the Merkle leaf."""

    seq = models.BigIntegerField(_("sequence number"), primary_key=True)
    time = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=120, blank=True)
    event_type = models.CharField(_("event type"), max_length=64, db_index=True)
    court = models.ForeignKey(
        "courts.Court",
        verbose_name=_("court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case_id = models.UUIDField(_("case"), null=True, blank=True, db_index=True)
    document_hashes = models.JSONField(_("document hashes"), default=list, blank=True)
    leaf = models.TextField(
        _("leaf"), help_text=_("Canonical JSON of the public part; its UTF-8 bytes are hashed.")
    )
    private = models.TextField(
        _("private part"),
        help_text=_(
            "Canonical JSON of actor, court, case and payload; its SHA-256 is in the leaf."
        ),
    )
    leaf_hash = models.CharField(_("leaf hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["court", "time"], name="ledger_entry_court_time")]
        constraints = [models.CheckConstraint(condition=models.Q(seq__gte=1), name="ledger_seq_1")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type}"

    @property
    def index(self) -> int:
        """The 0-based leaf index in the Merkle tree."""
        return self.seq - 1

    @property
    def payload(self) -> dict:
        return json.loads(self.private)["payload"]


class DocumentRef(models.Model):
    """Index from a document's SHA-256 to the entries that recorded it (public verification)."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="documents"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("recorded document")
        verbose_name_plural = _("recorded documents")

    def __str__(self) -> str:
        return f"{self.sha256} @ #{self.entry_id}"


class Node(models.Model):
    """The hash of a complete subtree: leaves [index·2^level, (index+1)·2^level), level >= 1.

    Written once, when its last leaf is appended; leaf hashes (level 0) live on ``Entry``.
    """

    key = models.BigIntegerField(primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"))
    index = models.BigIntegerField(_("index"))
    hash = models.BinaryField(_("hash"), max_length=32)

    class Meta:
        verbose_name = _("tree node")
        verbose_name_plural = _("tree nodes")

    def __str__(self) -> str:
        return f"({self.level}, {self.index})"


class SignedTreeHead(models.Model):
    """The court's Ed25519 signature over (tree size, root, time, key id); see docs/ledger.md."""

    tree_size = models.BigIntegerField(_("tree size"), unique=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    timestamp = models.DateTimeField(_("signed at"))
    key_id = models.CharField(_("key id"), max_length=16)
    signature = models.CharField(_("signature"), max_length=128)

    class Meta:
        ordering = ["tree_size"]
        get_latest_by = "tree_size"
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")

    def __str__(self) -> str:
        return f"STH {self.tree_size} {self.root_hash[:12]}"


class LogHead(models.Model):
    """The single mutable row: current size, root and right edge ("frontier") of the tree.

    Appends lock it (``SELECT ... FOR UPDATE``), which serialises writers and hands each one
    the frontier it needs to compute new nodes without reading old ones. It is a cache: if it
    is lost it is rebuilt from ``Entry`` and ``Node``, and ``ledger verify`` checks it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField(default=0)
    root_hash = models.BinaryField(max_length=32)
    frontier = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("log head")
        verbose_name_plural = _("log heads")

    def __str__(self) -> str:
        return f"head {self.size}"
