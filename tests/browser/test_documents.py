"""A clerk issues a document, downloads it, and anyone verifies it on the public page; a batch
runs to 100% with its progress bar polling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect


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


@pytest.mark.django_db(transaction=True)
def test_issue_download_and_verify(page, login, demo, case, tmp_path):
    login(page, demo["clerk"])
    page.goto(f"/documents/case/{case.id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.case_number)
    page.select_option("select[name=template]", "acceptance_notice")
    plaintiff = case.parties.get(role="plaintiff")
    page.select_option("select[name=recipient]", str(plaintiff.id))
    page.get_by_test_id("issue").click()
    expect(page.locator(".msg")).to_contain_text("受理通知书")
    row = page.get_by_test_id("document-row").first
    expect(row).to_contain_text("受理通知书")

    with page.expect_download() as info:
        row.get_by_role("link").click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert case.case_number in download.suggested_filename

    page.context.clear_cookies()  # the verification page needs no account
    page.goto("/documents/verify/")
    page.set_input_files("input[name=file]", str(saved))
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verdict-valid")).to_be_visible()
    expect(page.get_by_test_id("signer")).to_contain_text("上海市长宁区人民法院")
    expect(page.get_by_test_id("ledger")).to_contain_text("已记录")

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(saved.read_bytes())
    data[len(data) // 3] ^= 0x01
    tampered.write_bytes(bytes(data))
    page.goto("/documents/verify/")
    page.set_input_files("input[name=file]", str(tampered))
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verdict-invalid")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_batch_progress_reaches_100(page, login, demo, court, run_worker):
    from tests.cases.factories import make_case

    cases = [make_case(court=court) for _ in range(3)]
    login(page, demo["clerk"])
    page.goto("/documents/batches/new/")
    for c in cases:
        expect(page.get_by_label(c.case_number, exact=True)).to_be_checked()
    page.select_option("select[name=template]", "acceptance_notice")
    page.get_by_test_id("batch-start").click()
    page.wait_for_url(re.compile(r"/documents/batches/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("batch-percent")).to_have_text("0%")
    run_worker()
    expect(page.get_by_test_id("batch-percent")).to_have_text("100%", timeout=20_000)
    expect(page.get_by_test_id("batch-state")).to_have_text("已完成")
