"""The client's address, believing ``X-Forwarded-For`` only from configured proxies.

``YUNTING_TRUSTED_PROXIES`` lists the addresses or networks (``10.0.0.0/8``) of the reverse
proxies in front of the site. When the connection comes from one of them, the forwarded chain is
read from the right and the first address that is not a trusted proxy is the client; otherwise
the header is ignored, since anybody can send it. Every per-address limit (payment callbacks,
public pages, API throttles, log-in lock-out) uses this one answer.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_CLIENT_IP",
    "HTTP_X_CLIENT_IP",
    "HTTP_FORWARDED",
    "HTTP_FORWARDED_FOR",
    "HTTP_X_FORWARDED",
    "HTTP_X_CLUSTER_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
)


@functools.cache
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress._BaseNetwork, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def trusted_networks() -> tuple[ipaddress._BaseNetwork, ...]:
    return _networks(tuple(getattr(settings, "YUNTING_TRUSTED_PROXIES", ())))


def _parse(value: str) -> ipaddress._BaseAddress | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress._BaseAddress | None, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def resolve_client_ip(meta: dict) -> str:
    remote = meta.get("REMOTE_ADDR", "") or ""
    networks = trusted_networks()
    if not networks or not _trusted(_parse(remote), networks):
        return remote
    hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # garbage in the chain: stop believing it here
            return remote
        if not _trusted(address, networks):
            return str(address)
    return remote


def client_ip(request: HttpRequest) -> str:
    """The address every limit counts against (set once by ``TrustedProxyMiddleware``)."""
    cached = getattr(request, "client_ip", None)
    return cached if cached is not None else resolve_client_ip(request.META)


class TrustedProxyMiddleware:
    """First in the chain: put the real client address in ``REMOTE_ADDR`` and drop every
    forwarding header, so no later code (Django REST framework, django-axes, ipware) can be
    fooled by one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = resolve_client_ip(request.META)
        request.META["REMOTE_ADDR"] = address
        for header in FORWARDED_HEADERS:
            request.META.pop(header, None)
        request.client_ip = address
        return self.get_response(request)
