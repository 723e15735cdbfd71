"""Imports run downwards: ``core`` is the shared base every app builds on, so it imports no
domain app; the demo sits on top of everything, so nothing imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import yunting

SRC = Path(yunting.__file__).parent
# what core may import from the project: itself, and the pure legal rules beneath it
CORE_MAY_IMPORT = ("yunting.core", "yunting.rules")


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """Absolute names of the yunting modules a source imports (relative imports resolved
    against ``package``, the package the file sits in)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return [(line, name) for line, name in found if name.split(".")[0] == "yunting"]


def offending(root: Path, allowed) -> list[str]:
    return [
        f"{path.relative_to(SRC)}:{line} imports {name}"
        for path in sorted(root.rglob("*.py"))
        for line, name in imported_modules(
            path.read_text(encoding="utf-8"),
            ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1]),
        )
        if not allowed(name)
    ]


def test_core_imports_no_domain_app():
    def allowed(name: str) -> bool:
        return any(name == m or name.startswith(m + ".") for m in CORE_MAY_IMPORT)

    assert offending(SRC / "core", allowed) == []


def test_nothing_imports_the_demo():
    def allowed(name: str) -> bool:
        return name != "yunting.demo" and not name.startswith("yunting.demo.")

    outside = [p for p in SRC.iterdir() if p.is_dir() and p.name != "demo"]
    assert [bad for root in outside for bad in offending(root, allowed)] == []


def test_the_check_sees_a_domain_import():
    """The walker itself: a planted import of a domain app is reported, relative or not."""
    source = "import json\nfrom yunting.filing.models import Filing\nfrom ..cases import models\n"
    found = [name for _, name in imported_modules(source, "yunting.core")]
    assert found == ["yunting.filing.models", "yunting.cases"]
