"""Civil causes of action (民事案件案由) under 《民事案件案由规定》, as packaged data.

Each revision lives in ``data/causes_<revision>.json`` with its source and official numbering:
level 1 第X部分, level 2 一、, level 3 1., level 4 (1). Level-4 numbers restart under each level-3
cause, so an entry's lookup ``key`` is its parent's code followed by its own (``"8(1)"``); keys of
levels 1–3 are the official codes themselves. Entries are never invented: a revision that could
not be checked in full is shipped with ``complete: false`` and a note saying what is missing. Each
file records its sources, the cross-checks made and, under ``counts``, how many entries it holds per
level (checked on load).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from yunting.rules.errors import RuleError

__all__ = [
    "CURRENT_REVISION",
    "REVISIONS",
    "Catalogue",
    "Cause",
    "catalogue",
    "get",
    "search",
]

# The revision in force since 2026-01-01 (法〔2025〕227号); 2020 (法〔2020〕346号) before it.
CURRENT_REVISION = "2026"
REVISIONS: tuple[str, ...] = ("2020", "2026")


@dataclass(frozen=True)
class Cause:
    """One cause of action; ``code`` is the official number, ``key`` is unique in its revision."""

    key: str
    code: str
    name: str
    level: int
    parent: str | None  # key of the parent cause
    revision: str

    @property
    def label(self) -> str:
        """The cause as printed in the official list, e.g. ``103.借款合同纠纷``."""
        if self.level == 1:
            return f"{self.code} {self.name}"
        if self.level == 2:
            return f"{self.code}、{self.name}"
        if self.level == 3:
            return f"{self.code}.{self.name}"
        return f"{self.code}{self.name}"


@dataclass(frozen=True)
class Catalogue:
    """One revision of the catalogue with its provenance."""

    revision: str
    title: str
    document_number: str
    effective: str
    complete: bool
    note: str
    sources: dict[str, dict[str, str]]
    entries: tuple[Cause, ...]

    def get(self, key: str) -> Cause:
        """The cause with this key (``"103"``, ``"第四部分"``, ``"8(1)"``, also ``"8（1）"``)."""
        found = self._index().get(_normalize_key(key))
        if found is None:
            raise RuleError(
                "unknown_cause",
                f"No cause {key!r} in the {self.revision} catalogue"
                + ("" if self.complete else " (this revision is shipped incomplete)")
                + ".",
            )
        return found

    def children(self, key: str | None) -> list[Cause]:
        """Direct children of ``key`` (None: the parts, level 1), in official order."""
        return [c for c in self.entries if c.parent == key]

    def path(self, key: str) -> list[Cause]:
        """From the part down to the cause, e.g. 第一部分 → 一 → 8 → 8(1)."""
        chain = [self.get(key)]
        while chain[-1].parent is not None:
            chain.append(self.get(chain[-1].parent))
        return list(reversed(chain))

    def search(self, fragment: str) -> list[Cause]:
        """Causes whose name contains ``fragment``: exact match, then names starting with it,
        then the rest; inside each group the closest (shortest) name first, then official order."""
        needle = fragment.strip()
        if not needle:
            return []
        hits = [(i, c) for i, c in enumerate(self.entries) if needle in c.name]

        def rank(item: tuple[int, Cause]) -> tuple[int, int, int]:
            index, cause = item
            group = 0 if cause.name == needle else 1 if cause.name.startswith(needle) else 2
            return (group, len(cause.name), index)

        return [c for _, c in sorted(hits, key=rank)]

    def _index(self) -> dict[str, Cause]:
        return _index_for(self.revision)


def _normalize_key(key: str) -> str:
    return key.strip().replace("（", "(").replace("）", ")").replace(" ", "")


def _entry_key(code: str, level: int, parent: str | None) -> str:
    return f"{parent}{code}" if level == 4 and parent is not None else code


def _parse(revision: str, raw: dict[str, Any]) -> Catalogue:
    entries: list[Cause] = []
    keys: dict[str, Cause] = {}
    # Parents are given by official code; a level-4 entry's parent is a level-3 code, unique.
    for item in raw["entries"]:
        level = int(item["level"])
        parent = item["parent"]
        key = _entry_key(item["code"], level, parent)
        if key in keys:
            raise ValueError(f"duplicate cause key {key!r} in revision {revision}")
        if (parent is None) != (level == 1):
            raise ValueError(f"cause {key!r}: only level 1 has no parent")
        if parent is not None and (parent not in keys or keys[parent].level != level - 1):
            raise ValueError(f"cause {key!r}: parent {parent!r} missing or at the wrong level")
        cause = Cause(key, item["code"], item["name"], level, parent, revision)
        keys[key] = cause
        entries.append(cause)
    declared = raw.get("counts")
    if declared is not None:
        actual = {f"level_{n}": sum(1 for c in entries if c.level == n) for n in range(1, 5)}
        if declared != actual:
            raise ValueError(f"revision {revision}: declared counts {declared} != entries {actual}")
    return Catalogue(
        revision=revision,
        title=raw["title"],
        document_number=raw["document_number"],
        effective=raw["effective"],
        complete=bool(raw["complete"]),
        note=raw.get("note", ""),
        sources=raw.get("sources", {}),
        entries=tuple(entries),
    )


@cache
def catalogue(revision: str = CURRENT_REVISION) -> Catalogue:
    """The catalogue of ``revision`` (loaded once from packaged data)."""
    if revision not in REVISIONS:
        raise RuleError(
            "unknown_revision", f"Unknown catalogue revision {revision!r}; known: {REVISIONS}."
        )
    text = (
        resources.files("yunting.rules")
        .joinpath("data", f"causes_{revision}.json")
        .read_text(encoding="utf-8")
    )
    return _parse(revision, json.loads(text))


@cache
def _index_for(revision: str) -> dict[str, Cause]:
    return {c.key: c for c in catalogue(revision).entries}


def get(code: str, revision: str = CURRENT_REVISION) -> Cause:
    """The cause with this official code / key in ``revision``; ``unknown_cause`` if absent."""
    return catalogue(revision).get(code)


def search(fragment: str, revision: str = CURRENT_REVISION) -> list[Cause]:
    """Causes of ``revision`` whose name contains ``fragment``, best matches first."""
    return catalogue(revision).search(fragment)
