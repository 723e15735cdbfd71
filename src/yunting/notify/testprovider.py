"""A LOCAL TEST SMS PROVIDER: it speaks the provider protocol of ``notify/sms.py`` on loopback
and sends no real message. It checks each request's signature, keeps what it received, and
shows it on a page, so tests and the demo can read the codes a phone would have received.

    provider = TestSmsProvider(key=sms_key()); provider.start()   # tests
    yunting sms_test_provider --port 8025                          # the demo
"""

from __future__ import annotations

import hmac
import html
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .sms import SIGNATURE_HEADER, signature

MAX_BODY = 16 * 1024


@dataclass(frozen=True)
class ReceivedSms:
    id: str
    to: str
    text: str


class TestSmsProvider:
    def __init__(self, *, key: bytes, host: str = "127.0.0.1", port: int = 0) -> None:
        self.key = key
        self.messages: list[ReceivedSms] = []
        self.refused = 0
        self._lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _answer(self, status: int, payload: dict | str, kind: str = "json") -> None:
                if kind == "json":
                    data = json.dumps(payload, ensure_ascii=False).encode()
                    ctype = "application/json; charset=utf-8"
                else:
                    data = str(payload).encode()
                    ctype = "text/html; charset=utf-8"
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if self.path != "/send" or not 0 < length <= MAX_BODY:
                    return self._answer(400, {"ok": False, "error": "bad_request"})
                body = self.rfile.read(length)
                given = self.headers.get(SIGNATURE_HEADER, "")
                if not hmac.compare_digest(signature(body, key=provider.key), given):
                    with provider._lock:
                        provider.refused += 1
                    return self._answer(403, {"ok": False, "error": "bad_signature"})
                try:
                    data = json.loads(body.decode())
                    to, text = str(data["to"]), str(data["text"])
                except (ValueError, KeyError, TypeError):
                    return self._answer(400, {"ok": False, "error": "bad_json"})
                with provider._lock:
                    message = ReceivedSms(f"test-{len(provider.messages) + 1}", to, text)
                    provider.messages.append(message)
                return self._answer(200, {"ok": True, "id": message.id})

            def do_GET(self) -> None:
                rows = "".join(
                    f"<li><b>{html.escape(m.to)}</b>: {html.escape(m.text)}</li>"
                    for m in reversed(provider.messages)
                )
                page = (
                    "<!DOCTYPE html><html lang='zh-hans'><meta charset='utf-8'>"
                    "<title>测试短信平台 Test SMS provider</title>"
                    "<h1>测试短信平台（不发送真实短信）/ Test SMS provider (no real SMS)</h1>"
                    f"<ul>{rows or '<li>—</li>'}</ul></html>"
                )
                return self._answer(200, page, kind="html")

        self.server = ThreadingHTTPServer((host, port), Handler)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/send"

    def start(self) -> TestSmsProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def to(self, phone: str) -> list[str]:
        with self._lock:
            return [m.text for m in self.messages if m.to == phone]
