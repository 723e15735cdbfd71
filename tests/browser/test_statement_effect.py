"""The 民事调解书's effect in the browser: the party that has not received it refuses it (反悔,
with a confirmation), the party that received it cannot; the judge sees each party's receipt
and that the case is to be adjudicated."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.evidence.conftest import DEFENDANT_ID, accept_case, make_lawyer, pdf


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"


def _msg(pg, text: str) -> None:
    expect(pg.locator(".msg").first).to_contain_text(text, timeout=60_000)


@pytest.mark.django_db(transaction=True)
def test_party_refuses_the_statement_before_receipt_and_the_judge_sees_it(
    page, another_page, login, demo
):
    from tests.evidence.test_statement_effect import issued, serve_copy
    from yunting.accounts.models import User
    from yunting.evidence import services

    case = accept_case()
    d_lawyer = make_lawyer()
    services.agent_link(
        case_number=case.case_number,
        party_id_number=DEFENDANT_ID,
        actor=d_lawyer,
        poa=pdf("授权委托书"),
        licence_number="13101200010000001",
    )
    s = {
        "case": case,
        "judge": case.judge or demo["judge"],
        "p_lawyer": User.objects.get(phone="13900000003"),
        "d_lawyer": d_lawyer,
        "plaintiff": case.parties.get(role="plaintiff"),
        "defendant": case.parties.get(role="defendant"),
    }
    agreement = issued(s)
    serve_copy(s, demo, agreement, s["plaintiff"])  # the plaintiff signed for its copy
    url = f"/evidence/cases/{case.id}/"

    p = page
    p.context.set_default_timeout(60_000)
    login(p, s["p_lawyer"])
    p.goto(url)
    expect(p.get_by_test_id("statement-status")).to_have_attribute("data-status", "pending")
    expect(p.get_by_test_id(f"receipt-{s['defendant'].id}")).to_have_text("尚未签收")
    expect(p.get_by_test_id("refuse-statement")).to_have_count(0)  # received: too late

    d = another_page()
    d.context.set_default_timeout(60_000)
    login(d, d_lawyer)
    d.goto(url)
    expect(d.get_by_test_id("refuse-statement")).to_be_visible()
    assert_accessible(d)
    d.get_by_test_id("refuse-statement").click()
    _msg(d, "勾选")  # the refusal needs the box ticked
    d.get_by_test_id("refuse-reason").fill("无力一次性支付")
    d.get_by_test_id("refuse-confirm").check()
    d.get_by_test_id("refuse-statement").click()
    _msg(d, "你已对调解书反悔")
    expect(d.get_by_test_id("statement-status")).to_have_attribute("data-status", "refused")
    expect(d.get_by_test_id("refuse-statement")).to_have_count(0)

    j = another_page()
    j.context.set_default_timeout(60_000)
    login(j, s["judge"])
    j.goto(url)
    status = j.get_by_test_id("statement-status")
    expect(status).to_have_attribute("data-status", "refused")
    expect(status).to_contain_text("应当及时判决")
    expect(status).to_contain_text("无力一次性支付")
    expect(j.get_by_test_id("receipt-row")).to_have_count(2)
    expect(j.get_by_test_id(f"receipt-{s['plaintiff'].id}")).not_to_have_text("尚未签收")
    expect(j.get_by_test_id(f"receipt-{s['defendant'].id}")).to_have_text("尚未签收")
    expect(j.get_by_test_id("refuse-statement")).to_have_count(0)
    assert_accessible(j)
