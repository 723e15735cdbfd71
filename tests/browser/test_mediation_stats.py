# ruff: noqa: F811 - the fixtures imported from tests.mediation.conftest are parameters here
"""The court's mediation coordinator opens the mediation statistics from the network page,
gets a clear error for a reversed range, then reads the share resolved before filing, the
month's row of the table and the server-drawn chart, groups by organisation and downloads the
CSV. The page passes axe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.mediation.conftest import network, people, register  # noqa: F401 - fixtures
from yunting.mediation import services
from yunting.mediation.models import Dispute


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_STAFF_2FA_REQUIRED = False


def _received(d: Dispute, day: dt.date) -> None:
    Dispute.objects.filter(pk=d.pk).update(received_on=day)


def _agreed(register, people, network) -> Dispute:
    d = register()
    services.dispute_answer_invitation(dispute=d, user=people["li"], accept=True)
    services.dispute_assign(dispute=d, actor=people["coordinator"], mediator=network[1])
    a = services.agreement_draft(dispute=d, actor=people["liu"], text="李四归还张三借款20000元。")
    for u in ("zhang", "li"):
        services.agreement_sign(agreement=a, user=people[u], seen_sha256=a.sha256)
    return d


def test_coordinator_reads_the_share_resolved_before_filing(
    page, login, people, network, register
) -> None:
    # August: one resolved, one withdrawn; October: one resolved, one still waiting.
    _received(_agreed(register, people, network), dt.date(2026, 8, 5))
    withdrawn = register()
    services.dispute_withdraw(dispute=withdrawn, user=people["zhang"], reason="已和解。")
    _received(withdrawn, dt.date(2026, 8, 20))
    _received(_agreed(register, people, network), dt.date(2026, 10, 8))
    _received(register(), dt.date(2026, 10, 30))

    login(page, people["coordinator"])
    page.goto("/mediation/desk/network/")
    page.get_by_test_id("statistics-link").click()
    expect(page.get_by_test_id("page-title")).to_have_text("调解统计")

    # A reversed range is an error on the form, and no figures are shown.
    page.fill("#f-from", "2026-10-31")
    page.fill("#f-to", "2026-08-01")
    page.get_by_test_id("stats-show").click()
    expect(page.locator("[data-field=to] .field-error")).to_have_text("截止日期早于起始日期。")
    expect(page.get_by_test_id("resolved-share")).to_have_count(0)

    page.fill("#f-from", "2026-08-01")
    page.fill("#f-to", "2026-10-31")
    page.get_by_test_id("stats-show").click()
    # 2 resolved of 3 closed (the one still waiting is not closed).
    expect(page.get_by_test_id("resolved-share")).to_have_text("66.7%")
    expect(page.get_by_test_id("total-received")).to_have_text("4")
    expect(page.get_by_test_id("total-resolved")).to_have_text("2")
    expect(page.get_by_test_id("total-converted")).to_have_text("0")
    expect(page.get_by_test_id("definition")).to_contain_text("诉前化解率 =")
    rows = page.get_by_test_id("stats-row")
    expect(rows).to_have_count(3)  # August, September (empty), October
    august = rows.filter(has_text="2026-08")
    cells = august.locator("td")
    expect(cells.nth(0)).to_have_text("2")  # received
    expect(cells.nth(2)).to_have_text("1")  # resolved
    expect(cells.nth(5)).to_have_text("1")  # withdrawn
    expect(cells.nth(7)).to_have_text("50.0%")
    expect(rows.filter(has_text="2026-09").locator("td").nth(7)).to_have_text("—")
    chart = page.get_by_test_id("chart").locator("svg")
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", "按月份：收到的纠纷（浅色）与调解成功（深色）")
    expect(chart.locator("rect")).to_have_count(6)  # two bars a month
    assert_accessible(page)

    page.select_option("#f-by", "organisation")
    page.get_by_test_id("stats-show").click()
    bank = page.get_by_test_id("stats-row").filter(has_text=network[1].organisation.name)
    expect(bank.locator("td").nth(0)).to_have_text("2")
    expect(bank.locator("td").nth(7)).to_have_text("100.0%")
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "2026-08-01 — 2026-10-31"
    lines = text.splitlines()
    assert any(line.startswith(f"{network[1].organisation.name},2,0,2,") for line in lines)


def test_the_statistics_do_not_exist_for_a_party(page, login, people) -> None:
    login(page, people["zhang"])
    assert page.goto("/mediation/desk/statistics/").status == 404
