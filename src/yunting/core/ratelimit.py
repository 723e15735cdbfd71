"""A small fixed-window counter on the shared cache (Redis at scale), for public endpoints
where each refused request would otherwise cost a write."""

from __future__ import annotations

import time

from django.core.cache import cache


def _key(scope: str, ident: str, window: int) -> str:
    return f"rl:{scope}:{ident}:{int(time.time() // window)}"


def limit_reached(scope: str, ident: str, *, limit: int, window: int = 60) -> bool:
    return int(cache.get(_key(scope, ident, window), 0)) >= limit


def count(scope: str, ident: str, *, window: int = 60) -> None:
    key = _key(scope, ident, window)
    if not cache.add(key, 1, timeout=window * 2):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window * 2)
