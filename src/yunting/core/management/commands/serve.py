"""``yunting serve``: the ASGI web server (uvicorn) for this project.

uvicorn is installed with its ``standard`` extras: the httptools parser and the uvloop event
loop. With plain h11 a keep-alive response waited ~40 ms for the client's delayed ACK
(Nagle); httptools answers in ~1–5 ms here (bench/load.py measures it)."""

from __future__ import annotations

import importlib.util

import uvicorn
from django.core.management.base import BaseCommand


def _have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


class Command(BaseCommand):
    help = "Serve the site with uvicorn (ASGI, httptools + uvloop)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument(
            "--app", default="yunting.asgi:application", help="ASGI application to serve."
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="Log every request (off by default: at hundreds of requests a second the "
            "log line costs more than a cached page; the reverse proxy logs them).",
        )

    def handle(
        self, *args, host: str, port: int, workers: int, app: str, access_log: bool, **options
    ) -> None:
        uvicorn.run(
            app,
            host=host,
            port=port,
            workers=workers,
            lifespan="off",
            http="httptools" if _have("httptools") else "h11",
            loop="uvloop" if _have("uvloop") else "asyncio",
            # the client address is resolved by core.clientip from YUNTING_TRUSTED_PROXIES,
            # not by uvicorn (which would believe X-Forwarded-For from any local process)
            proxy_headers=False,
            access_log=access_log,
            log_level="info",
        )
