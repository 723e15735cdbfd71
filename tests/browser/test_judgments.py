"""The judgments loop in the browser, as far as main holds it: a 民间借贷纠纷 case filed and
accepted, its fee paid → the panel formed, the judgment drafted from the case data, signed,
sealed and issued → served (each party's appeal clock started, the service app's interface)
→ no appeal within 15 days (the daily pass run for the day after) → effective, the party
downloads the certificate → closed → archived and verified with ``yunting efile verify``,
every step in the case's log with a verified mark. A second test appeals instead and the case
arrives at 上海市第一中级人民法院 as 民终 with the first-instance e-file readable there.
The service, evidence and hearing steps are other apps' (inserted at merge)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.fees.conftest import accept
from tests.judgments.conftest import panel_of, pay
from yunting.judgments import services
from yunting.judgments.models import Decision
from yunting.judgments.people import ensure_judgment_people

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_STAFF_2FA_REQUIRED = False


def _msg(pg, text: str) -> None:
    expect(pg.locator(".msg").first).to_contain_text(text, timeout=60_000)


def _people(demo, demo_password):
    ensure_judgment_people(demo_password)
    from yunting.accounts.models import User

    return {
        "head": User.objects.get(phone="13900000012"),
        "judge_b": User.objects.get(phone="13900000013"),
        "judge3": User.objects.get(phone="13900000023"),
        "officer01": User.objects.get(phone="13900000025"),
        "judge01": User.objects.get(phone="13900000026"),
    }


def _draft_and_issue(page, login, case, people):
    """The judge forms the panel, drafts from the case data, edits, signs and issues."""
    judge, members = panel_of(case, people)
    login(page, judge)
    page.goto(f"/judgments/case/{case.id}/")
    expect(page.get_by_test_id("trial-limit")).to_contain_text("年")
    page.select_option("select[name=presiding]", str(judge.id))
    page.select_option("select[name=member1]", str(members[0].id))
    page.select_option("select[name=member2]", str(members[1].id))
    page.get_by_role("button", name="组成合议庭").click()
    expect(page.get_by_test_id("panel")).to_contain_text(members[1].name)
    page.get_by_test_id("start-draft").click()
    expect(page.get_by_test_id("page-title")).to_contain_text("民事判决书")
    # Drafted from the structured data: the element order of 民间借贷纠纷, the fee burden.
    expect(page.locator("#s-facts_found")).to_contain_text("借款合意")
    expect(page.get_by_test_id("fee-burden")).to_have_text("由被告上海示范贸易有限公司负担")
    assert_accessible(page)
    page.fill("#s-facts_found", "原告于2026年1月5日向被告出借150,000元，被告到期未还。")
    page.fill("#s-reasoning", "原、被告之间的借贷关系合法有效，被告应当归还借款。")
    page.get_by_test_id("save-draft").click()
    _msg(page, "新版本")
    expect(page.get_by_test_id("diff").first).to_contain_text("+原告于2026年1月5日")
    expect(page.get_by_test_id("blockers")).to_contain_text(members[0].name)
    page.get_by_test_id("sign-off").click()
    _msg(page, "已签署")
    draft = case.drafts.get()
    for m in members:  # the other two judges sign off in their own sessions
        services.draft_sign_off(draft=draft, actor=m)
    page.reload()
    expect(page.get_by_test_id("blockers")).to_have_count(0)
    page.get_by_test_id("issue").click()
    _msg(page, "勾选")  # the confirmation box is required
    page.get_by_test_id("confirm-issue").check()
    # Two copies, each signed by the three judges and the clerk and sealed: it takes a while.
    page.get_by_test_id("issue").click(no_wait_after=True)
    _msg(page, "已签名")
    expect(page.get_by_test_id("decision")).to_contain_text("民事判决书")
    return Decision.objects.get(case=case)


def _link_defendant_lawyer(case):
    """赵律师 links to the defendant company's side with its credit code and a power of
    attorney (the evidence app), so the company has an online account to be served at."""
    from tests.evidence.conftest import make_lawyer, pdf
    from yunting.evidence.services import agent_link

    lawyer = make_lawyer()
    agent_link(
        case_number=case.case_number,
        party_id_number=case.parties.get(role="defendant").id_number,
        actor=lawyer,
        poa=pdf("授权委托书"),
        licence_number="13101200010000001",
    )
    return lawyer


def _confirm_inbox(case, officer):
    """Each party confirms its platform inbox and consents to electronic service (Art. 29)."""
    from yunting.service.addresses import address_confirm

    for party in case.parties.all():
        address_confirm(party=party, actor=officer, source="express", inbox=True, consent={"inbox"})


def _desk_serve(desk, case, run_worker, *, expect_docs=()):
    """The service desk serves every pending task of the case by inbox (complete on arrival,
    Art. 31); the worker then seals each 电子送达回证 into the e-file."""
    desk.goto("/service/desk/")
    boxes = desk.locator(f"input[name=task][aria-label^='{case.case_number} ']")
    for title in expect_docs:
        expect(desk.get_by_test_id("service-queue")).to_contain_text(title)
    n = boxes.count()
    assert n > 0
    for i in range(n):
        boxes.nth(i).check()
    desk.get_by_test_id("channel-inbox").check()
    desk.get_by_test_id("serve-selected").click(no_wait_after=True)
    _msg(desk, str(n))
    run_worker()
    return n


def _png(y: int = 30) -> str:
    import base64

    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(10, 40), (190, y)], fill=(0, 0, 0, 255), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _evidence_exchange(case, p_lawyer, d_lawyer):
    """The asynchronous exchange (evidence app): both sides agree, the limit is set (its
    举证通知书 go to the service desk), each side lists evidence, the other gives its opinion
    in a round, the report is sealed."""
    from tests.evidence.conftest import pdf
    from yunting.accounts.models import User
    from yunting.evidence import services as ev

    assistant = User.objects.get(phone="13900000014")
    ev.exchange_propose(case=case, actor=assistant)
    ev.consent_give(case=case, actor=p_lawyer, agreed=True)
    ev.consent_give(case=case, actor=d_lawyer, agreed=True)
    ev.evidence_limit_set(case=case, actor=assistant, days=15)
    iou = ev.item_submit(
        case=case,
        actor=p_lawyer,
        name="借条",
        source="原告持有",
        purpose="被告向原告借款15万元",
        data=pdf("借条"),
        original_available=True,
    )
    ev.round_open(
        case=case,
        actor=assistant,
        kind="opinions",
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    admit = {"authenticity": "admit", "legality": "admit", "relevance": "admit", "purpose": "admit"}
    opinion = ev.opinion_save(item=iou, actor=d_lawyer, verdicts=admit)
    ev.opinion_submit(opinion=opinion, actor=d_lawyer)
    ev.point_record(case=case, actor=assistant, title="被告能否分期归还借款", items=[iou])
    ev.report_issue(case=case, actor=assistant)


def _hold_hearing(case, court):
    """The online hearing (hearings app): booked, summons issued, opened and closed by the
    judge; the clerk's transcript signed by everyone with an account and filed sealed."""
    from yunting.courts.models import Courtroom
    from yunting.hearings import services as hs

    courtroom = Courtroom.objects.filter(court=court, supports_online=True).order_by("name")[0]
    judge, clerk = case.judge, case.clerk
    for user, number in ((judge, "310105197001011236"), (clerk, "310105198802022349")):
        if not user.id_number:
            user.id_number = number
            user.save(update_fields=["id_number"])
    hearing = hs.hearing_schedule(
        case=case,
        actor=judge,
        kind="trial",
        courtroom=courtroom,
        starts_at=timezone.now() + dt.timedelta(minutes=10),
    )
    hs.hearing_issue_summons(hearing=hearing, actor=judge)
    return hearing


