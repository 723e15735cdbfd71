"""Defence, counterclaim and the asynchronous evidence exchange in the browser: the defendant's
lawyer links and files; both sides consent; lists, opinions in two rounds, a point in
dispute, the report downloaded and read; drafts and court-only proposals stay hidden."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.evidence.conftest import DEFENDANT_ID, accept_case, make_lawyer, pdf, serve


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"


def _msg(pg, text: str) -> None:
    expect(pg.locator(".msg").first).to_contain_text(text, timeout=60_000)


def _file(tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf(name))
    return str(path)


def _add_item(pg, tmp_path, name, source, purpose):
    pg.get_by_test_id("add-item-toggle").click()
    pg.get_by_test_id("item-name").fill(name)
    pg.get_by_test_id("item-source").fill(source)
    pg.get_by_test_id("item-purpose").fill(purpose)
    pg.set_input_files("[data-testid=item-file]", _file(tmp_path, name))
    pg.get_by_test_id("add-item").click()
    _msg(pg, "已加入")


def _opinion(pg, item_name, verdicts, reasons=None, submit=True):
    box = pg.get_by_test_id("item").filter(has=pg.locator(f"h3:has-text('{item_name}')"))
    box.get_by_test_id("opinion-toggle").click()
    for name, value in verdicts.items():
        box.get_by_test_id(f"{name}-{value}").check()
    for name, text in (reasons or {}).items():
        box.get_by_test_id(f"{name}-reason").fill(text)
    box.get_by_test_id("submit-opinion" if submit else "save-draft").click()


ADMIT = {"authenticity": "admit", "legality": "admit", "relevance": "admit", "purpose": "admit"}


@pytest.mark.django_db(transaction=True)
def test_defence_counterclaim_and_asynchronous_exchange(page, another_page, login, demo, tmp_path):
    from pypdf import PdfReader

    case = accept_case()
    defendant = case.parties.get(role="defendant")
    serve(case, defendant)
    d_lawyer = make_lawyer()
    p_lawyer = demo["lawyer"]
    from yunting.accounts.models import User

    assistant = User.objects.get(phone="13900000014")
    url = f"/evidence/cases/{case.id}/"

    # the defendant's lawyer links to the case with the power of attorney
    d = page
    d.context.set_default_timeout(60_000)  # issuing and sealing PDFs on a shared machine
    login(d, d_lawyer)
    d.goto("/evidence/link/")
    d.get_by_test_id("link-case").fill(case.case_number)
    d.get_by_test_id("link-id").fill(DEFENDANT_ID)
    d.get_by_test_id("link-licence").fill("13101200010000001")
    d.set_input_files("[data-testid=link-poa]", _file(tmp_path, "授权委托书"))
    d.get_by_test_id("link-submit").click()
    _msg(d, "李四")
    expect(d.get_by_test_id("page-title")).to_contain_text("答辩与证据交换")
    # defence, then a counterclaim with its half fee
    d.get_by_test_id("pleading-text").fill("原告所述借款已部分归还，请求驳回原告部分诉讼请求。")
    d.get_by_test_id("file-pleading").click()
    _msg(d, "已提交")
    d.get_by_test_id("kind-counterclaim").check()
    d.get_by_test_id("pleading-text").fill("请求判令原告返还多收取的利息二万元。")
    d.get_by_test_id("pleading-amount").fill("20000")
    d.get_by_test_id("file-pleading").click()
    _msg(d, "150")
    expect(d.get_by_test_id("pleading")).to_have_count(2)
    expect(d.get_by_test_id("joined-fee")).to_contain_text("150.00")

    # the plaintiff's lawyer sees the defence at once
    p = another_page()
    p.context.set_default_timeout(60_000)
    login(p, p_lawyer)
    p.goto(url)
    expect(p.get_by_test_id("pleadings")).to_contain_text("原告所述借款已部分归还")

    # the assistant proposes the asynchronous exchange; both sides agree
    a = another_page()
    a.context.set_default_timeout(60_000)
    login(a, assistant)
    a.goto(url)
    a.get_by_test_id("propose").click()
    _msg(a, "已向各方当事人提议")
    for pg in (p, d):
        pg.goto(url)
        pg.get_by_test_id("consent-yes").click()
        _msg(pg, "已记录")
    expect(d.get_by_test_id("exchange-mode")).to_contain_text("异步质证")
    a.goto(url)
    a.get_by_test_id("set-limit").click()
    _msg(a, "举证通知书")
    a.get_by_test_id("round-kind").select_option("opinions")
    a.get_by_test_id("round-due").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    a.get_by_test_id("open-round").click()
    _msg(a, "第1轮")
    # a court-only proposal
    a.get_by_test_id("proposal-input").fill("法院内部：可考虑分期还款方案")
    a.get_by_test_id("visibility-court").check()
    a.get_by_test_id("post-proposal").click()
    _msg(a, "已发布")

    # evidence lists: three items
    p.goto(url)
    _add_item(p, tmp_path, "借条", "原告持有", "被告向原告借款五万元")
    _add_item(p, tmp_path, "转账记录", "银行", "原告已交付借款")
    d.goto(url)
    _add_item(d, tmp_path, "还款凭证", "被告持有", "被告已归还部分借款")
    expect(d.get_by_test_id("item")).to_have_count(3)

    # the defendant drafts an opinion disputing the IOU's authenticity: only its side sees it
    _opinion(
        d,
        "借条",
        {**ADMIT, "authenticity": "dispute"},
        {"authenticity": "借条上的签名并非被告本人所签"},
        submit=False,
    )
    _msg(d, "草稿已保存")
    expect(d.get_by_test_id("draft-note")).to_have_count(1)
    p.goto(url)
    expect(p.get_by_test_id("opinion")).to_have_count(0)
    expect(p.get_by_test_id("draft-note")).to_have_count(0)
    expect(p.get_by_text("可考虑分期还款")).to_have_count(0)  # court-only: not for parties
    assert_accessible(p)
    # round 1: the defendant submits its opinion; the plaintiff on the repayment slip
    d.goto(url)
    box = d.get_by_test_id("item").filter(has=d.locator("h3:has-text('借条')"))
    box.get_by_test_id("submit-opinion").click()
    _msg(d, "已提交")
    _opinion(p, "还款凭证", ADMIT)
    _msg(p, "已提交")
    # round 2, opened by the assistant: the defendant on the bank record
    a.goto(url)
    expect(a.get_by_text("可考虑分期还款")).to_have_count(1)
    a.get_by_test_id("round-kind").select_option("opinions")
    a.get_by_test_id("round-due").fill((dt.date.today() + dt.timedelta(days=5)).isoformat())
    a.get_by_test_id("open-round").click()
    _msg(a, "第2轮")
    d.goto(url)
    _opinion(d, "转账记录", ADMIT)
    _msg(d, "已提交")
    p.goto(url)
    iou = p.get_by_test_id("item").filter(has=p.locator("h3:has-text('借条')"))
    expect(iou.get_by_test_id("opinion")).to_contain_text("借条上的签名并非被告本人所签")
    expect(iou.get_by_test_id("item-status")).to_have_text("有争议")

    # a point in dispute, commented by the plaintiff
    a.goto(url)
    a.get_by_test_id("point-title").fill("借条上的签名是否为被告所签")
    a.get_by_test_id("point-item").first.check()
    a.get_by_test_id("add-point").click()
    _msg(a, "已记录")
    p.goto(url)
    p.get_by_test_id("point-comment-text").fill("原告申请笔迹鉴定")
    p.get_by_test_id("point-comment-send").click()
    expect(p.get_by_test_id("point-comment")).to_contain_text("原告申请笔迹鉴定")

    # the report, sealed and filed; downloaded and read
    a.goto(url)
    a.get_by_test_id("make-report").click()
    _msg(a, "已生成")
    assert_accessible(a)
    with a.expect_download() as info:
        a.get_by_test_id("report-link").click()
    data = Path(info.value.path()).read_bytes()
    text = "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(data)).pages)
    flat = text.replace("\n", "").replace(" ", "")
    for needle in (
        "异步质证报告",
        "张三证据1】借条",
        "张三证据2】转账记录",
        "李四证据1】还款凭证",
        "真实性不认可（借条上的签名并非被告本人所签）",
        "状态：有争议",
        "状态：无争议",
        "借条上的签名是否为被告所签",
    ):
        assert needle in flat, needle
    assert flat.count("状态：无争议") == 2


@pytest.mark.django_db(transaction=True)
def test_mediation_proposal_accepted_signed_and_statement_issued(
    page, another_page, login, demo, tmp_path
):
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
    judge = case.judge or demo["judge"]
    url = f"/evidence/cases/{case.id}/"
    j = page
    j.context.set_default_timeout(60_000)
    login(j, judge)
    j.goto(url)
    j.get_by_test_id("proposal-input").fill("被告于2027年1月31日前支付原告四万五千元")
    j.get_by_test_id("post-proposal").click()
    _msg(j, "已发布")
    pages = []
    for user in (demo["lawyer"], d_lawyer):
        pg = another_page()
        pg.context.set_default_timeout(60_000)
        login(pg, user)
        pg.goto(url)
        expect(pg.get_by_test_id("proposal-text")).to_contain_text("四万五千元")
        pg.get_by_test_id("accept").click()
        _msg(pg, "已记录")
        pages.append(pg)
    for pg, digits in zip(pages, ("013039", "010053"), strict=True):
        pg.goto(url)
        expect(pg.get_by_test_id("proposal-status")).to_have_text("各方均已接受")
        expect(pg.get_by_test_id("agreement-text")).to_contain_text("四万五千元")
        pg.get_by_test_id("sign").click()
        _msg(pg, "勾选")  # signing needs the box ticked
        pg.get_by_test_id("sign-confirm").check()
        pg.get_by_test_id("sign-digits").fill("999999")
        pg.get_by_test_id("sign").click()
        _msg(pg, "后六位不符")  # and the signer's identity checked again
        pg.get_by_test_id("sign-confirm").check()
        pg.get_by_test_id("sign-digits").fill(digits)
        pg.get_by_test_id("sign").click()
        _msg(pg, "已签署")
    assert_accessible(pages[-1])
    j.goto(url)
    j.get_by_test_id("issue-statement").click()
    _msg(j, "民事调解书已出具")
    expect(j.get_by_test_id("statement-link")).to_have_text("民事调解书")
    assert_accessible(j)
    pages[0].goto(f"/efile/case/{case.id}/main/")
    expect(pages[0].get_by_test_id("catalogue")).to_contain_text("民事调解书")
