"""Every link of the navigation, the portal tiles and the footer leads to a page whose title
says what the link said; the site has a favicon; no badge mixes an ASCII ? into Chinese."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    """Links inside the sidebar, the tiles and the footer, with their own text (a count
    badge inside the link is not part of its name)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._zone = 0
        self._href: str | None = None
        self._text: list[str] = []
        self._skip = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "title":
            self._in_title = True
        if tag in ("nav", "footer", "ul") and (
            "sidebar" in classes or "tiles" in classes or tag == "footer"
        ):
            self._zone += 1
        if self._zone and tag == "a":
            self._href, self._text = a.get("href"), []
        if self._href and tag == "span" and ("count" in classes or "tile-hint" in classes):
            self._skip += 1
        if self._href and tag == "span" and not classes:  # tile hints are plain spans
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "a" and self._href:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None
        if tag == "span" and self._skip:
            self._skip -= 1
        if tag in ("nav", "footer", "ul") and self._zone:
            self._zone -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._href and not self._skip:
            self._text.append(data)


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _title(html: str) -> str:
    return _parse(html).title.split(" · ")[0].strip()


ROLES = ["litigant", "lawyer", "filing_officer", "judge", "clerk", "finance_officer", "court_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_page_titles_match_the_links_that_lead_to_them(role, demo, client):
    client.force_login(demo[role])
    start = reverse("workbench:home") if role not in ("litigant", "lawyer") else "/"
    links = _parse(client.get(start, follow=True).content.decode()).links
    assert links
    checked = 0
    for href, text in links:
        if not href or not href.startswith("/") or not text:
            continue
        response = client.get(href, follow=True)
        assert response.status_code == 200, href
        title = _title(response.content.decode())
        assert title == re.sub(r"\s+", " ", text), (href, text, title)
        checked += 1
    assert checked >= 3


def test_favicon_exists(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_no_ascii_question_mark_next_to_chinese(demo, client):
    client.force_login(demo["judge"])
    for url in (reverse("workbench:home"), reverse("fees:overdue_queue")):
        page = client.get(url).content.decode()
        assert not re.search(r"[\u4e00-\u9fff][?]", page), url
        assert "按撤诉处理" in page
