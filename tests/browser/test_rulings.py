"""A judge drafts and issues a ruling dismissing the suit (驳回起诉) on the drafting page: the
reasons and the legal basis asked for, the fee refund and the 10-day appeal stated; the case
is in ordinary procedure, so the page holds the issue until the whole panel signed off the
version; once the copies are served the case page shows each party's appeal period against
the ruling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.fees.conftest import accept
from tests.judgments.conftest import panel_of, pay, serve_open_tasks
from yunting.accounts.models import User
from yunting.cases.models import Clock
from yunting.judgments import services
from yunting.judgments.models import Decision
from yunting.judgments.people import ensure_judgment_people


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_STAFF_2FA_REQUIRED = False


@pytest.fixture
def people(demo, demo_password):
    """The judges ``panel_of`` draws the panel from."""
    ensure_judgment_people(demo_password)
    phones = {"head": "13900000012", "judge_b": "13900000013", "judge3": "13900000023"}
    return {key: User.objects.get(phone=phone) for key, phone in phones.items()}


def _msg(pg, text: str) -> None:
    expect(pg.locator(".msg").first).to_contain_text(text, timeout=60_000)


@pytest.mark.django_db(transaction=True)
def test_judge_issues_a_dismissal_and_the_case_shows_the_appeal_period(
    page, login, demo, court, people
):
    case = accept(demo, court)
    pay(demo, case)
    serve_open_tasks(case, demo)  # the notices of acceptance, served by the desk
    case.refresh_from_db()
    login(page, case.judge)
    page.goto(f"/judgments/case/{case.id}/")
    page.get_by_test_id("draft-kind").select_option("dismissal_ruling")
    page.get_by_test_id("start-draft").click()
    expect(page.get_by_test_id("page-title")).to_contain_text("驳回起诉裁定")
    expect(page.get_by_test_id("fee-burden")).to_have_text("本案不交纳案件受理费，已交纳的予以退还")
    expect(page.get_by_test_id("ruling-appeal-note")).to_contain_text("十日内")
    expect(page.get_by_text("《中华人民共和国民事诉讼法》第一百二十二条")).to_be_visible()
    # The reasons are required before issue.
    expect(page.get_by_test_id("blockers")).to_contain_text("本院认为")
    assert_accessible(page)
    page.get_by_test_id("ruling-reasoning").fill(
        "原告与被告之间的借款纠纷已由上海仲裁委员会作出裁决，原告的起诉不符合起诉条件。"
    )
    page.get_by_test_id("save-draft").click()
    _msg(page, "新版本")
    # Ordinary procedure: the panel decides the ruling, every member signs off this version.
    expect(page.get_by_test_id("blockers")).to_have_text(
        "适用普通程序审理的案件和二审案件由三人合议庭审理，请先组成合议庭。"
    )
    judge, members = panel_of(case, people)
    services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    draft = case.drafts.get()
    for m in members:
        services.draft_sign_off(draft=draft, actor=m)
    page.reload()
    expect(page.get_by_test_id("blockers")).to_contain_text("合议庭每位成员须先签署当前版本")
    expect(page.get_by_test_id("blockers")).to_contain_text(judge.name)
    page.get_by_test_id("sign-off").click()
    _msg(page, "已签署")
    expect(page.get_by_test_id("blockers")).to_have_count(0)
    page.get_by_test_id("confirm-issue").check()
    page.get_by_test_id("issue").click(no_wait_after=True)
    _msg(page, "已签名")
    expect(page.get_by_test_id("decision")).to_contain_text("驳回起诉裁定")
    decision = Decision.objects.get(case=case)
    assert decision.kind == "dismissal_ruling"
    expect(page.get_by_test_id("decision")).to_contain_text("尚未生效")
    expect(page.get_by_test_id("appeal-period").first).to_contain_text("尚未送达")
    # The desk serves both copies: each party's 10-day period runs from its own service.
    serve_open_tasks(case, demo)
    clocks = {c.party.name: c for c in Clock.objects.filter(case=case, kind="appeal_ruling")}
    assert len(clocks) == 2
    page.reload()
    periods = page.get_by_test_id("appeal-period")
    expect(periods).to_have_count(2)
    for name, clock in clocks.items():
        row = periods.filter(has_text=name)
        expect(row).to_contain_text("上诉期至")
        expect(row).to_contain_text(f"{clock.due_on.month}月{clock.due_on.day}日")
    assert_accessible(page)
