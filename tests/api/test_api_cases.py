"""Cases through the API: scoped lists and details, what parties and staff see, timeline."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.filing.factories import complete_filing
from yunting.filing import services
from yunting.ledger import services as ledger_services

BASE = "/api/v1/cases"


@pytest.fixture
def accepted_case(demo, court):
    """Filed by the litigant for themself (so they are the plaintiff) and accepted."""
    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    return services.filing_accept(filing=filing, officer=demo["filing_officer"])


def test_a_party_lists_and_reads_their_case(api_as, demo, accepted_case):
    api = api_as(demo["litigant"])
    body = api.get(BASE).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["case_number"] == accepted_case.case_number
    assert item["status"] == "accepted" and item["court"]["code"] == "沪0105"
    assert [p["role"] for p in item["parties"]] == ["plaintiff", "defendant"]

    detail = api.get(f"{BASE}/{accepted_case.id}").json()
    assert detail["case_number"] == accepted_case.case_number
    assert detail["cause_name"] == "民间借贷纠纷"
    assert detail["acceptance_fee"] == "3300.00" and detail["claim_amount"] == "150000.00"
    assert detail["judge"]["name"] in {"刘法官", "周法官"}
    assert detail["clerk"] == {"name": "郑书记员"}
    assert [c["amount"] for c in detail["claims"]] == ["150000.00", None]
    # Parties see names and roles only: no ID numbers, addresses or phones.
    for party in detail["parties"]:
        assert set(party) == {"name", "role", "role_label"}
    assert "310105198503122015" not in str(detail)


def test_the_timeline_is_labelled_and_verified_against_the_ledger(api_as, demo, accepted_case):
    api = api_as(demo["litigant"])
    timeline = api.get(f"{BASE}/{accepted_case.id}").json()["timeline"]
    assert timeline and [t["seq"] for t in timeline] == sorted(t["seq"] for t in timeline)
    assert {t["mark"] for t in timeline} == {"pending"}  # not yet in a signed head
    assert all(t["event_label"] and t["time"] for t in timeline)
    ledger_services.sign_tree_head()
    timeline = api.get(f"{BASE}/{accepted_case.id}").json()["timeline"]
    assert all(t["verified"] is True and t["mark"] == "verified" for t in timeline)
    assert "payload" not in timeline[0] and "actor" not in timeline[0]


def test_staff_of_the_court_see_party_details(api_as, demo, accepted_case):
    detail = api_as(demo["judge"]).get(f"{BASE}/{accepted_case.id}").json()
    plaintiff = detail["parties"][0]
    assert plaintiff["role"] == "plaintiff" and plaintiff["id_number"] == "310105198503122015"
    assert plaintiff["address"] and "agents" in plaintiff
    assert api_as(demo["judge"]).get(BASE).json()["count"] == 1


def test_an_agent_sees_the_case_of_their_client(api_as, demo, court):
    filing = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    services.filing_submit(filing=filing, user=demo["lawyer"])
    case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
    api = api_as(demo["lawyer"])
    assert api.get(f"{BASE}/{case.id}").status_code == 200
    assert api.get(BASE).json()["count"] == 1


def test_another_users_case_is_404_and_not_listed(api_as, demo, accepted_case):
    for stranger in (demo["institution"], demo["lawyer"]):
        api = api_as(stranger)
        response = api.get(f"{BASE}/{accepted_case.id}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert api.get(BASE).json()["count"] == 0
    response = api_as(demo["litigant"]).get(f"{BASE}/not-a-uuid")
    assert response.status_code == 404


def test_filters_by_status_and_case_number(api_as, demo, accepted_case):
    api = api_as(demo["litigant"])
    number = accepted_case.case_number
    assert api.get(BASE, {"status": "accepted"}).json()["count"] == 1
    assert api.get(BASE, {"status": "closed"}).json()["count"] == 0
    assert api.get(BASE, {"case_number": "民初"}).json()["count"] == 1
    assert api.get(BASE, {"case_number": number}).json()["count"] == 1
    assert api.get(BASE, {"case_number": "刑终"}).json()["count"] == 0
    response = api.get(BASE, {"status": "won"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_choice" and "status" in response.json()["errors"]


def test_pagination_pages_of_fifty(api_as, demo, court):
    from tests.cases.factories import make_case

    for _ in range(51):
        make_case(court=court, plaintiff_user=demo["litigant"])
    api = api_as(demo["litigant"])
    first = api.get(BASE).json()
    assert first["count"] == 51 and len(first["results"]) == 50 and first["next"]
    second = api.get(BASE, {"page": 2}).json()
    assert len(second["results"]) == 1 and second["previous"]
    assert api.get(BASE, {"page": 3}).status_code == 404


def test_the_schema_validates_without_warnings_and_lists_every_endpoint(tmp_path, db):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/v1/auth/token:",
        "/api/v1/filings:",
        "/api/v1/filings/{filing_id}:",
        "/api/v1/filings/{filing_id}/parties:",
        "/api/v1/filings/{filing_id}/parties/{party_id}:",
        "/api/v1/filings/{filing_id}/claims:",
        "/api/v1/filings/{filing_id}/claims/{claim_id}:",
        "/api/v1/filings/{filing_id}/attachments:",
        "/api/v1/filings/{filing_id}/submit:",
        "/api/v1/cases:",
        "/api/v1/cases/{case_id}:",
    ):
        assert path in text, path


def test_the_schema_and_swagger_ui_are_served(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and b"/api/v1/filings" in response.content
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/cases/{case_id}" in schema["paths"]
    assert client.get("/api/docs/").status_code == 200
