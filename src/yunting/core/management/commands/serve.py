"""``yunting serve``: the ASGI web server (uvicorn) for this project."""

from __future__ import annotations

import uvicorn
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with uvicorn (ASGI)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        uvicorn.run(
            "yunting.asgi:application",
            host=host,
            port=port,
            workers=workers,
            lifespan="off",
            proxy_headers=True,
            log_level="info",
        )
