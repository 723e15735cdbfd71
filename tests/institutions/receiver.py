"""A webhook receiver on loopback: checks each signature as an institution would, and
answers as told (200, 500, or too slowly)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from yunting.institutions.webhooks import SIGNATURE_HEADER, verify


class Receiver:
    def __init__(
        self, *, answer: int = 200, delay: float = 0.0, answers: list[int] | None = None
    ) -> None:
        """``answers``: the statuses of the first requests in turn, ``answer`` after them."""
        self.answer, self.delay, self.secret = answer, delay, ""
        self.answers = list(answers or [])
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # http.server's API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    verify(receiver.secret, body, self.headers.get(SIGNATURE_HEADER, ""))
                    valid = True
                except Exception:
                    valid = False
                receiver.received.append(
                    {"body": body, "valid": valid, "headers": dict(self.headers)}
                )
                time.sleep(receiver.delay)
                answer = receiver.answers.pop(0) if receiver.answers else receiver.answer
                try:
                    self.send_response(answer if valid else 400)
                    self.end_headers()
                    self.wfile.write(b"ok" if answer < 300 else b"boom")
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
