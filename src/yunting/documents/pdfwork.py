"""HTML → PDF (WeasyPrint) and PAdES signing (pyHanko): the CPU-heavy part, Django-free.

Kept free of Django imports so a batch can run it in worker processes (``spawn``: a forked
child would share the parent's database sockets). Everything passed in is plain data.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .pdffonts import compact_fonts
from .pki import Credentials

T = TypeVar("T")

_SIGNERS: dict[tuple, object] = {}
# Decoded images shared between documents of this process: the seal is the same every time.
_IMAGE_CACHE: dict = {}


@dataclass(frozen=True)
class SignSpec:
    credentials: Credentials
    field_name: str
    reason: str
    location: str = ""
    name: str = ""


def offline_fetcher():
    """Only ``data:`` URLs (the seal is inlined): a template must never reach the network or
    read local files; anything else is skipped with a warning."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


_FONT_CONFIG = None


def html_to_pdf(html: str) -> bytes:
    """One font configuration per process: fontconfig matching and face loading are done once,
    not for every document of a batch. The embedded CJK fonts are cut down to the glyphs
    used (``pdffonts``) before the file is written, hence before anything signs it."""
    global _FONT_CONFIG
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return HTML(string=html, url_fetcher=offline_fetcher()).write_pdf(
        cache=_IMAGE_CACHE, font_config=_FONT_CONFIG, finisher=compact_fonts
    )


def _signer(cred: Credentials):
    from pyhanko.sign import signers

    stamp = tuple(os.stat(p).st_mtime_ns for p in (cred.key_path, cred.cert_path))
    cache_key = (cred, stamp)
    signer = _SIGNERS.get(cache_key)
    if signer is None:
        signer = signers.SimpleSigner.load(
            cred.key_path,
            cred.cert_path,
            ca_chain_files=cred.chain_paths,
            key_passphrase=cred.key_password.encode() if cred.key_password else None,
        )
        if signer is None:
            raise ValueError("The signing key or certificate could not be loaded.")
        _SIGNERS.clear() if len(_SIGNERS) > 256 else None
        _SIGNERS[cache_key] = signer
    return signer


def sign_pdf(pdf: bytes, specs: list[SignSpec]) -> bytes:
    """Apply each signature in order, each an incremental update (PAdES B-B, SHA-256).

    The last signature covers the whole file; earlier ones cover their revision, and the
    only change after them is the next signature, which validators accept."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    for spec in specs:
        meta = signers.PdfSignatureMetadata(
            field_name=spec.field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=spec.reason or None,
            location=spec.location or None,
            name=spec.name or None,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = io.BytesIO()
        signers.sign_pdf(writer, meta, signer=_signer(spec.credentials), output=out)
        pdf = out.getvalue()
    return pdf


def outside_event_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``fn`` where no asyncio loop runs.

    pyHanko's synchronous signing and validation start their own event loop, which fails
    inside a running one (an ASGI request, a Playwright-driven test): there the call moves to
    a plain thread. ``fn`` must not need the caller's database connection."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def render_and_sign(html: str, specs: list[SignSpec]) -> tuple[bytes, str]:
    """The whole CPU part of issuing one document: returns the signed bytes and their SHA-256."""
    return outside_event_loop(_render_and_sign, html, specs)


def _render_and_sign(html: str, specs: list[SignSpec]) -> tuple[bytes, str]:
    pdf = sign_pdf(html_to_pdf(html), specs)
    return pdf, hashlib.sha256(pdf).hexdigest()
