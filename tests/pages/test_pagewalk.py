"""The page walk (tests/pagewalk.py) finds every GET page of the URL conf: a new app's page
with a URL kwarg nobody can fill, or a page no demo user can open, fails here by name."""

from __future__ import annotations

import pytest

from tests import pagewalk

pytestmark = pytest.mark.django_db


def test_the_walk_reaches_every_page():
    pagewalk.seed()
    walk = pagewalk.build()
    names = {p.name for p in walk.pages}
    # a portal page, a workbench page, a page with an object id, an anonymous page
    assert {"portal:home", "workbench:home", "cases:detail", "accounts:login"} <= names
    assert any(p.workbench for p in walk.pages) and any(not p.workbench for p in walk.pages)
    assert "core:elder_mode" in walk.not_get  # a POST target is not a page
    assert not walk.errors, walk.errors
    assert not walk.unreached, "\n".join(f"{k}: {v}" for k, v in walk.unreached.items())


def test_the_walk_reaches_service_batch_and_hearing_room_pages():
    """The pages that need a stage of the demo (a service batch, a recipient link, a batch
    acceptance under way, a hearing in session) and the downloads are walked, not skipped."""
    pagewalk.seed()
    walk = pagewalk.build()
    pages = [p.name for p in walk.pages]
    for name in (
        "filing:batch",
        "service:addresses",
        "service:batch",
        "service:task",
        "service_link:open",
        "hearings:prepare",
    ):
        assert name in pages, (name, walk.unreached.get(name))
    assert pages.count("hearings:room") == 2  # before the hearing and in session
    downloads = {
        "filing:batch_status",
        "filing:attachment_download",
        "service:batch_pdf",
        "service:inbox_read",
        "service:notice_pdf",
        "service_link:document",
        "fees:receipt",
        "hearings:ical",
    }
    assert downloads <= set(walk.fragments), downloads - set(walk.fragments)
    assert "hearings:witness" in walk.redirects  # the witness's link opens their seat
    assert not [v for v in pagewalk.NOT_WALKED.values() if v.startswith("GAP")]
    assert not walk.errors and not walk.unreached, (walk.errors, walk.unreached)
