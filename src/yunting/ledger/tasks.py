"""Background work: signing a tree head (enqueue it where on-commit signing is not wanted)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def sign_tree_head() -> int:
    """Sign the current head if the log grew; returns the signed size (0 when empty)."""
    sth = services.sign_tree_head()
    return sth.tree_size if sth else 0
