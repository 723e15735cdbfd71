"""The party's own 送达地址确认书 (issue 15, item 1): the defendant's lawyer confirms the
client's addresses from the case page; a filer gives theirs on the filing's last step and finds
it sealed on the accepted case. The desk then sees the channels consented to."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.filing.factories import complete_filing
from tests.service.factories import make_service_case


@pytest.fixture(autouse=True)
def _site(settings, live_server, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_SITE_URL = live_server.url


@pytest.mark.django_db(transaction=True)
def test_the_lawyer_confirms_the_clients_address_from_the_case_page(
    page, another_page, login, demo, court
):
    case = make_service_case(
        court=court, judge=demo["judge"], clerk=demo["clerk"], lawyer=demo["lawyer"]
    )
    defendant = case.parties.get(role="defendant")
    login(page, demo["lawyer"])
    page.goto(f"/cases/{case.id}/")
    page.get_by_test_id("service-address-tab").click()
    expect(page.get_by_test_id("page-title")).to_have_text("送达地址")
    expect(page.get_by_test_id("current-addresses")).to_contain_text("尚未确认")
    assert_accessible(page)

    # a wrong mobile number is refused, nothing is recorded
    page.get_by_test_id("mobile").fill("12345")
    page.get_by_test_id("confirm-addresses").click()
    expect(page.locator(".msg.error")).to_be_visible()
    expect(page.get_by_test_id("current-addresses")).to_contain_text("尚未确认")

    page.get_by_test_id("inbox").check()
    page.get_by_test_id("consent-inbox").check()
    page.get_by_test_id("mobile").fill("13900000099")  # given, but no consent to SMS
    page.get_by_test_id("email").fill("wang@lawfirm.example")
    page.get_by_test_id("consent-email").check()
    page.get_by_test_id("confirm-addresses").click(no_wait_after=True)
    expect(page.locator(".msg")).to_contain_text("电子卷宗", timeout=60_000)
    current = page.get_by_test_id("current-addresses")
    expect(current).to_contain_text("wang@lawfirm.example")
    expect(current).to_contain_text("13900000099")
    assert_accessible(page)

    # the desk now offers the inbox and e-mail for the defendant, not SMS
    desk = another_page()
    login(desk, demo["service_officer"])
    task_page = f"/service/case/{case.id}/parties/{defendant.id}/addresses/"
    desk.goto(task_page)
    expect(desk.get_by_test_id("consent-email")).to_be_checked()
    expect(desk.get_by_test_id("consent-sms")).not_to_be_checked()


@pytest.mark.django_db(transaction=True)
def test_the_filer_gives_an_address_for_service_with_the_filing(
    page, login, demo, court, run_worker
):
    from yunting.filing import services as filing

    lawyer = demo["lawyer"]
    draft = complete_filing(user=lawyer, court=court, as_lawyer=True)
    login(page, lawyer)
    page.goto(f"/filing/{draft.id}/review/")
    section = page.get_by_test_id("service-address")
    expect(page.get_by_test_id("service-address-status")).to_contain_text("尚未")
    assert_accessible(page)
    page.get_by_test_id("sa-inbox").check()
    page.get_by_test_id("sa-consent-inbox").check()
    page.locator("#sa-email").fill("lawyer@firm.example")
    page.get_by_test_id("sa-consent-email").check()
    section.get_by_test_id("sa-save").click()
    expect(page.locator(".msg")).to_contain_text("送达地址")
    expect(page.get_by_test_id("service-address-status")).to_contain_text("lawyer@firm.example")

    # submitted and accepted: the confirmation is sealed on the case
    draft.refresh_from_db()
    case = filing.filing_accept(
        filing=filing.filing_submit(filing=draft, user=lawyer), officer=demo["filing_officer"]
    )
    run_worker()
    page.goto(f"/service/mine/case/{case.id}/addresses/")
    current = page.get_by_test_id("current-addresses")
    expect(current).to_contain_text("lawyer@firm.example")
    expect(current).to_contain_text("同意电子送达")
