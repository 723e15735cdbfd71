"""The bank's administrator follows its mediation disputes by webhook: on the institution's
page it registers an endpoint for "mediator designated" (the dispute events are offered with
the filing ones), registers disputes through the API, and once the court designates a
mediator the endpoint's delivery log shows the event delivered. axe-clean."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from tests.browser.a11y import assert_accessible
from tests.institutions.receiver import Receiver


@pytest.mark.django_db(transaction=True)
def test_a_dispute_event_is_chosen_on_the_page_and_delivered(
    page, login, demo, demo_password, run_worker
):
    from yunting.accounts.models import User
    from yunting.institutions.keys import key_create
    from yunting.mediation import services
    from yunting.mediation.demo import mediation_network_ensure
    from yunting.mediation.models import Dispute

    network = mediation_network_ensure(demo_password)
    bank = demo["institution"]
    receiver = Receiver()
    try:
        login(page, bank)
        page.get_by_role("link", name=re.compile("接口密钥")).first.click()
        page.wait_for_url(re.compile(r"/institution/$"))
        form = page.get_by_test_id("endpoint-form")
        page.fill("#hook-url", receiver.url)
        form.get_by_label(re.compile("dispute.assigned")).check()
        assert "已指定调解员" in form.inner_text()
        assert_accessible(page)
        form.get_by_role("button").click()
        receiver.secret = page.get_by_test_id("secret").input_value()
        page.get_by_role("link", name="我已复制").click()

        client = APIClient()
        client.credentials(
            HTTP_AUTHORIZATION=f"Key {key_create(user=bank, name='调解', scopes=['file'])[1]}"
        )
        made = client.post(
            "/api/v1/institution/disputes",
            {
                "disputes": [
                    {
                        "ref": "LOAN-0001",
                        "court": "沪0105",
                        "cause": "金融借款合同纠纷",
                        "speciality": "lending",
                        "claim": "归还借款本金10000元",
                        "facts": "借款人于2025年借款，到期未还。",
                        "parties": [
                            {"side": "applicant", "kind": "organisation", "name": "示范银行"},
                            {"side": "respondent", "name": "李四", "phone": "13900000002"},
                        ],
                    }
                ]
            },
            format="json",
        )
        assert made.status_code == 201 and made.json()["created"] == 1, made.json()
        dispute = Dispute.objects.get(pk=made.json()["results"][0]["id"])
        services.dispute_assign(
            dispute=dispute, actor=User.objects.get(phone="13900000017"), mediator=network[1]
        )
        run_worker()

        page.reload()
        hook = page.get_by_test_id("endpoint-row").filter(has_text=receiver.url)
        hook.get_by_role("link", name=re.compile("投递记录")).click()
        delivery = page.get_by_test_id("delivery-row")
        expect(delivery).to_have_count(1)
        assert "dispute.assigned" in delivery.inner_text()
        assert delivery.get_attribute("data-status") == "delivered"
        assert delivery.get_by_test_id("last-status").inner_text() == "HTTP 200"
        assert_accessible(page)
        body = json.loads(receiver.received[0]["body"])
        assert receiver.received[0]["valid"]
        assert body["data"]["number"] == dispute.number
        assert body["data"]["mediator"] == network[1].user.name
    finally:
        receiver.close()
