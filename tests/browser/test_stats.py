"""The court administrator opens the statistics dashboard, sees the chart drawn on the server
and the figures of the case accepted today, changes the grouping, and downloads the XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.fees.conftest import accept


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_STAFF_2FA_REQUIRED = False


def test_admin_sees_the_dashboard_and_downloads_xlsx(page, login, demo, court):
    accept(demo, court)
    login(page, demo["court_admin"])
    page.goto("/stats/")
    expect(page.get_by_test_id("page-title")).to_have_text("司法统计")
    expect(page.get_by_test_id("chart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("chart").locator("svg rect")).to_have_count(2)
    row = page.get_by_test_id("stats-row")
    expect(row).to_have_count(1)
    expect(row.first).to_contain_text(court.name)
    total = page.get_by_test_id("stats-total").locator("td")
    expect(total.nth(0)).to_have_text("1")  # 收案
    expect(total.nth(1)).to_have_text("0")  # 结案
    expect(total.nth(2)).to_have_text("1")  # 存案
    expect(total.nth(6)).to_have_text("100.0%")  # 网上立案率
    assert_accessible(page)
    page.select_option("#f-group", "judge")
    page.get_by_role("button", name="显示").click()
    expect(page.get_by_test_id("stats-row").first).to_contain_text("法官")
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    data = Path(info.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]][:4] == [None, "收案", "结案", "存案"]
    labels = [r[0].value for r in sheet.iter_rows(min_row=3)]
    assert labels[-1] == "合计"
    assert sheet.cell(row=sheet.max_row, column=2).value == 1


def test_the_dashboard_does_not_exist_for_a_litigant(page, login, demo):
    login(page, demo["litigant"])
    response = page.goto("/stats/")
    assert response.status == 404