def _finish_hearing(hearing, case):
    from yunting.hearings import room, transcript
    from yunting.hearings.transcript import signers

    hearing = room.hearing_open(hearing=hearing, actor=case.judge)
    body = "审判长：现在开庭。原告：被告借款15万元到期未还。被告：对借款事实无异议。"
    transcript.transcript_save(hearing=hearing, actor=case.clerk, body=body, base_version=0)
    hearing = room.hearing_close(hearing=hearing, actor=case.judge)
    transcript.transcript_lock(hearing=hearing, actor=case.clerk)
    for i, seat in enumerate(signers(hearing)):
        number = seat.id_number or seat.user.id_number
        transcript.transcript_sign(participant=seat, image=_png(10 + 10 * i), digits=number[-6:])
    return transcript.transcript_file(hearing=hearing, actor=case.clerk)


def _pdf_text(doc) -> str:
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(default_storage.open(doc.storage_path).read()))
    return "".join(p.extract_text() for p in reader.pages).replace("\n", "")


def _served_on_every_party(case, decision):
    """The appeal clocks the service app started on serving the judgment (one per party)."""
    from yunting.cases.models import Clock

    clocks = list(Clock.objects.filter(case=case, kind="appeal_judgment", stopped_at=None))
    assert sorted(c.party_id for c in clocks) == sorted(
        d.recipient_id for d in decision.documents.all()
    )
    assert all(c.source.startswith("service:") for c in clocks)
    return clocks


