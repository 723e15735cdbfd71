"""Fixtures shared by the whole suite."""

from __future__ import annotations

import socket

import pytest

from yunting.core.demo import DEMO_PASSWORD, PEOPLE, seed_demo


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and throttles start from zero in every test (locmem or Redis)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    """The demo courts and people; ``demo["judge"]`` is the first demo user with that role."""
    seed_demo()
    from yunting.accounts.models import User

    users = {}
    for role, phone, *_rest in PEOPLE:
        users.setdefault(str(role), User.objects.get(phone=phone))
    return users


@pytest.fixture
def demo_password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def court(demo):
    from yunting.courts.models import Court

    return Court.objects.get(code="沪0105")


class _Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler API
        import email

        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on loopback; mail the code sends arrives in ``inbox.messages``."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free loopback port (aiosmtpd cannot start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    yield inbox
    controller.stop()


@pytest.fixture
def run_worker(settings):
    """Run the real task worker until the queue is empty (database queue or Redis/RQ)."""
    from django.core.management import call_command

    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
        import django_rq

        queue = django_rq.get_queue("default")

        def _run() -> None:
            call_command("worker", batch=True)

        queue.empty()
        yield _run
        queue.empty()
    else:
        yield lambda: call_command("worker", batch=True)
