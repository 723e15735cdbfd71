"""What people see of issue 10's fit and finish: the issue form asks for a template's own
fields; a code typed from paper is verified; each court edits its own templates and a
broken edit is a message; the wizard's "this party is me"; the review page; 张三's home."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(court, demo):
    from tests.cases.factories import make_case

    c = make_case(court=court, plaintiff_user=demo["litigant"])
    c.judge, c.clerk = demo["judge"], demo["clerk"]
    c.save(update_fields=["judge", "clerk"])
    return c


def test_the_issue_form_asks_for_the_documents_own_fields(page, login, demo, case):
    login(page, demo["clerk"])
    page.goto(f"/documents/case/{case.id}/")
    expect(page.locator("nav.sidebar").get_by_text("批量制发文书")).to_have_count(1)
    options = page.locator("select[name=template] option")
    expect(options.filter(has_text="诉讼费电子票据")).to_have_count(0)
    page.select_option("select[name=template]", "summons")  # htmx swaps in its fields
    expect(page.get_by_label("开庭日期和时间")).to_be_visible()
    expect(page.get_by_label("地点")).to_have_value(case.court.address)
    expect(page.locator("textarea[name=extra]")).to_have_count(0)
    page.get_by_role("button", name="制发并签章").click()  # the time is required
    expect(page.locator("[data-field=detail_hearing_time] .field-error")).to_be_visible()
    page.get_by_label("开庭日期和时间").fill("2026-12-10T09:30")
    page.get_by_label("地点").fill("本院第一法庭")
    # rendering, sealing and signing take a while on a busy machine: wait for the page itself
    page.get_by_role("button", name="制发并签章").click(no_wait_after=True)
    expect(page.locator(".msg")).to_contain_text("传票", timeout=60_000)
    doc = case.documents.get()
    assert doc.extra["hearing_time"] == "2026年12月10日上午9时30分"
    assert doc.extra["hearing_place"] == "本院第一法庭"


def test_a_code_typed_from_paper_is_verified(page, demo, case):
    from yunting.documents.services import document_issue

    with transaction.atomic():
        doc = document_issue(template_code="acceptance_notice", case=case, actor=demo["clerk"])
    page.goto("/documents/verify/")
    page.get_by_label("校验码").fill(doc.verification_code.lower().replace("-", ""))
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("code-found")).to_be_visible()
    expect(page.get_by_test_id("code-title")).to_have_text("受理通知书")
    expect(page.get_by_test_id("code-case")).to_have_text(case.case_number)
    expect(page.get_by_test_id("code-ledger")).to_contain_text(str(doc.ledger_seq))

    page.goto("/documents/verify/")
    page.get_by_label("校验码").fill("ZZZZZ-ZZZZZ")
    page.get_by_test_id("verify-submit").click()
    expect(page.locator("[data-field=code] .field-error")).to_contain_text("没有文书使用此校验码")
    expect(page.locator("footer")).to_contain_text("核验缴费票据")


def test_a_court_admin_edits_their_courts_version_and_sees_errors(page, login, demo):
    login(page, demo["court_admin"])
    page.get_by_role("link", name="文书模板").click()
    row = page.locator("tr[data-code=acceptance_notice]")
    expect(row).to_contain_text("平台默认")
    row.get_by_role("link", name="编辑和预览").click()
    expect(page.get_by_test_id("template-scope")).to_contain_text("不影响其他法院")
    body = page.locator("textarea[name=body]")
    original = body.input_value()

    body.fill(original.replace("{% block body %}", "{% block body %}{% debug %}"))
    page.get_by_test_id("preview").click()
    expect(page.locator("[data-field=body] .field-error")).to_contain_text("debug")

    page.locator("textarea[name=body]").fill(
        original.replace("{% block body %}", "{% block body %}<p>长宁提示</p>")
    )
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.locator(".messages")).to_contain_text("第 1 版")
    page.get_by_role("link", name="文书模板").click()
    expect(page.locator("tr[data-code=acceptance_notice]")).to_contain_text("本院版本")
    expect(page.locator("tr[data-code=summons]")).to_contain_text("平台默认")


def test_this_party_is_me_and_nothing_is_lost_on_continue(page, login, demo, court):
    from yunting.filing import services

    zhang = demo["litigant"]
    filing = services.filing_create(user=zhang, court=court)
    login(page, zhang)
    page.goto(f"/filing/{filing.id}/parties/")
    expect(page.locator("input[name=agent_licence]")).to_have_count(0)  # not a lawyer
    page.get_by_label("该当事人是我本人").check()
    expect(page.locator("input[name=name]")).to_have_value(zhang.name)
    expect(page.locator("input[name=id_number]")).to_have_value(zhang.id_number)
    expect(page.locator("input[name=phone]")).to_have_value(zhang.phone)
    page.get_by_test_id("continue").click()  # no address yet: said so, nothing dropped
    expect(page.locator("[data-field=address] .field-error")).to_be_visible()
    expect(page.locator("input[name=id_number]")).to_have_value(zhang.id_number)
    expect(page.get_by_label("该当事人是我本人")).to_be_checked()
    page.fill("input[name=address]", "上海市长宁区天山路100号")
    page.get_by_test_id("continue").click()
    page.wait_for_url(re.compile(r"/claims/$"))
    assert filing.parties.get().id_number == zhang.id_number


def test_the_officer_reviews_ids_addresses_and_history(page, login, demo, court):
    from tests.filing.factories import complete_filing
    from yunting.filing import services

    filing = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    services.filing_submit(filing=filing, user=demo["lawyer"])
    services.filing_request_correction(
        filing=filing, officer=demo["filing_officer"], items=["请补充被告的送达地址。"]
    )
    services.filing_submit(filing=filing, user=demo["lawyer"])
    plaintiff = filing.parties.get(role="plaintiff")
    login(page, demo["filing_officer"])
    page.goto(f"/filing/review/{filing.id}/")
    row = page.get_by_test_id("review-party").filter(has_text=plaintiff.name)
    expect(row.get_by_test_id("id-masked")).to_have_text(plaintiff.masked_id_number)
    expect(row).to_contain_text(plaintiff.address)
    row.get_by_test_id("reveal-id").click()
    expect(page.get_by_test_id("id-revealed")).to_have_text(plaintiff.id_number)
    history = page.get_by_test_id("filing-history")
    expect(history).to_contain_text("请补充被告的送达地址。")
    expect(history.locator("[data-event='filing.resubmitted']")).to_have_count(1)


def test_zhang_san_sees_his_cases_and_pays_from_home(page, login, demo):
    from yunting.filing.demo import seed_demo_filings

    seed_demo_filings()
    zhang = demo["litigant"]
    login(page, zhang)
    page.goto("/portal/")
    from yunting.fees.models import FeeOrder

    order = FeeOrder.objects.filter(payer__user=zhang).order_by("due_date").first()
    due = page.get_by_test_id("fee-due").filter(has_text=order.case.case_number)
    expect(due.get_by_test_id("fee-due-amount")).to_have_text(f"待交费 ¥{order.amount:,.2f}")
    expect(page.get_by_test_id("case-cards")).to_contain_text(order.case.case_number)
    due.get_by_test_id("pay-now").click()
    page.wait_for_url(re.compile(rf"/fees/orders/{order.id}/$"))
    expect(page.get_by_test_id("fee-account")).to_contain_text("6222 0105 0000 0001")