@pytest.mark.django_db(transaction=True)
def test_judgment_effective_closed_archived(
    page, another_page, login, demo, demo_password, court, run_worker, tmp_path
):
    """The whole loop with no paper: filed online and accepted → fee paid → the notices and
    the 应诉通知书 served through the service desk → defence filed online within the defence
    period the service started → asynchronous evidence exchange → online hearing, transcript
    signed and filed → judgment drafted, signed by the panel, sealed, served through the desk
    (which starts each party's appeal period) → no appeal within 15 days → effective →
    closed → archived; the archive and the ledger verify; each step is in the case log with
    a verified mark."""
    people = _people(demo, demo_password)
    case = accept(demo, court)
    pay(demo, case)
    case.refresh_from_db()
    d_lawyer = _link_defendant_lawyer(case)
    officer = demo["service_officer"]
    _confirm_inbox(case, officer)

    # The judge issues the 应诉通知书 to the defendant; the desk serves it with the notices.
    j = another_page()
    login(j, case.judge)
    j.goto(f"/documents/case/{case.id}/")
    j.select_option("select[name=template]", "response_notice")
    expect(j.locator("#issue-details h3")).to_have_text("应诉通知书")
    j.select_option("select[name=recipient]", str(case.parties.get(role="defendant").id))
    j.get_by_test_id("issue").click(no_wait_after=True)
    _msg(j, "已")
    desk = another_page()
    login(desk, officer)
    _desk_serve(desk, case, run_worker, expect_docs=("应诉通知书", "受理通知书"))
    desk.goto(f"/service/case/{case.id}/")
    expect(desk.get_by_test_id("case-tasks")).to_contain_text("电子送达回证")

    # The defendant's lawyer sees the defence period the service started and files online.
    d = another_page()
    login(d, d_lawyer)
    d.goto(f"/cases/{case.id}/")
    expect(d.get_by_test_id("case-overview")).to_contain_text("答辩期")
    d.goto(f"/evidence/cases/{case.id}/")
    d.get_by_test_id("pleading-text").fill("对借款事实无异议，但请求分期归还。")
    d.get_by_test_id("file-pleading").click()
    _msg(d, "已提交")

    _evidence_exchange(case, demo["lawyer"], d_lawyer)
    hearing = _hold_hearing(case, court)
    _desk_serve(desk, case, run_worker, expect_docs=("举证通知书", "传票"))
    doc = _finish_hearing(hearing, case)
    assert doc.template_code
    j.goto(f"/hearings/{hearing.id}/")
    expect(j.locator("main")).to_contain_text("庭审笔录")
    j.goto(f"/evidence/cases/{case.id}/")
    expect(j.get_by_test_id("pleadings")).to_contain_text("请求分期归还")

    decision = _draft_and_issue(page, login, case, people)
    # Drafted from the case data: the defence as filed, the exchange's undisputed evidence and
    # point in dispute, how the hearing was held; the signed judgment prints them.
    first = decision.draft.versions.get(number=1).sections
    assert "请求分期归还" in first["defence"]
    assert "借条" in first["facts_found"] and "被告能否分期归还借款" in first["reasoning"]
    judgment_text = _pdf_text(decision.documents.first())
    for words in ("请求分期归还", "通过在线方式公开开庭", "本件与原本核对无异"):
        assert words in judgment_text
    _desk_serve(desk, case, run_worker, expect_docs=("民事判决书",))
    clocks = _served_on_every_party(case, decision)
    last = max(c.due_on for c in clocks)
    # The party sees its own appeal period, counted from its service date.
    party = another_page()
    login(party, demo["lawyer"])
    party.goto(f"/judgments/my/{case.id}/")
    expect(party.get_by_test_id("appeal-period").first).to_contain_text(
        f"{last.year}年{last.month}月{last.day}日"
    )
    assert_accessible(party)
    # On the last day of the period nothing happens; the day after, the judgment is effective.
    for day in (last, last + dt.timedelta(days=1)):
        call_command("judgments", "tick", "--today", day.isoformat(), stdout=io.StringIO())
        decision.refresh_from_db()
        assert (decision.effective_on is not None) == (day > last)
    party.reload()
    expect(party.get_by_test_id("effective")).to_be_visible()
    with party.expect_download() as dl:
        party.get_by_test_id("certificate").click()
    assert dl.value.suggested_filename.endswith(".pdf")
    # The judge closes the case; closing starts the archive.
    page.goto(f"/judgments/case/{case.id}/")
    expect(page.get_by_test_id("effective")).to_be_visible()
    page.select_option("select[name=method]", "judgment")
    page.get_by_test_id("close-case").click()
    _msg(page, "已结案")
    expect(page.get_by_test_id("closing")).to_contain_text("判决")
    # The balance, in order: the winner's prepaid fee back, then the loser billed.
    steps = page.get_by_test_id("settlement-steps").locator("li")
    expect(steps.nth(0)).to_contain_text("本院向张三退还")
    expect(steps.nth(1)).to_contain_text("上海示范贸易有限公司向本院交纳")
    run_worker()
    case.refresh_from_db()
    assert case.status == "archived"
    call_command(
        "efile", "archive", case.case_number, "--out", str(tmp_path / "arch"), stdout=io.StringIO()
    )
    verify = io.StringIO()
    call_command("efile", "verify", str(tmp_path / "arch"), stdout=verify)
    assert '"valid": true' in verify.getvalue().replace("True", "true")
    ledger = io.StringIO()
    call_command("ledger", "verify", stdout=ledger)
    assert '"ok": true' in ledger.getvalue()
    call_command("ledger", "sign", stdout=io.StringIO())  # a signed head covers every entry
    # Every step in the case's log, each with a verified mark.
    page.goto(f"/cases/{case.id}/?tab=log")
    timeline = page.get_by_test_id("ledger-timeline")
    rows = timeline.locator("tbody tr")
    for label in LOOP_STEPS:
        expect(rows.filter(has_text=label).first).to_have_attribute("data-mark", "verified")
    expect(timeline.locator("tbody tr:not([data-mark=verified])")).to_have_count(0)
    assert_accessible(page)


