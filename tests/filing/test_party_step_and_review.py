"""The wizard's parties step ("this party is me", nothing lost on 继续, lawyer fields for
lawyers) and the review page (ID numbers masked and revealed on record, addresses, phones,
the history of corrections, the case log)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.filing.factories import cached_pdf, complete_filing
from yunting.filing import services
from yunting.filing.models import FilingParty
from yunting.ledger.models import Entry
from yunting.ledger.selectors import case_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo, court):
    return services.filing_create(user=demo["litigant"], court=court)


def _url(filing):
    return reverse("filing:step_parties", args=[filing.id])


def test_this_party_is_me_takes_the_persons_own_details(draft, demo, client):
    zhang = demo["litigant"]
    client.force_login(zhang)
    filled = client.post(_url(draft), {"action": "fill", "is_self": "on", "role": "plaintiff",
                                       "kind": "person"}).content.decode()  # fmt: skip
    assert f'value="{zhang.name}"' in filled and f'value="{zhang.id_number}"' in filled
    assert f'value="{zhang.phone}"' in filled
    # A validation error (no address) keeps the box ticked and the person's details shown
    response = client.post(
        _url(draft), {"action": "add", "is_self": "on", "role": "plaintiff", "kind": "person"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'data-field="address"' in page
    assert f'value="{zhang.id_number}"' in page
    assert re.search(r'name="is_self"[^>]*checked', page)
    # Typed details of someone else do not pass for the person's own
    client.post(_url(draft), {"action": "add", "is_self": "on", "role": "plaintiff",
                              "kind": "person", "name": "别人", "id_number": "110101199001011237",
                              "address": "上海市长宁区天山路100号"})  # fmt: skip
    party = FilingParty.objects.get(filing=draft)
    assert (party.name, party.id_number, party.is_self) == (zhang.name, zhang.id_number, True)


def test_continue_saves_what_was_typed_or_says_what_is_missing(draft, demo, client):
    client.force_login(demo["litigant"])
    data = {"action": "continue", "role": "defendant", "kind": "person", "name": "李某"}
    response = client.post(_url(draft), data)
    assert response.status_code == 200  # no address: the form says so, nothing is lost
    assert "field-error" in response.content.decode()
    assert not FilingParty.objects.filter(filing=draft).exists()
    data["address"] = "上海市长宁区仙霞路300号"
    response = client.post(_url(draft), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("filing:step_claims", args=[draft.id])
    assert FilingParty.objects.filter(filing=draft, name="李某").exists()
    empty = client.post(_url(draft), {"action": "continue", "role": "plaintiff", "kind": "person"})
    assert empty.status_code == 302  # an empty form is simply skipped


def test_lawyer_fields_are_for_lawyers(demo, court, client):
    for user, shown in ((demo["litigant"], False), (demo["lawyer"], True)):
        filing = services.filing_create(user=user, court=court)
        client.force_login(user)
        page = client.get(_url(filing)).content.decode()
        for name in ("agent_is_me", "agent_law_firm", "agent_licence"):
            assert (f'name="{name}"' in page) is shown, (user, name)


def test_cause_suggestions_follow_input_and_paste(draft, demo, client):
    client.force_login(demo["litigant"])
    page = client.get(reverse("filing:step_basics", args=[draft.id])).content.decode()
    trigger = page.split('id="cause-options"')[1].split("hx-trigger=")[1].split('"')[1]
    assert "input" in trigger and "paste" in trigger


# --- review --------------------------------------------------------------------------------


@pytest.fixture
def submitted(demo, court):
    filing = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    services.filing_submit(filing=filing, user=demo["lawyer"])
    return filing


def test_review_shows_masked_ids_addresses_phones_and_reveals_on_record(submitted, demo, client):
    officer = demo["filing_officer"]
    client.force_login(officer)
    page = client.get(reverse("filing:review_detail", args=[submitted.id])).content.decode()
    plaintiff = submitted.parties.get(role="plaintiff")
    assert plaintiff.id_number not in page and plaintiff.masked_id_number in page
    assert plaintiff.address in page and plaintiff.phone in page
    url = reverse("filing:review_reveal_id", args=[submitted.id, plaintiff.id])
    revealed = client.post(url).content.decode()
    assert f'data-testid="id-revealed">{plaintiff.id_number}<' in revealed
    entry = Entry.objects.get(event_type="filing.id_revealed")
    assert entry.actor == officer and entry.payload["party"] == str(plaintiff.id)
    # another court's officer and the filer cannot
    from yunting.accounts.models import User

    for other in (User.objects.get(phone="13900000021"), demo["lawyer"]):
        client.force_login(other)
        assert client.post(url).status_code == 404
    assert Entry.objects.filter(event_type="filing.id_revealed").count() == 1


def test_review_keeps_the_history_of_corrections(submitted, demo, client):
    officer, lawyer = demo["filing_officer"], demo["lawyer"]
    services.filing_request_correction(
        filing=submitted, officer=officer, items=["被告送达地址缺失或不明确。"]
    )
    services.filing_add_attachment(filing=submitted, user=lawyer, kind="evidence",
                                   name="补正地址说明.pdf", data=cached_pdf("补正"))  # fmt: skip
    services.filing_submit(filing=submitted, user=lawyer)
    client.force_login(officer)
    page = client.get(reverse("filing:review_detail", args=[submitted.id])).content.decode()
    history = page.split('data-testid="filing-history"')[1]
    assert "被告送达地址缺失或不明确" in history
    assert "补正地址说明.pdf" in history
    assert history.index("被告送达地址缺失") < history.index("补正地址说明.pdf")

    case = services.filing_accept(filing=submitted, officer=officer)
    log = case_timeline(case_id=case.id, user=officer)
    types = [item.entry.event_type for item in log]
    assert types[0] == "filing.created" and "filing.correction_requested" in types
    assert types.count("filing.accepted") == 1
    labels = [str(item.event_label) for item in log]
    assert len([label for label in labels if "受理" in label or "accepted" in label]) == 1
