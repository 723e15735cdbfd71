"""``yunting sms_test_provider``: the local TEST SMS provider (no real SMS), for the demo."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand

from yunting.notify.sms import sms_key
from yunting.notify.testprovider import TestSmsProvider


class Command(BaseCommand):
    help = "Run the local test SMS provider on loopback (sends no real SMS; shows what it got)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8025)

    def handle(self, *args, port: int, **options) -> None:
        provider = TestSmsProvider(key=sms_key(), port=port).start()
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"Test SMS provider (no real SMS) at http://127.0.0.1:{port}/")
        stop.wait()
        provider.stop()
