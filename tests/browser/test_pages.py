"""Every page of the walk (tests/pagewalk.py) in a real browser: on a 390-px phone no primary
button of a portal page is cut off, and axe-core finds no serious or critical violation on
any portal or workbench page in Chinese and English at 390 and 1280 px, and in elder mode.

One browser, one context per (language, width, elder) combination, axe injected into every
document by the context, run once per page; users are switched by swapping the session
cookie, not by logging in again (the log-in form has tests of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests import pagewalk

pytestmark = pytest.mark.django_db(transaction=True)

PHONE, DESK = 390, 1280
# (language, width, elder mode); elder mode at the width where its large type is hardest.
COMBOS = [("zh-hans", PHONE, False), ("zh-hans", DESK, False), ("en", PHONE, False)]
COMBOS += [("en", DESK, False), ("zh-hans", PHONE, True)]
# First pass without CSS selectors (the costly part of axe's report); a page with a
# violation is run again with them, to say where.
AXE_FAST = {"resultTypes": ["violations"], "selectors": False}
AXE_REPORT = {"resultTypes": ["violations"]}
SERIOUS = ("serious", "critical")


def _axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


@pytest.fixture
def walk(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    pagewalk.seed()
    clients = pagewalk.make_clients()
    walked = pagewalk.build(clients)
    sessions = {  # the anonymous visitor's too: the links they came by are in it
        phone: client.cookies[settings.SESSION_COOKIE_NAME].value
        for phone, client in clients.items()
    }
    return walked, sessions


class _Browser:
    """One context of one combination; ``open(page)`` shows a walked page as its user."""

    def __init__(self, browser, base_url, sessions, *, language, width, elder, axe=False):
        self.base_url, self.sessions = base_url, sessions
        self.context = browser.new_context(
            base_url=base_url,
            locale="en-US" if language == "en" else "zh-CN",
            viewport={"width": width, "height": 844 if width == PHONE else 900},
        )
        self.context.set_default_timeout(30_000)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
        if elder:
            cookies.append({"name": "yt_elder", "value": "1", "url": base_url})
        self.context.add_cookies(cookies)
        if axe:
            self.context.add_init_script(script=_axe_script())
        self.tab = self.context.new_page()
        self.who = "nobody"

    def open(self, page: pagewalk.Page):
        if page.phone != self.who:
            self.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
            if page.phone in self.sessions:
                self.context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": self.sessions[page.phone],
                            "url": self.base_url,
                        }
                    ]
                )
            self.who = page.phone
        response = self.tab.goto(page.url, wait_until="domcontentloaded")
        assert response is not None and response.status == 200, (page, response)
        return self.tab

    def close(self):
        self.context.close()


def test_no_primary_button_is_cut_off_on_a_phone(_browser, live_server, walk):
    walked, sessions = walk
    portal = [p for p in walked.pages if not p.workbench]
    assert len(portal) > 20, [p.url for p in portal]
    combo = _Browser(_browser, live_server.url, sessions, language="zh-hans", width=PHONE, elder=0)
    cut_off = {}
    try:
        for page in portal:
            tab = combo.open(page)
            boxes = tab.eval_on_selector_all(
                ".button:not(.secondary), button[type=submit]:not(.link)",
                """els => els.filter(e => e.offsetParent !== null).map(e => {
                    const r = e.getBoundingClientRect();
                    return [e.textContent.trim(), Math.round(r.left), Math.round(r.right)];
                })""",
            )
            width = tab.evaluate("document.documentElement.clientWidth")
            outside = [b for b in boxes if b[1] < 0 or b[2] > width]
            if tab.evaluate("document.documentElement.scrollWidth") > width:
                outside.append(("the page scrolls sideways", 0, 0))
            if outside:
                cut_off[page.url] = outside
    finally:
        combo.close()
    assert not cut_off, "\n".join(f"{url}: {b}" for url, b in cut_off.items())


def test_axe_finds_no_serious_violation_on_any_page(_browser, live_server, walk):
    walked, sessions = walk
    assert len(walked.pages) > 40
    problems = []
    for language, width, elder in COMBOS:
        combo = _Browser(
            _browser,
            live_server.url,
            sessions,
            language=language,
            width=width,
            elder=elder,
            axe=True,
        )
        try:
            for page in walked.pages:
                tab = combo.open(page)
                result = tab.evaluate("options => axe.run(document, options)", AXE_FAST)
                if not any(v["impact"] in SERIOUS for v in result["violations"]):
                    continue
                result = tab.evaluate("options => axe.run(document, options)", AXE_REPORT)
                for v in result["violations"]:
                    if v["impact"] in SERIOUS:
                        targets = [n["target"] for n in v["nodes"][:3]]
                        where = f"{language} {width}px{' elder' if elder else ''}"
                        problems.append(f"{where} {page.url} {v['id']}: {v['help']} {targets}")
        finally:
            combo.close()
    assert not problems, f"{len(problems)} serious/critical violations:\n" + "\n".join(problems)
