"""Public verification of a recorded file in a real browser; the administrators' event search."""

from __future__ import annotations

import zoneinfo

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from playwright.sync_api import expect

from yunting.ledger.events import EventType, register
from yunting.ledger.services import record

JUDGMENT = b"%PDF-1.7\n% civil judgment (2026) \xe6\xb2\xaa0105\xe6\xb0\x91\xe5\x88\x9d 1 \n"


@register
class BrowserEvent(EventType):
    JUDGMENT_SERVED = "test_browser_ledger.judgment_served", _("Judgment served (test)")


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"


def _upload(page, name: str, data: bytes) -> None:
    page.goto("/ledger/verify/")
    page.set_input_files(
        "input[name=file]", files=[{"name": name, "mimeType": "application/pdf", "buffer": data}]
    )
    page.click("[data-testid=verify-form] button[type=submit]")


def test_public_verification_of_a_recorded_and_an_unknown_file(page, demo, court):
    # A real commit: the on-commit hook signs a tree head covering the entry.
    with transaction.atomic():
        entry = record(
            BrowserEvent.JUDGMENT_SERVED,
            actor=demo["judge"],
            court=court,
            payload={"party": "张三"},
            documents=[JUDGMENT],
        )
    t = entry.time.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    shown = f"{t.year}年{t.month}月{t.day}日 {t:%H:%M:%S}"

    _upload(page, "judgment.pdf", JUDGMENT)
    result = page.locator("[data-testid=verify-result]")
    expect(result).to_have_attribute("data-status", "found")
    expect(result.locator("[data-testid=recorded-at]")).to_contain_text(shown)
    expect(result.locator("[data-testid=signed-head]")).to_be_visible()
    expect(result).not_to_contain_text("张三")
    expect(result).not_to_contain_text(demo["judge"].name)
    with page.expect_download() as download:
        page.click("[data-testid=download-proof]")
    assert download.value.suggested_filename.startswith("ledger-proof-")

    _upload(page, "forged.pdf", JUDGMENT + b" ")
    expect(page.locator("[data-testid=verify-result]")).to_have_attribute(
        "data-status", "not-found"
    )


def test_event_search_for_admin_and_404_for_litigant(page, demo, court, login):
    with transaction.atomic():
        record(BrowserEvent.JUDGMENT_SERVED, actor=demo["judge"], court=court, payload={})
    login(page, demo["court_admin"])
    page.goto("/ledger/events/")
    table = page.locator("[data-testid=event-table]")
    expect(table).to_be_visible()
    newest = table.locator("tbody tr[data-seq]").first  # newest first, after the demo's grants
    expect(newest).to_contain_text(demo["judge"].name)
    expect(newest).to_contain_text("刘法官")

    page.context.clear_cookies()
    login(page, demo["litigant"])
    response = page.goto("/ledger/events/")
    assert response.status == 404
