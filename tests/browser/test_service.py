"""Done when (issue 15): a judge issues a summons (and the response notice); the service desk
confirms the defendant's addresses and serves by inbox and e-mail; the defendant's lawyer
opens the e-mail link, confirms identity and reads; the proof of service is in the e-file; the
defence deadline shows on the case for the judge and for the lawyer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.service.factories import DEFENDANT_CODE, make_service_case


@pytest.fixture(autouse=True)
def _site(settings, live_server, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_SITE_URL = live_server.url


def _issue(page, code, title, recipient_id, fields=None):
    page.select_option("select[name=template]", code)
    expect(page.locator("#issue-details h3")).to_have_text(title)  # htmx swapped the form in
    for label, value in (fields or {}).items():
        page.get_by_label(label).fill(value)
    page.select_option("select[name=recipient]", recipient_id)
    page.get_by_test_id("issue").click(no_wait_after=True)
    expect(page.locator(".msg")).to_contain_text("已", timeout=60_000)


@pytest.mark.django_db(transaction=True)
def test_summons_served_by_inbox_and_email_read_by_lawyer_with_proof_and_deadline(
    page, another_page, login, demo, court, smtp_inbox, run_worker
):
    case = make_service_case(
        court=court, judge=demo["judge"], clerk=demo["clerk"], lawyer=demo["lawyer"]
    )
    defendant = case.parties.get(role="defendant")

    # the judge issues the summons and the response notice to the defendant
    login(page, demo["judge"])
    page.goto(f"/documents/case/{case.id}/")
    _issue(
        page,
        "summons",
        "传票",
        str(defendant.id),
        {"开庭日期和时间": "2027-01-12T09:30", "地点": "本院第一法庭"},
    )
    page.goto(f"/documents/case/{case.id}/")
    _issue(page, "response_notice", "应诉通知书", str(defendant.id))

    # the service desk confirms the defendant's addresses (inbox and e-mail, with consent)
    desk = another_page()
    login(desk, demo["service_officer"])
    desk.goto(f"/service/case/{case.id}/")
    desk.get_by_test_id("confirm-2").click()
    desk.get_by_test_id("inbox").check()
    desk.get_by_test_id("consent-inbox").check()
    desk.get_by_label("电子邮箱").fill("wang@lawfirm.example")
    desk.get_by_test_id("consent-email").check()
    desk.get_by_test_id("confirm-addresses").click(no_wait_after=True)
    expect(desk.locator(".msg")).to_contain_text("电子卷宗", timeout=60_000)

    # ... and serves both documents by inbox and e-mail from the queue
    desk.goto("/service/desk/")
    rows = desk.get_by_test_id("task-row")
    expect(rows).to_have_count(2)
    expect(desk.get_by_test_id("service-queue")).to_contain_text("应诉通知书")
    assert_accessible(desk)
    for box in desk.locator("input[name=task]").all():
        box.check()
    desk.get_by_test_id("channel-inbox").check()
    desk.get_by_test_id("channel-email").check()
    desk.get_by_test_id("serve-selected").click(no_wait_after=True)
    expect(desk.locator(".msg")).to_contain_text("2", timeout=90_000)
    run_worker()  # the e-mails go out through SMTP on loopback
    assert len(smtp_inbox.messages) == 2
    body = smtp_inbox.messages[0].get_payload(decode=True).decode()
    url = re.search(r"http://\S+/s/\S+/", body).group(0)

    # the lawyer opens the e-mail link, confirms identity, reads
    lawyer = another_page()
    lawyer.goto(url)
    assert_accessible(lawyer)
    lawyer.get_by_test_id("id6").fill("000000")
    lawyer.get_by_test_id("verify").click()
    expect(lawyer.get_by_test_id("link-error")).to_contain_text("4")
    lawyer.get_by_test_id("id6").fill(DEFENDANT_CODE[-6:])
    lawyer.get_by_test_id("verify").click()
    expect(lawyer.get_by_test_id("read-document")).to_be_visible()
    with lawyer.expect_download() as info:
        lawyer.get_by_test_id("read-document").click()
    assert info.value.suggested_filename.endswith(".pdf")
    from yunting.service.models import ServiceAttempt

    read = ServiceAttempt.objects.filter(channel="email", read_at__isnull=False)
    assert read.count() == 1 and read.get().opened_at is not None

    # the proof of service is in the e-file, and the task shows it
    page.goto(f"/efile/case/{case.id}/")
    expect(page.get_by_text("电子送达回证").first).to_be_visible()
    assert page.get_by_text("电子送达回证").count() >= 2
    desk.goto(f"/service/case/{case.id}/")
    expect(desk.get_by_test_id("case-tasks")).to_contain_text("电子送达回证")
    assert_accessible(desk)

    # the defence deadline shows on the case for the judge and for the lawyer
    page.goto(f"/cases/{case.id}/")
    expect(page.get_by_test_id("case-overview")).to_contain_text(
        re.compile("答辩期 · 上海示范贸易有限公司"), timeout=15_000
    )
    login(lawyer, demo["lawyer"])
    lawyer.goto(f"/cases/{case.id}/")
    expect(lawyer.get_by_test_id("case-overview")).to_contain_text("答辩期", timeout=15_000)
    lawyer.goto("/service/mine/")
    expect(lawyer.get_by_test_id("inbox-row")).to_have_count(2)
    assert_accessible(lawyer)


@pytest.mark.django_db(transaction=True)
def test_desk_withdraws_a_service_with_its_reason(page, login, demo, court):
    """撤回送达: the officer opens the task, must give a reason, and then sees it withdrawn."""
    from tests.service.factories import issue
    from yunting.service.models import ServiceTask

    case = make_service_case(
        court=court, judge=demo["judge"], clerk=demo["clerk"], lawyer=demo["lawyer"]
    )
    task = ServiceTask.objects.get(document=issue(case, case.judge))
    login(page, demo["service_officer"])
    page.goto(f"/service/tasks/{task.id}/")
    expect(page.get_by_test_id("task-status")).to_have_text("待送达")
    assert_accessible(page)
    page.get_by_test_id("withdraw-reason").fill("原告已撤回起诉，无需再送达")
    page.get_by_test_id("withdraw").click()
    expect(page.get_by_test_id("task-status")).to_have_text("已撤回送达")
    expect(page.get_by_test_id("withdrawn-reason")).to_contain_text("原告已撤回起诉")
    expect(page.get_by_test_id("withdraw")).to_have_count(0)
    expect(page.locator(".msg")).to_contain_text("已撤回送达")
    task.refresh_from_db()
    assert task.status == "withdrawn"


@pytest.mark.django_db(transaction=True)
def test_desk_assigns_tasks_to_an_officer_who_finds_them_as_theirs(
    page, login, demo, court, another_page, demo_password
):
    """集约送达: the desk gives two of its tasks to a second officer, who finds exactly those
    under "assigned to me"."""
    from tests.service.factories import issue
    from yunting.accounts.models import User
    from yunting.accounts.roles import Role
    from yunting.accounts.services import role_grant

    second = User.objects.create_user("13900000041", demo_password, name="钱送达")
    role_grant(user=second, role=Role.SERVICE_OFFICER, court=court)
    case = make_service_case(
        court=court, judge=demo["judge"], clerk=demo["clerk"], lawyer=demo["lawyer"]
    )
    issue(case, case.judge)
    issue(case, case.judge, code="summons")
    login(page, demo["service_officer"])
    page.goto("/service/desk/")
    rows = page.get_by_test_id("task-row").filter(has_text=case.case_number)
    expect(rows).to_have_count(2)
    for i in range(2):
        rows.nth(i).locator("input[name=task]").check()
    page.locator("#a-officer").select_option(label="钱送达")
    page.get_by_test_id("assign").click()
    expect(page.locator(".msg").first).to_contain_text("已将2个任务分配给钱送达")
    rows = page.get_by_test_id("task-row").filter(has_text=case.case_number)
    for i in range(2):
        expect(rows.nth(i)).to_contain_text("钱送达")
    assert_accessible(page)

    theirs = another_page()
    login(theirs, second)
    theirs.goto("/service/desk/?mine=1")
    mine = theirs.get_by_test_id("task-row")
    expect(mine).to_have_count(2)
    expect(mine.first).to_contain_text(case.case_number)
    page.goto("/service/desk/?mine=1")
    expect(page.get_by_test_id("task-row").filter(has_text=case.case_number)).to_have_count(0)
