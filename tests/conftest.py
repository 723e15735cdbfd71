"""Fixtures shared by the whole suite."""

from __future__ import annotations

import socket

import pytest

from tests.isolation import clear_cache
from yunting.demo.people import DEMO_PASSWORD, PEOPLE, seed_demo


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and throttles start from zero in every test (locmem or Redis)."""
    clear_cache()


@pytest.fixture(autouse=True)
def _one_rate_window(monkeypatch):
    """The fixed-window counters (core.ratelimit) stay in the window the test started in: on a
    busy machine a test's 30 requests could otherwise straddle a minute and never reach 429."""
    import time
    import types

    from yunting.core import ratelimit

    started = time.time()
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: started))


@pytest.fixture(autouse=True)
def _temporary_files(settings, tmp_path_factory):
    """No test writes into the repository's var/media or var/keys: stored files and signing
    keys go to this test process's temporary folder (per xdist worker). Fixtures that need a
    fresh key per test (tests/ledger) override KEYS_DIR again."""
    base = tmp_path_factory.getbasetemp()
    settings.MEDIA_ROOT = base / "media"
    settings.KEYS_DIR = base / "keys"


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

    inbox = _Inbox()
    # aiosmtpd cannot start on port 0: probe a free port, and probe again if another process
    # (an xdist worker, another engineer's run) took it between the probe and the start.
    for _attempt in range(20):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        try:
            controller.start()
            break
        except (OSError, RuntimeError):
            continue
    else:
        pytest.fail("no free loopback port for the SMTP server")
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


@pytest.fixture
def jingan(demo):
    """Staff of a second court (上海市静安区人民法院, 沪0106) holding every role the first
    court's staff hold in these tests: each selector and permission check must keep them out
    of 沪0105's cases. The demo has a filing officer and a judge there; the other roles are
    granted to new people through the real service."""
    from yunting.accounts.models import User
    from yunting.accounts.roles import Role
    from yunting.accounts.services import role_grant
    from yunting.courts.models import Court

    court = Court.objects.get(code="沪0106")
    staff = {
        "court": court,
        "filing_officer": User.objects.get(phone="13900000021"),
        "judge": User.objects.get(phone="13900000022"),
    }
    for number, role in enumerate(
        (Role.FINANCE_OFFICER, Role.COURT_ADMIN, Role.JUDGE_ASSISTANT, Role.CLERK), start=31
    ):
        user = User.objects.create_user(f"139000000{number}", "x-unused-9", name=f"静安{role}")
        role_grant(user=user, role=role, court=court)
        staff[str(role)] = User.objects.get(pk=user.pk)
    return staff


@pytest.fixture(autouse=True)
def _v1_errors_have_the_documented_shape(monkeypatch):
    """Every v1 error any test receives through the test client must have the documented
    shape: the whole suite walks the error responses (issue 11). Only observes."""
    from django.test import Client

    from tests.api.error_shape import V1, assert_v1_error

    real = Client.request

    def request(self, **environ):
        response = real(self, **environ)
        if environ.get("PATH_INFO", "").startswith(V1) and response.status_code >= 400:
            assert_v1_error(response)
        return response

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def sms_provider(settings):
    """The local test SMS provider on loopback, over real HTTP; ``.to(phone)`` is what arrived."""
    from yunting.notify.sms import sms_key
    from yunting.notify.testprovider import TestSmsProvider

    provider = TestSmsProvider(key=sms_key()).start()
    settings.YUNTING_SMS_URL = provider.url
    yield provider
    provider.stop()
