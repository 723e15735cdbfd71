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


class PublicPageRateLimitMiddleware:
    """The public pages (``settings.YUNTING_PUBLIC_PAGES``, by URL name) are limited per client
    address like their API twins (DRF's anonymous throttle): past
    ``YUNTING_PUBLIC_PAGE_RATE`` requests a minute an anonymous visitor gets a friendly 429
    page saying when to try again. Logged-in people are not limited here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.conf import settings
        from django.shortcuts import render

        from .clientip import client_ip

        match = request.resolver_match
        if match is None or match.view_name not in settings.YUNTING_PUBLIC_PAGES:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        scope, ident = "public-page", client_ip(request)
        if limit_reached(scope, ident, limit=settings.YUNTING_PUBLIC_PAGE_RATE, window=60):
            wait = 60 - int(time.time()) % 60
            response = render(request, "core/rate_limited.html", {"retry_after": wait}, status=429)
            response["Retry-After"] = str(wait)
            return response
        count(scope, ident, window=60)
        return None