# Each step of the loop, as the case log names its ledger event.
LOOP_STEPS = (
    "提交立案申请",  # filed online
    "立案受理",  # accepted
    "缴费成功",  # fee paid
    "文书送达完成",  # served through the service app
    "送达回证已归入电子卷宗",  # the proof of service in the e-file
    "提交答辩状或反诉状",  # defence
    "出具异步质证报告",  # asynchronous evidence exchange
    "宣布开庭",  # online hearing
    "宣布闭庭",
    "签名笔录已归档",
    "开始起草裁判文书",  # judgment drafted from the case data
    "组成合议庭",
    "合议庭成员签署文稿",
    "裁判文书签名、盖章并签发",  # signed, sealed, issued
    "期间开始计算",  # each party's appeal period
    "裁判文书生效",  # effective
    "结案",  # closed
    "电子卷宗归档",  # archived
)


@pytest.mark.django_db(transaction=True)
def test_appeal_reaches_the_intermediate_court(
    page, another_page, login, demo, demo_password, court
):
    people = _people(demo, demo_password)
    case = accept(demo, court)
    pay(demo, case)
    case.refresh_from_db()
    decision = _draft_and_issue(page, login, case, people)
    # The service app serves the plaintiff's copy at its platform inbox; serving starts the
    # plaintiff's appeal period.
    from yunting.service.addresses import address_confirm
    from yunting.service.models import ServiceTask
    from yunting.service.services import service_dispatch

    plaintiff = case.parties.get(role="plaintiff")
    officer = demo["service_officer"]
    address_confirm(party=plaintiff, actor=officer, source="express", inbox=True, consent={"inbox"})
    task = ServiceTask.objects.get(document__in=decision.documents.all(), party=plaintiff)
    service_dispatch(task=task, channels=["inbox"], actor=officer)
    assert case.clocks.get(kind="appeal_judgment", party=plaintiff).source == f"service:{task.id}"
    party = another_page()
    login(party, demo["lawyer"])
    party.goto(f"/judgments/my/{case.id}/")
    party.fill("#requests", "撤销一审判决")
    party.fill("#grounds", "理由")
    party.get_by_test_id("appeal").click()
    _msg(party, "勾选")  # the confirmation box is required
    party.fill("#requests", "撤销一审判决，改判被告支付全部借款")
    party.fill("#grounds", "一审对还款事实认定错误。")
    party.fill("#amount", "100000")
    party.check("input[name=confirm]")
    party.get_by_test_id("appeal").click()
    _msg(party, "已提起上诉")
    expect(party.get_by_test_id("appeal-status")).to_contain_text("2,300.00")
    pay(demo, case, txn="APPEAL")  # the appeal fee, paid at the counter
    # The first-instance court sends it with the e-file.
    page.goto("/judgments/appeals/out/")
    page.get_by_role("button", name="随卷移送").click()
    _msg(page, "随卷移送二审法院")
    # 上海市第一中级人民法院's filing officer dockets it as 民终.
    officer = another_page()
    login(officer, people["officer01"])
    officer.goto("/judgments/appeals/in/")
    expect(officer.get_by_test_id("appeal-row")).to_contain_text(case.case_number)
    assert_accessible(officer)
    officer.get_by_test_id("docket").click()
    expect(officer.get_by_test_id("page-title")).to_contain_text("沪01民终")
    officer.get_by_test_id("efile-tab").click()
    expect(officer.locator("main")).to_contain_text("一审：民事判决书")
    party.reload()
    expect(party.get_by_test_id("appeal-case-number")).to_contain_text(
        re.compile(r"（\d{4}）沪01民终1号")
    )
