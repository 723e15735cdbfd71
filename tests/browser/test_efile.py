"""The e-file in the browser: a clerk's scans are OCR'd, catalogued and found by search on the
right page; a party reads the 正卷 and gets 404 on the 副卷; a downloaded page carries the
watermark; an archived e-file refuses changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.efile.conftest import _accept
from tests.efile.scans import IOU_LINES, SLIP_LINES, image_pdf, png


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_clerk_scans_are_ocrd_catalogued_and_searchable(page, login, demo, run_worker, tmp_path):
    case = _accept()
    iou = tmp_path / "借条扫描.png"
    iou.write_bytes(png(IOU_LINES))
    slip = tmp_path / "银行回单.pdf"  # image-only, two pages; the 流水号 only on page 2
    slip.write_bytes(image_pdf([SLIP_LINES, ["附言：归还借款", "流水号：886655"]]))
    login(page, demo["clerk"])
    page.goto(f"/efile/case/{case.id}/main/")
    page.set_input_files("[data-testid=upload-file]", [str(iou), str(slip)])
    page.get_by_test_id("upload-submit").click()
    expect(page.locator(".msg").first).to_contain_text("已添加")
    expect(page.get_by_test_id("catalogue")).to_contain_text("等待文字识别")
    run_worker()
    page.reload()
    catalogue = page.get_by_test_id("catalogue")
    iou_row = page.get_by_test_id("item-row").filter(has_text="借条扫描")
    slip_row = page.get_by_test_id("item-row").filter(has_text="银行回单")
    expect(iou_row.get_by_test_id("suggested")).to_contain_text("借条")
    expect(slip_row.get_by_test_id("suggested")).to_contain_text("转账凭证")
    expect(catalogue).to_contain_text("文字已识别")
    # the clerk confirms the suggested kind: it moves to the evidence place of the order
    edit = page.get_by_test_id("item-edit").nth(
        [r.get_attribute("data-item") for r in page.get_by_test_id("item-row").all()].index(
            slip_row.get_attribute("data-item")
        )
    )
    edit.locator("summary").click()
    expect(edit.get_by_test_id("field-amount")).to_have_value("50000.00")
    edit.get_by_test_id("confirm-kind").click()
    expect(page.locator(".msg").first).to_contain_text("类别已保存")
    expect(page.get_by_test_id("item-row").filter(has_text="银行回单")).to_contain_text("证据")

    page.get_by_test_id("efile-search").fill("886655")
    page.get_by_test_id("efile-search").press("Enter")
    hit = page.get_by_test_id("search-hit")
    expect(hit).to_have_count(1)
    expect(hit.locator("mark")).to_have_text("886655")
    hit.get_by_test_id("hit-link").click()
    expect(page.get_by_test_id("item-page")).to_contain_text("第 2 页，共 2 页")
    expect(page.get_by_test_id("page-text")).to_contain_text("886655")
    expect(page.get_by_test_id("thumbnails").locator("img")).to_have_count(2)


@pytest.mark.django_db(transaction=True)
def test_party_reads_main_volume_sub_is_404_and_download_is_watermarked(
    page, login, demo, tmp_path
):
    from yunting.efile.ocr import read_image
    from yunting.efile.pages import render_page
    from yunting.efile.services import item_add

    case = _accept()
    item_add(
        case=case,
        data=image_pdf([["合议庭评议笔录"]]),
        content_type="application/pdf",
        title="合议笔录",
        kind="deliberation",
        actor=demo["clerk"],
    )
    login(page, demo["lawyer"])
    page.goto(f"/efile/case/{case.id}/")
    expect(page.get_by_test_id("page-title")).to_contain_text("正卷")
    expect(page.get_by_test_id("volume-tab-sub")).to_have_count(0)
    expect(page.get_by_test_id("catalogue")).not_to_contain_text("合议笔录")
    expect(page.get_by_test_id("upload")).to_have_count(0)
    response = page.goto(f"/efile/case/{case.id}/sub/")
    assert response.status == 404
    page.goto(f"/efile/case/{case.id}/main/")
    page.get_by_test_id("item-link").first.click()
    expect(page.get_by_test_id("page-image")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_test_id("download-page").click()
    saved = tmp_path / "page.pdf"
    info.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    image = render_page(data, "application/pdf", 1, dpi=150)
    band = image.crop((0, int(image.height * 0.94), image.width, image.height))
    text = read_image(band).replace(" ", "")
    assert "王律师" in text
    assert case.case_number.split("）")[1][:6] in text  # e.g. 沪0105民初
    from yunting.ledger.models import Entry

    assert Entry.objects.filter(case_id=case.id, event_type="efile.downloaded").count() == 1
    assert Entry.objects.filter(case_id=case.id, event_type="efile.viewed").exists()


@pytest.mark.django_db(transaction=True)
def test_archived_case_refuses_changes(page, login, demo):
    from yunting.cases.models import CaseStatus
    from yunting.cases.services import case_change_status

    case = _accept()
    case_change_status(case=case, status=CaseStatus.CLOSED, actor=case.judge)
    # building, signing and storing the volumes is real work: on a busy machine it takes a
    # while, so this page waits longer for the answer than the default 15 s
    page.set_default_timeout(180_000)
    login(page, demo["clerk"])
    page.goto(f"/efile/case/{case.id}/main/")
    order_before = [r.get_attribute("data-item") for r in page.get_by_test_id("item-row").all()]
    page.get_by_test_id("archive-submit").click()
    expect(page.locator(".errors, .msg").first).to_contain_text("勾选")
    page.get_by_test_id("archive-confirm").check()
    # a second tab still shows the catalogue with its move buttons
    other = page.context.new_page()
    other.goto(f"/efile/case/{case.id}/main/")
    page.get_by_test_id("archive-submit").click()
    expect(page.get_by_test_id("efile-status")).to_contain_text("已归档")
    expect(page.get_by_test_id("archive-info")).to_be_visible()
    expect(page.get_by_test_id("upload")).to_have_count(0)
    expect(page.get_by_test_id("move-down")).to_have_count(0)
    other.get_by_test_id("move-down").first.click()
    expect(other.locator(".msg").first).to_contain_text("已归档，只读")
    order_after = [r.get_attribute("data-item") for r in other.get_by_test_id("item-row").all()]
    assert order_after == order_before
