"""``yunting demo``: migrate, load demo data, then run the worker and the web server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_GRACE_SECONDS = 4


def stop_children(processes: list[subprocess.Popen]) -> None:
    """Ask every child to stop (SIGTERM), then kill whatever is still running after the grace
    period, so that nothing outlives the demo by more than a few seconds."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Set up the demo (migrate, demo data) and run the worker and the web server."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo")
        # The local TEST SMS provider (no real SMS) next to the site; the worker sends to it.
        sms_port = port + 1
        os.environ.setdefault("YUNTING_SMS_URL", f"http://127.0.0.1:{sms_port}/send")
        helpers = [
            # the task worker, and the ledger's signer: a signed tree head at least every minute
            subprocess.Popen([sys.executable, "-m", "yunting.cli", "worker"]),
            subprocess.Popen(
                [sys.executable, "-m", "yunting.cli", "ledger", "sign", "--every", "60"]
            ),
            subprocess.Popen(  # noqa: S603 - our own interpreter and command, a number
                [sys.executable, "-m", "yunting.cli", "sms_test_provider", "--port", f"{sms_port}"]
            ),
        ]
        self.stdout.write(f"Worker started; site at http://{host}:{port}/  (Ctrl-C stops all)")
        self.stdout.write(
            f"Test SMS provider (no real SMS; codes for 忘记密码 appear here): "
            f"http://127.0.0.1:{sms_port}/"
        )
        # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default
        # handler that would end this process before the children are stopped.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            call_command("serve", host=host, port=port)
        except KeyboardInterrupt:
            pass
        finally:
            stop_children(helpers)
