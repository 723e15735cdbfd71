"""``yunting demo``: migrate, load demo data, then run the worker and the web server."""

from __future__ import annotations

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Set up the demo (migrate, demo data) and run the worker and the web server."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo")
        helpers = [
            # the task worker, and the ledger's signer: a signed tree head at least every minute
            subprocess.Popen([sys.executable, "-m", "yunting.cli", "worker"]),
            subprocess.Popen(
                [sys.executable, "-m", "yunting.cli", "ledger", "sign", "--every", "60"]
            ),
        ]
        self.stdout.write(f"Worker started; site at http://{host}:{port}/  (Ctrl-C stops all)")
        try:
            call_command("serve", host=host, port=port)
        finally:
            for process in helpers:
                process.terminate()
            for process in helpers:
                process.wait(timeout=10)
