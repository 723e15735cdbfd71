"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's
live server. Each test gets a fresh browser context (no shared cookies)."""

from __future__ import annotations

import os
import re

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions on the database) are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    """One Playwright per test process: its sync API runs an event loop in this thread, so a
    second ``sync_playwright()`` (or ``asyncio.run``) beside it would fail. Browsers with other
    flags (the hearing room's fake camera) are launched from this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def _browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


class _Context:
    """A browser context that counts its requests in flight, so that closing it can wait for
    them: a request the server is still handling when the test ends would hold its database
    locks while the teardown truncates the tables (PostgreSQL then aborts one of the two, and
    the flush fails)."""

    def __init__(self, browser, live_server, **options):
        self.context = browser.new_context(base_url=live_server.url, locale="zh-CN", **options)
        self.context.set_default_timeout(15_000)
        self.in_flight = 0
        self.context.on("request", lambda _r: self._count(1))
        self.context.on("requestfinished", lambda _r: self._count(-1))
        self.context.on("requestfailed", lambda _r: self._count(-1))

    def _count(self, step: int) -> None:
        self.in_flight += step

    def close(self) -> None:
        pages = self.context.pages
        for _ in range(100):  # at most ~5 s: a stuck request must not hang the suite
            if self.in_flight <= 0 or not pages:
                break
            pages[0].wait_for_timeout(50)
        self.context.close()


@pytest.fixture
def page(_browser, live_server):
    ctx = _Context(_browser, live_server)
    yield ctx.context.new_page()
    ctx.close()


@pytest.fixture
def phone_page(_browser, live_server):
    """A phone-sized screen (360×740), as many litigants use."""
    ctx = _Context(_browser, live_server, viewport={"width": 360, "height": 740})
    yield ctx.context.new_page()
    ctx.close()


@pytest.fixture
def login(demo_password):
    """``login(page, user)`` logs in through the real form and waits for the home page."""

    def _login(pg, user, password: str | None = None) -> None:
        pg.goto("/accounts/login/")
        pg.fill("input[name=username]", user.phone)
        pg.fill("input[name=password]", password or demo_password)
        pg.click("button[type=submit]")
        pg.wait_for_url(re.compile(r"/(portal|workbench)/"))

    return _login


@pytest.fixture
def another_page(_browser, live_server):
    """``another_page()``: a second person's page in a browser context of its own (their own
    cookies), closed when the test ends whatever happens in it."""
    contexts: list[_Context] = []

    def make():
        contexts.append(_Context(_browser, live_server))
        return contexts[-1].context.new_page()

    yield make
    for ctx in contexts:
        ctx.close()
