"""Keeping parallel test processes apart."""

from __future__ import annotations


def clear_cache() -> None:
    """Empty this test process's cache. On Redis only this worker's keys go (``cache.clear()``
    is FLUSHDB: it would empty the other xdist worker's cache and task queue too)."""
    from django.conf import settings
    from django.core.cache import cache

    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
