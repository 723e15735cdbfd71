"""The party's own 送达地址确认书: a lawyer confirms the client's addresses on the case page,
and a filer gives theirs with the filing (sealed when the case is accepted). Both are recorded
through the service app (ledger entry naming who confirmed), and drive the channels offered."""

from __future__ import annotations

import pytest

from tests.filing.factories import complete_filing
from yunting.ledger.models import Entry
from yunting.service.addresses import (
    address_confirm_by_party,
    channels_offered,
    party_addresses,
    recommend_channels,
)
from yunting.service.errors import ServiceError, ServiceErrorCode
from yunting.service.events import ServiceEvent
from yunting.service.models import AddressConfirmation

from .factories import defendant


@pytest.mark.django_db
def test_the_lawyer_confirms_the_clients_addresses_and_consent(case, demo):
    party = defendant(case)
    assert channels_offered(party=party) == ["public_notice"]
    confirmation = address_confirm_by_party(
        party=party,
        actor=demo["lawyer"],
        inbox=True,
        email="wang@lawfirm.example",
        mobile="13900000099",
        postal="上海市长宁区延安西路1号",
        consent={"inbox", "email"},  # not by SMS
    )
    assert confirmation.confirmed_by == demo["lawyer"] and confirmation.source == "express"
    assert confirmation.document.issued_by == case.clerk  # the court seals it
    assert confirmation.document.template_code == "address_confirmation"
    current = party_addresses(party=party)
    assert current["email"].consent and current["inbox"].consent
    assert not current["sms"].consent
    assert channels_offered(party=party) == ["inbox", "email", "postal", "public_notice"]
    assert "sms" not in recommend_channels(party=party)
    entry = Entry.objects.get(event_type=ServiceEvent.ADDRESS_CONFIRMED, case_id=case.id)
    assert entry.actor_id == demo["lawyer"].id
    assert entry.payload["channels"]["sms"] == {"address": "13900000099", "consent": False}


@pytest.mark.django_db
def test_someone_else_cannot_confirm_for_the_party(case, demo):
    with pytest.raises(ServiceError) as err:
        address_confirm_by_party(
            party=defendant(case), actor=demo["litigant"], email="x@example.com", consent={"email"}
        )
    assert err.value.code == "not_yours"
    with pytest.raises(ServiceError) as err:
        address_confirm_by_party(party=defendant(case), actor=demo["lawyer"], mobile="12345")
    assert err.value.code == "bad_mobile"
    assert not AddressConfirmation.objects.exists()


@pytest.mark.django_db
def test_the_portal_page_confirms_and_is_404_for_strangers(case, demo, client):
    url = f"/service/mine/case/{case.id}/addresses/"
    client.force_login(demo["litigant"])
    assert client.get(url).status_code == 404
    client.force_login(demo["lawyer"])
    page = client.get(url).content.decode()
    assert "上海示范贸易有限公司" in page
    answer = client.post(
        url,
        {
            "party": str(defendant(case).id),
            "email": "wang@lawfirm.example",
            "consent": ["email"],
            "postal": "上海市长宁区延安西路1号",
        },
    )
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "wang@lawfirm.example" in page
    assert party_addresses(party=defendant(case))["email"].consent
    case_page = client.get(f"/cases/{case.id}/").content.decode()
    assert url in case_page


@pytest.mark.django_db(transaction=True)
def test_the_address_given_at_filing_is_sealed_at_acceptance(demo, court, run_worker):
    from yunting.filing import services as filing

    lawyer = demo["lawyer"]
    draft = complete_filing(user=lawyer, court=court, as_lawyer=True)
    with pytest.raises(ServiceError) as exc:
        filing.filing_set_service_address(filing=draft, user=lawyer, email="not-an-address")
    assert exc.value.code == ServiceErrorCode.BAD_EMAIL
    filing.filing_set_service_address(
        filing=draft,
        user=lawyer,
        inbox=True,
        email="lawyer@firm.example",
        mobile="13900000050",
        consent=["inbox", "email", "sms", "postal"],
    )
    draft.refresh_from_db()
    assert draft.service_address["consent"] == ["email", "inbox", "sms"]
    submitted = filing.filing_submit(filing=draft, user=lawyer)
    case = filing.filing_accept(filing=submitted, officer=demo["filing_officer"])
    run_worker()
    [plaintiff] = case.parties.filter(role="plaintiff")
    confirmation = AddressConfirmation.objects.get(party=plaintiff)
    assert confirmation.confirmed_by == lawyer
    assert confirmation.document.issued_by == demo["filing_officer"]
    assert set(channels_offered(party=plaintiff)) >= {"inbox", "email", "sms"}
    assert not AddressConfirmation.objects.filter(party__role="defendant").exists()
    assert Entry.objects.filter(
        event_type=ServiceEvent.ADDRESS_CONFIRMED, case_id=case.id, actor_id=lawyer.id
    ).exists()
