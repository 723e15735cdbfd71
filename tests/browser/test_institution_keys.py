"""The institution's page, as its administrator uses it: make a key with scopes and copy it
(shown once), see the key's requests in its log, rotate it (the old one stops working) and
revoke it; register a webhook endpoint (its secret shown once), see a failed delivery with
the answer it got, send it again and see it delivered. axe-clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from tests.browser.a11y import assert_accessible
from tests.filing.factories import cached_pdf
from tests.institutions.helpers import filing_doc
from tests.institutions.receiver import Receiver


@pytest.mark.django_db(transaction=True)
def test_administrator_manages_keys_and_webhooks(page, login, demo, run_worker):
    from yunting.filing.models import Filing
    from yunting.filing.services import filing_refuse
    from yunting.institutions.batch import file_upload

    bank = demo["institution"]
    receiver = Receiver(answers=[500])  # the first delivery fails, the next succeeds
    try:
        login(page, bank)
        page.get_by_role("link", name=re.compile("接口密钥")).first.click()
        page.wait_for_url(re.compile(r"/institution/$"))
        assert page.get_by_test_id("page-title").inner_text() == "接口密钥与回调"
        assert_accessible(page)

        # A key that may read and file: shown once.
        page.fill("#key-name", "催收系统")
        page.check("#scope-file")
        page.fill("#key-rate", "120")
        page.get_by_test_id("key-form").get_by_role("button").click()
        secret = page.get_by_test_id("secret").input_value()
        assert secret.startswith("yt_")
        assert "只显示这一次" in page.locator("[role=alert]").inner_text()
        assert_accessible(page)
        page.get_by_role("link", name="我已复制").click()
        row = page.get_by_test_id("key-row").filter(has_text="催收系统")
        assert "读取 · 立案" in row.inner_text() and "有效" in row.inner_text()
        assert secret.split("_")[1] == row.get_attribute("data-prefix")

        # The key works; its log shows the request with its status.
        key_client = APIClient()
        key_client.credentials(HTTP_AUTHORIZATION=f"Key {secret}")
        assert key_client.get("/api/v1/events?after=0").status_code == 200
        assert key_client.post("/api/v1/institution/keys", {}, format="json").status_code == 403
        row.get_by_role("link", name=re.compile("请求记录")).click()
        page.wait_for_url(re.compile(r"/institution/keys/[0-9a-f-]+/$"))
        log = page.get_by_test_id("request-row")
        expect(log).to_have_count(2)
        assert "POST" in log.nth(0).inner_text() and "403" in log.nth(0).inner_text()
        assert "/api/v1/events" in log.nth(1).inner_text() and "200" in log.nth(1).inner_text()
        assert_accessible(page)
        page.get_by_role("link", name="接口密钥与回调").click()

        # Rotated: a new secret, the old one refused; then the new one revoked.
        page.get_by_test_id("key-row").filter(has_text="催收系统").filter(
            has_text="有效"
        ).get_by_role("button", name=re.compile("轮换")).click()
        rotated = page.get_by_test_id("secret").input_value()
        assert rotated.startswith("yt_") and rotated != secret
        assert key_client.get("/api/v1/events?after=0").status_code == 401
        new_client = APIClient()
        new_client.credentials(HTTP_AUTHORIZATION=f"Key {rotated}")
        assert new_client.get("/api/v1/events?after=0").status_code == 200
        page.get_by_role("link", name="我已复制").click()
        rows = page.get_by_test_id("key-row").filter(has_text="催收系统")
        expect(rows).to_have_count(2)
        assert "已轮换" in rows.filter(has_text=secret.split("_")[1]).inner_text()
        rows.filter(has_text=rotated.split("_")[1]).get_by_role(
            "button", name=re.compile("吊销")
        ).click()
        assert "已吊销" in page.locator(".messages").inner_text()
        revoked = page.get_by_test_id("key-row").filter(has_text=rotated.split("_")[1])
        assert "已吊销" in revoked.inner_text() and "轮换" not in revoked.inner_text()
        assert new_client.get("/api/v1/events?after=0").status_code == 401

        # A webhook endpoint for refusals: its secret shown once.
        page.fill("#hook-url", receiver.url)
        page.get_by_test_id("endpoint-form").get_by_label(re.compile("filing.refused")).check()
        page.get_by_test_id("endpoint-form").get_by_role("button").click()
        receiver.secret = page.get_by_test_id("secret").input_value()
        assert receiver.secret.startswith("whsec_")
        page.get_by_role("link", name="我已复制").click()
        hook = page.get_by_test_id("endpoint-row").filter(has_text=receiver.url)
        assert "不予受理" in hook.inner_text() and "正常" in hook.inner_text()

        # A filing of the bank's is refused: the first delivery gets a 500.
        from yunting.institutions.keys import key_create

        _key, filing_secret = key_create(user=bank, name="立案", scopes=["file"])
        complaint = file_upload(user=bank, name="起诉状.pdf", data=cached_pdf("起诉状")).sha256
        filer = APIClient()
        filer.credentials(HTTP_AUTHORIZATION=f"Key {filing_secret}")
        made = filer.post(
            "/api/v1/institution/filings", filing_doc(3, complaint=complaint), format="json"
        )
        assert made.status_code == 201, made.json()
        filing_refuse(
            filing=Filing.objects.get(pk=made.json()["id"]),
            officer=demo["filing_officer"],
            reason="不属于本院管辖",
        )
        run_worker()
        page.reload()
        hook = page.get_by_test_id("endpoint-row").filter(has_text=receiver.url)
        hook.get_by_role("link", name=re.compile("投递记录")).click()
        delivery = page.get_by_test_id("delivery-row")
        expect(delivery).to_have_count(1)
        assert delivery.get_attribute("data-status") == "pending"
        assert "filing.refused" in delivery.inner_text()
        assert delivery.get_by_test_id("last-status").inner_text() == "HTTP 500"
        assert "待投递" in delivery.inner_text()
        assert_accessible(page)

        # Sent again at once: delivered, signed, with the 200 shown.
        delivery.get_by_role("button", name=re.compile("重新发送")).click()
        assert "重新发送" in page.locator(".messages").inner_text()
        run_worker()
        page.reload()
        delivery = page.get_by_test_id("delivery-row")
        assert delivery.get_attribute("data-status") == "delivered"
        assert delivery.get_by_test_id("last-status").inner_text() == "HTTP 200"
        assert "已送达" in delivery.inner_text()
        assert len(receiver.received) == 2 and all(r["valid"] for r in receiver.received)
    finally:
        receiver.close()


@pytest.mark.django_db(transaction=True)
def test_other_people_cannot_open_the_page(page, login, demo):
    login(page, demo["litigant"])
    assert page.get_by_role("link", name=re.compile("接口密钥")).count() == 0
    answer = page.goto("/institution/")
    assert answer.status == 403
