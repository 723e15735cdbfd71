"""English mode shows English wherever the words are Yunting's own: every page of the walk
(tests/pagewalk.py), rendered in English, may carry Chinese only inside data — what people and
courts typed or were named (names, addresses, case numbers, causes, facts), stored in the
database — and a Chinese legal term glossed in brackets after its English ("Public volume
(正卷)"), which lets a reader match the Chinese documents."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models

from tests import pagewalk

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff60]+")
# A Chinese term glossed in brackets, "element-style complaint (要素式起诉状)", or typed as an
# example of data to search for, "e.g. 借贷".
GLOSS = re.compile(r"[(（][\u3400-\u9fff《》〈〉、/]+[)）]|e\.g\. [\u3400-\u9fff]+")

# Text stored in the database that is Yunting's own wording, not data: it must be English.
# (Titles of issued documents and of templates are the Chinese documents' own titles: data.)
# A fee order's legal basis is Yunting's citation, shown in English (core.formatting).
NOT_DATA = {("fees", "feeorder", "basis")}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Text(HTMLParser):
    """The text a reader sees and the attribute values a screen reader reads; not scripts,
    styles, nor what is marked as Chinese (``lang="zh-…"``: the language switcher's 中文)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._open: list[bool] = []

    def handle_starttag(self, tag, attrs):
        skip = tag in ("script", "style") or (dict(attrs).get("lang") or "").startswith("zh")
        if tag not in VOID:
            self._open.append(skip)
        if skip:
            self._skip += 1
            if tag in VOID:
                self._skip -= 1
            return
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag not in VOID and self._open and self._open.pop():
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p for p in parser.parts if p.strip())


def data_strings() -> list[str]:
    """Every text value stored by Yunting's models and every cause name of the catalogue
    (longest first, so that a name inside an address goes with the address), except the
    wording in NOT_DATA."""
    found: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("yunting."):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and (model._meta.app_label, model._meta.model_name, f.name) not in NOT_DATA
        ]
        for row in model.objects.values_list(*fields) if fields else ():
            found.update(v for v in row if v and HAN.search(v))
    from yunting.rules.causes import catalogue

    found.update(cause.name for cause in catalogue().entries)
    pieces = {v for v in found if len(v.strip()) >= 2}
    for value in found:  # facts and notes are shown line by line
        pieces.update(
            line.strip()
            for line in value.splitlines()
            if len(line.strip()) >= 2 and HAN.search(line)
        )
    return sorted(pieces, key=len, reverse=True)


def han_outside_data(text: str, data: list[str]) -> list[str]:
    """The lines of ``text`` holding a Han character that no data value or gloss covers (all
    matched on the text as shown, so one never breaks another)."""
    covered = bytearray(len(text))
    spans = [m.span() for m in GLOSS.finditer(text)]
    for value in data:
        start = text.find(value)
        while start != -1:
            spans.append((start, start + len(value)))
            start = text.find(value, start + 1)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    text = "".join(" " if covered[i] else ch for i, ch in enumerate(text))
    return [line.strip() for line in text.splitlines() if HAN.search(line)]


def test_every_page_in_english_is_english():
    pagewalk.seed()
    walk = pagewalk.build()
    assert walk.pages, "the walk found no page"
    english = pagewalk.make_clients("en")
    data = data_strings()
    failures = {}
    for page in walk.pages:
        response = english[page.phone].get(page.url)
        assert response.status_code == 200, page
        assert response.headers.get("Content-Language") == "en", page
        lines = han_outside_data(visible_text(response.content.decode()), data)
        if lines:
            failures[page.url] = lines[:6]
    report = "\n".join(f"{url}: {lines}" for url, lines in sorted(failures.items()))
    assert not failures, f"Chinese outside data on {len(failures)} pages:\n{report}"


def test_data_is_told_from_wording():
    data = ["张三", "上海市长宁区古北路1001号"]
    assert han_outside_data("Plaintiff: 张三, 上海市长宁区古北路1001号", data) == []
    assert han_outside_data("Public volume (正卷)", data) == []
    assert han_outside_data("Plaintiff：张三", data) == ["Plaintiff："]
    assert han_outside_data("受理通知书 · 张三", data) == ["受理通知书 ·"]
    html = '<p>English <button lang="zh-hans">中文</button> <b>中</b><br></p>'
    assert visible_text(html) == "English \n中"
