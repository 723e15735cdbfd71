"""The channels against real local servers: a bounced e-mail (permanent SMTP refusal or a DSN)
falls back to SMS; an SMS provider that errs or times out fails over; a 70-character text."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from yunting.service.events import ServiceEvent
from yunting.service.models import AttemptStatus, ServiceTask, TaskStatus

from .factories import issue

pytestmark = pytest.mark.django_db(transaction=True)


class _Refusing:
    """An SMTP server that refuses some recipients for good (550) and keeps the rest."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("gone"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email

        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def refusing_smtp(settings):
    from aiosmtpd.controller import Controller

    handler = _Refusing()
    for _ in range(20):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        try:
            controller.start()
            break
        except (OSError, RuntimeError):
            continue
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield handler
    controller.stop()


def _confirm(case, officer, email, consent=("email", "sms")):
    from yunting.service.addresses import address_confirm

    from .factories import defendant

    address_confirm(
        party=defendant(case),
        actor=officer,
        source="express",
        email=email,
        mobile="13900000099",
        consent=set(consent),
    )


def test_bounced_email_falls_back_to_sms(case, officer, refusing_smtp, sms_provider, run_worker):
    _confirm(case, officer, "gone@shifan.example")
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email"], actor=officer)
    run_worker()
    task.refresh_from_db()
    email = task.attempts.get(channel="email")
    assert email.status == AttemptStatus.BOUNCED and "550" in email.error
    sms = task.attempts.get(channel="sms")
    assert sms.automatic and sms.status == AttemptStatus.DELIVERED
    assert task.status == TaskStatus.SERVED and task.served_channel == "sms"
    [text] = sms_provider.to("13900000099")
    assert len(text) <= 70, text
    from yunting.service.links import link_url

    assert link_url(sms) in text
    from yunting.ledger.models import Entry

    assert Entry.objects.filter(event_type=ServiceEvent.FALLBACK, case_id=case.id).exists()


def test_a_dsn_in_the_bounce_mailbox_bounces_an_unanswered_email(
    case, officer, refusing_smtp, sms_provider, run_worker
):
    """E-mail accepted, then a DSN comes back: the attempt is bounced, and with no other
    channel running the task falls back (here the e-mail had not completed: unconfirmed)."""
    from yunting.service.bounces import bounce_process
    from yunting.service.models import ServiceAttempt
    from yunting.service.services import service_dispatch

    _confirm(case, officer, "someone@shifan.example")
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email"], actor=officer)
    attempt = task.attempts.get()
    ServiceAttempt.objects.filter(pk=attempt.pk).update(confirmed=False)  # address not confirmed
    run_worker()
    [sent] = refusing_smtp.messages
    dsn = (
        "From: MAILER-DAEMON@mx.example\r\nTo: noreply@court.example\r\n"
        "Subject: Undelivered Mail\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        "Final-Recipient: rfc822; someone@shifan.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {sent['Message-ID']}\r\nX-Yunting-Service-Attempt: "
        f"{sent['X-Yunting-Service-Attempt']}\r\n\r\n--B--\r\n"
    ).encode()
    assert bounce_process(dsn) is not None
    run_worker()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.BOUNCED
    task.refresh_from_db()
    assert task.served_channel == "sms"
    assert bounce_process(b"Subject: hello\r\n\r\nnot a bounce") is None


class _BadProvider:
    def __init__(self, *, delay: float = 0.0, status: int = 500) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(outer.delay)
                data = json.dumps({"ok": False, "error": "quota"}).encode()
                try:
                    self.send_response(outer.status)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

        self.delay, self.status = delay, status
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("delay,status,expect", [(0, 500, "refused"), (1.5, 200, "unreachable")])
def test_sms_provider_error_or_timeout_fails_over_to_email(
    case, officer, settings, smtp_inbox, run_worker, delay, status, expect
):
    provider = _BadProvider(delay=delay, status=status)
    settings.YUNTING_SMS_URL = provider.url
    settings.YUNTING_SMS_TIMEOUT = 0.5
    try:
        _confirm(case, officer, "legal@shifan.example")
        from yunting.service.services import service_dispatch

        task = ServiceTask.objects.get(document=issue(case, case.judge))
        service_dispatch(task=task, channels=["sms"], actor=officer)
        run_worker()
    finally:
        provider.stop()
    task.refresh_from_db()
    sms = task.attempts.get(channel="sms")
    assert sms.status == AttemptStatus.FAILED and expect in sms.error
    assert task.served_channel == "email" and len(smtp_inbox.messages) == 1


def test_every_channel_failing_leaves_the_task_failed_for_the_desk(
    case, officer, refusing_smtp, run_worker
):
    _confirm(case, officer, "gone@shifan.example", consent=("email",))
    from yunting.service.services import service_dispatch

    task = ServiceTask.objects.get(document=issue(case, case.judge))
    service_dispatch(task=task, channels=["email"], actor=officer)
    run_worker()
    task.refresh_from_db()
    assert task.status == TaskStatus.FAILED
