# ruff: noqa: F811 - the fixtures imported from tests.mediation.conftest are parameters here
"""Online mediation in the browser: a person registers a dispute, the other side consents, the
coordinator designates a mediator, the mediator talks to both and privately to one, both sign
the agreement, the judge confirms it and the party downloads the sealed ruling and it verifies;
and a failed mediation sent to filing, whose review page shows the carried record."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.mediation.conftest import network, people  # noqa: F401 - fixtures
from yunting.mediation.models import Dispute, PartySide


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"


def _open_dispute(pg, number: str, url: str) -> None:
    pg.goto(url)
    pg.get_by_role("row").filter(has_text=number).get_by_role("link").first.click()
    expect(pg.get_by_test_id("dispute-number")).to_have_text(number)


def test_register_mediate_sign_and_confirm(page, another_page, login, people, court) -> None:
    zhang, li, liu = people["zhang"], people["li"], people["liu"]
    # 张三 registers the dispute.
    login(page, zhang)
    page.goto("/mediation/mine/")
    assert_accessible(page)
    page.get_by_test_id("register-dispute").click()
    page.select_option("select[name=court]", str(court.pk))
    page.fill("input[name=cause_name]", "民间借贷纠纷")
    page.select_option("select[name=speciality]", "lending")
    page.fill("textarea[name=claim]", "归还借款20000元")
    page.fill("input[name=amount]", "20000")
    page.fill("textarea[name=facts]", "2025年3月借给李四20000元，约定半年归还，至今未还。")
    page.fill("input[name=my_address]", "上海市黄浦区人民路1号")
    page.fill("input[name=respondent_name]", "李四")
    page.fill("input[name=respondent_phone]", "123")  # bad input first
    page.get_by_test_id("submit-dispute").click()
    expect(page.locator(".field-error, [data-testid=form-errors]").first).to_be_visible()
    page.fill("input[name=respondent_phone]", li.phone)
    page.get_by_test_id("submit-dispute").click()
    expect(page.get_by_test_id("dispute-number")).to_contain_text("民诉前调")
    number = page.get_by_test_id("dispute-number").inner_text()
    assert_accessible(page)

    # 李四 is invited and consents.
    lp = another_page()
    login(lp, li)
    _open_dispute(lp, number, "/mediation/mine/")
    expect(lp.get_by_test_id("invitation")).to_be_visible()
    assert_accessible(lp)
    lp.get_by_test_id("consent").click()
    expect(lp.get_by_test_id("invitation")).to_have_count(0)

    # The coordinator designates 刘调解员 from the queue.
    cp = another_page()
    login(cp, people["coordinator"])
    _open_dispute(cp, number, "/mediation/desk/")
    assert_accessible(cp)
    cp.select_option(
        "#assign-mediator",
        label=next(
            o for o in cp.locator("#assign-mediator option").all_inner_texts() if "刘调解员" in o
        ),
    )
    cp.get_by_test_id("assign").click()
    expect(cp.get_by_test_id("mediator")).to_contain_text("刘调解员")
    expect(cp.get_by_test_id("dispute-status")).not_to_have_text("")

    # The mediator talks to both, then privately to 李四.
    mp = another_page()
    login(mp, liu)
    _open_dispute(mp, number, "/mediation/desk/mine/")
    assert_accessible(mp)
    joint = mp.get_by_test_id("joint-thread")
    joint.locator("textarea").fill("双方好，先核对借款金额。")
    joint.get_by_test_id("post-message").click()
    side = mp.locator("[data-testid=side-thread][data-party=李四]")
    side.locator("textarea").fill("单独问您：分期每月5000元可以吗？")
    side.get_by_test_id("post-message").click()
    expect(mp.locator("[data-testid=side-thread][data-party=李四]")).to_contain_text(
        "分期每月5000元"
    )

    # 李四 sees and answers the private message; 张三 sees the joint message only.
    lp.reload()
    lside = lp.get_by_test_id("side-thread")
    expect(lside).to_have_count(1)
    expect(lside).to_contain_text("分期每月5000元")
    lside.locator("textarea").fill("可以接受分期。")
    lside.get_by_test_id("post-message").click()
    expect(lp.get_by_test_id("side-thread")).to_contain_text("可以接受分期。")
    page.reload()
    expect(page.get_by_test_id("joint-thread")).to_contain_text("双方好，先核对借款金额。")
    assert "分期每月5000元" not in page.content()
    assert "可以接受分期" not in page.content()

    # The mediator drafts the agreement; both sign the text shown, with its hash.
    mp.reload()
    terms = "一、李四分四期每月向张三归还5000元，共20000元。\n二、双方再无其他争议。"
    mp.fill("textarea[name=text]:below(#draft-h)", terms)
    mp.get_by_test_id("draft-agreement").click()
    expect(mp.get_by_test_id("agreement-hash")).to_have_text(
        Dispute.objects.get(number=number).agreements.get().sha256
    )
    for pg in (page, lp):
        pg.reload()
        expect(pg.get_by_test_id("agreement-text")).to_contain_text("李四分四期")
        shown = pg.get_by_test_id("agreement-hash").inner_text()
        assert len(shown) == 64
        pg.get_by_test_id("sign-agreement").click()
        expect(pg.get_by_test_id("sign-box")).to_have_count(0)
    expect(lp.get_by_test_id("signed")).to_have_count(2)

    # 张三 applies for judicial confirmation: a 民特 case.
    page.reload()
    page.get_by_test_id("apply-confirmation").click()
    expect(page.get_by_test_id("confirmation-case")).to_contain_text("民特")
    dispute = Dispute.objects.get(number=number)
    judge = dispute.confirmation_case.judge

    jp = another_page()
    login(jp, judge)
    jp.goto("/mediation/desk/confirmations/")
    assert_accessible(jp)
    jp.get_by_role("row").filter(has_text=number).get_by_role("link").first.click()
    assert_accessible(jp)
    jp.get_by_test_id("confirm-agreement").click()
    expect(jp.get_by_test_id("ruling-download")).to_have_count(2)

    # 张三 downloads his copy of the ruling; it is signed and sealed and verifies.
    page.reload()
    expect(page.get_by_test_id("dispute-status")).to_be_visible()
    link = page.get_by_test_id("ruling-download").filter(has_text="张三")
    with page.expect_download() as dl:
        link.click()
    data = Path(dl.value.path()).read_bytes()
    from yunting.documents.verification import verify_pdf

    report = verify_pdf(data)
    assert report.valid
    assert dl.value.suggested_filename.endswith(".pdf")
    # The public verification page agrees.
    page.goto("/documents/verify/")
    page.set_input_files("input[type=file]", dl.value.path())
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verdict-valid")).to_be_visible()


def test_failed_mediation_goes_to_filing_with_its_record(
    page,
    another_page,
    login,
    people,
    network,
    court,
) -> None:
    from yunting.mediation import services

    zhang, li, liu = people["zhang"], people["li"], people["liu"]
    d = services.dispute_register(
        user=zhang,
        court=court,
        cause_name="民间借贷纠纷",
        speciality="lending",
        claim="归还借款30000元",
        amount=Decimal("30000"),
        facts="借款30000元未还。",
        parties=[
            services.PartyInput(
                side=PartySide.APPLICANT, name="", address="上海市黄浦区人民路1号", is_self=True
            ),
            services.PartyInput(side=PartySide.RESPONDENT, name="李四", phone=li.phone),
        ],
    )
    services.dispute_answer_invitation(dispute=d, user=li, accept=True)
    services.dispute_assign(dispute=d, actor=people["coordinator"], mediator=network[1])

    # 李四 confirms his address for service; 张三 puts forward evidence.
    login(page, li)
    page.goto(f"/mediation/d/{d.id}/")
    page.fill("input[name=address]", "上海市长宁区仙霞路300号")
    page.get_by_test_id("confirm-address").click()
    expect(page.get_by_test_id("dispute-parties")).to_contain_text("上海市长宁区仙霞路300号")
    zp = another_page()
    login(zp, zhang)
    zp.goto(f"/mediation/d/{d.id}/")
    zp.fill("input[name=title]", "借条原件照片")
    zp.fill("input[name=purpose]", "证明借款30000元")
    zp.get_by_test_id("add-evidence").click()
    expect(zp.get_by_test_id("evidence")).to_contain_text("借条原件照片")

    # The mediator records the undisputed facts, then sends the dispute to filing.
    mp = another_page()
    login(mp, liu)
    mp.goto(f"/mediation/desk/d/{d.id}/")
    mp.fill("textarea[name=text]:below(#facts-h)", "李四于2025年3月向张三借款30000元。")
    mp.get_by_test_id("record-facts").click()
    expect(mp.get_by_test_id("undisputed")).to_contain_text("借款30000元")
    mp.fill("textarea[name=reason]", "还款期限无法达成一致。")
    mp.get_by_test_id("convert").click()
    expect(mp.get_by_test_id("converted-filing")).to_contain_text("网立")
    d.refresh_from_db()
    filing = d.converted_filing

    # Converting again is not offered; the filing officer's review page shows the record.
    expect(mp.get_by_test_id("convert")).to_have_count(0)
    op = another_page()
    login(op, people["officer"])
    op.goto(f"/filing/review/{filing.id}/")
    record = op.get_by_test_id("pre-litigation-record")
    expect(record.get_by_test_id("record-dispute")).to_have_text(d.number)
    expect(record.get_by_test_id("record-facts")).to_contain_text(
        "李四于2025年3月向张三借款30000元。"
    )
    expect(record.get_by_test_id("record-evidence")).to_contain_text("借条原件照片")
    expect(record.get_by_test_id("record-addresses")).to_contain_text("上海市长宁区仙霞路300号")
    expect(record).to_contain_text("还款期限无法达成一致。")
    assert_accessible(op)
