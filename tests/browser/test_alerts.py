"""A judge sees the early-warning counts in the workbench, opens the trial-limit warnings and
the overview, and finds the demo cases that qualify (and not the near misses)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_STAFF_2FA_REQUIRED = False


def test_judge_sees_warning_counts_and_opens_a_queue(page, login, demo):
    from yunting.accounts.models import User
    from yunting.alerts.demo import demo_case, seed_demo_alerts

    seed_demo_alerts()
    judge = User.objects.get(phone="13900000012")
    login(page, judge)
    page.goto("/workbench/")
    entry = page.locator(".queue-grid a", has_text="预警：我的案件审限临期/超期")
    expect(entry.locator(".big")).to_have_text("2")  # L1, L2
    summons = page.locator(".queue-grid a", has_text="预警：传票未送达")
    expect(summons.locator(".big")).to_have_text("2")  # H1, H2
    entry.click()
    expect(page.get_by_test_id("page-title")).to_have_text("预警：我的案件审限临期/超期")
    rows = page.get_by_test_id("alert-row")
    expect(rows).to_have_count(2)
    past = page.locator('[data-testid="alert-row"][data-state="past"]')
    expect(past).to_contain_text(demo_case("L1").case_number)
    expect(past).to_contain_text("已超期")
    near = page.locator('[data-testid="alert-row"][data-state="near"]')
    expect(near).to_contain_text(demo_case("L2").case_number)
    expect(near).to_contain_text("还剩")
    expect(page.get_by_text(demo_case("L3").case_number)).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="全部预警").click()
    expect(page.get_by_test_id("page-title")).to_have_text("预警")
    fees = page.get_by_test_id("alert-section-fees")
    expect(fees).to_contain_text(demo_case("F1").case_number)
    expect(fees).not_to_contain_text(demo_case("F3").case_number)
    expect(page.get_by_test_id("alert-section-summons").get_by_test_id("alert-row")).to_have_count(
        2
    )
    assert_accessible(page)
    page.get_by_test_id("alert-section-summons").get_by_role(
        "link", name=demo_case("H2").case_number
    ).click()
    expect(page).to_have_url(
        f"{page.url.split('/hearings/')[0]}/hearings/{demo_case('H2').hearings.get().pk}/"
    )
