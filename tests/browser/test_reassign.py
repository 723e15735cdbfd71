"""The head of the civil division reassigns a case and sees it in the case log."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.cases.factories import make_case
from tests.cases.test_reassign import judges
from yunting.cases.assignment import case_assign_automatically
from yunting.courts.models import Department


def test_division_head_reassigns_from_the_case_page(page, demo, court, login):
    case = make_case(court=court, actor=demo["filing_officer"])
    case.department = Department.objects.get(court=court, name="民事审判第一庭")
    case.save()
    case_assign_automatically(case=case, actor=demo["filing_officer"])
    head, other = judges()
    target = other if case.judge == head else head

    login(page, head)
    page.goto(case.get_absolute_url())
    page.select_option("select[name=judge]", label=target.name)
    page.get_by_role("button", name="调整承办法官").click()
    expect(page.locator("[data-field=reason] .field-error, .messages")).to_contain_text("必填")
    page.select_option("select[name=judge]", label=target.name)
    page.fill("textarea[name=reason]", "原承办法官参加脱产培训")
    page.get_by_role("button", name="调整承办法官").click()
    expect(page.get_by_test_id("case-judge")).to_have_text(target.name)
    page.get_by_role("link", name="日志", exact=True).click()
    expect(page.get_by_test_id("ledger-timeline")).to_contain_text("调整承办法官")
