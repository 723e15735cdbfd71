"""Online filing through the API: the whole flow, bad input, other people's filings, 409."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.filing.factories import cached_pdf, complete_filing
from yunting.core.files import MAX_UPLOAD_BYTES
from yunting.filing import services
from yunting.filing.events import FilingEvent
from yunting.filing.models import Filing, FilingAttachment, FilingStatus
from yunting.ledger.models import Entry

BASE = "/api/v1/filings"

PLAINTIFF = {
    "role": "plaintiff",
    "kind": "person",
    "name": "张三",
    "id_number": "310105198503122015",
    "address": "上海市长宁区天山路100号",
    "phone": "13900000001",
}
DEFENDANT = {
    "role": "defendant",
    "kind": "organisation",
    "name": "上海示范贸易有限公司",
    "id_number": "91350100M000100Y43",
    "address": "上海市长宁区延安西路1号",
    "representative": "王五",
}


def _pdf(name: str = "起诉状.pdf", text: str = "民事起诉状") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, cached_pdf(text), content_type="application/pdf")


def _draft(client) -> str:
    response = client.post(BASE, {"court": "沪0105"}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_the_whole_filing_flow_as_a_lawyer(api_as, demo):
    lawyer = demo["lawyer"]
    api = api_as(lawyer)
    response = api.post(BASE, {"court": "沪0105"}, format="json")
    assert response.status_code == 201
    filing = response.json()
    assert filing["status"] == "draft" and filing["type_code"] == "民初"
    assert filing["court"] == {"code": "沪0105", "name": "上海市长宁区人民法院"}
    assert filing["is_editable"] and len(filing["missing"]) == 6
    url = f"{BASE}/{filing['id']}"

    response = api.patch(
        url,
        {"cause_name": "民间借贷纠纷", "facts": "被告借款15万元到期未还。"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["cause_name"] == "民间借贷纠纷"
    assert response.json()["cause_code"]  # matched in the official catalogue

    response = api.post(
        f"{url}/parties",
        PLAINTIFF | {"agents": [{"is_me": True, "law_firm": "上海示范律师事务所"}]},
        format="json",
    )
    assert response.status_code == 201, response.content
    plaintiff = response.json()
    agent = plaintiff["agents"][0]
    assert agent["name"] == lawyer.name and agent["power_of_attorney"] is None
    assert api.post(f"{url}/parties", DEFENDANT, format="json").status_code == 201

    response = api.post(
        f"{url}/claims", {"text": "判令被告归还借款本金", "amount": "150000"}, format="json"
    )
    assert response.status_code == 201 and response.json()["amount"] == "150000.00"
    response = api.post(f"{url}/claims", {"text": "判令被告承担诉讼费用"}, format="json")
    assert response.status_code == 201 and response.json()["amount"] is None

    response = api.post(f"{url}/attachments", {"kind": "complaint", "file": _pdf()})
    assert response.status_code == 201, response.content
    complaint = response.json()
    assert complaint["content_type"] == "application/pdf" and complaint["pages"] == 1
    assert complaint["sha256"] == hashlib.sha256(cached_pdf()).hexdigest()
    response = api.post(
        f"{url}/attachments",
        {
            "kind": "power_of_attorney",
            "file": _pdf("授权委托书.pdf", "授权委托书"),
            "agent": agent["id"],
        },
    )
    assert response.status_code == 201, response.content

    before = api.get(url).json()
    assert before["missing"] == [] and before["claim_total"] == "150000.00"
    assert [p["role"] for p in before["parties"]] == ["plaintiff", "defendant"]
    assert before["parties"][0]["agents"][0]["power_of_attorney"] == response.json()["id"]

    response = api.post(f"{url}/submit")
    assert response.status_code == 200, response.content
    submitted = response.json()
    assert submitted["status"] == "submitted" and submitted["number"].startswith("沪0105网立")
    assert submitted["review_due"] and submitted["submitted_at"]
    assert submitted["is_editable"] is False and submitted["case"] is None
    assert Entry.objects.filter(event_type=FilingEvent.SUBMITTED).count() == 1

    # The court accepts it: the status shows the case number.
    services.filing_accept(
        filing=Filing.objects.get(pk=filing["id"]), officer=demo["filing_officer"]
    )
    accepted = api.get(url).json()
    assert accepted["status"] == "accepted"
    assert accepted["case"]["case_number"].startswith("（")
    listed = api.get(BASE).json()
    assert listed["count"] == 1 and listed["results"][0]["case"] == accepted["case"]


def test_my_filings_only_and_filtered_by_status(api_as, demo, court):
    complete_filing(user=demo["litigant"], court=court)
    mine = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    services.filing_submit(filing=mine, user=demo["lawyer"])
    api = api_as(demo["lawyer"])
    body = api.get(BASE).json()
    assert [f["id"] for f in body["results"]] == [str(mine.id)]
    assert set(body) == {"count", "next", "previous", "results"}
    assert api.get(BASE, {"status": "draft"}).json()["count"] == 0
    assert api.get(BASE, {"status": "submitted"}).json()["count"] == 1
    response = api.get(BASE, {"status": "nonsense"})
    assert response.status_code == 400 and "status" in response.json()["errors"]


def test_a_filing_officer_can_read_but_not_change_a_filing(api_as, demo, court):
    filing = complete_filing(user=demo["litigant"], court=court)
    officer = api_as(demo["filing_officer"])
    assert officer.get(f"{BASE}/{filing.id}").status_code == 404  # a draft is the filer's alone
    services.filing_submit(filing=filing, user=demo["litigant"])
    assert officer.get(f"{BASE}/{filing.id}").status_code == 200
    response = officer.patch(f"{BASE}/{filing.id}", {"facts": "改"}, format="json")
    assert response.status_code == 404
    assert officer.get(BASE).json()["count"] == 0  # "my filings": the ones I made


@pytest.mark.parametrize(
    ("method", "suffix", "payload"),
    [
        ("get", "", None),
        ("patch", "", {"facts": "x"}),
        ("post", "/parties", DEFENDANT),
        ("post", "/claims", {"text": "x"}),
        ("post", "/submit", None),
    ],
)
def test_another_users_filing_is_404(api_as, demo, court, method, suffix, payload):
    filing = complete_filing(user=demo["litigant"], court=court)
    api = api_as(demo["lawyer"])
    response = getattr(api, method)(f"{BASE}/{filing.id}{suffix}", payload, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    party = filing.parties.first()
    claim = filing.claims.first()
    assert api.delete(f"{BASE}/{filing.id}/parties/{party.id}").status_code == 404
    assert api.delete(f"{BASE}/{filing.id}/claims/{claim.id}").status_code == 404
    upload = api.post(f"{BASE}/{filing.id}/attachments", {"kind": "evidence", "file": _pdf()})
    assert upload.status_code == 404
    assert filing.parties.count() == 2 and filing.claims.count() == 2


def test_malformed_and_unknown_ids_are_json_404(api_as, demo):
    api = api_as(demo["litigant"])
    for url in (f"{BASE}/not-a-uuid", f"{BASE}/00000000-0000-0000-0000-000000000000"):
        response = api.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    filing_id = _draft(api)
    assert api.delete(f"{BASE}/{filing_id}/parties/123").status_code == 404
    assert api.delete(f"{BASE}/{filing_id}/claims/{filing_id}").status_code == 404


def test_an_invalid_id_number_names_the_field_and_stores_nothing(api_as, demo):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    response = api.post(
        f"{BASE}/{filing_id}/parties",
        PLAINTIFF | {"id_number": "310105198503122016"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["id_number"] and "校验位" in body["errors"]["id_number"][0]
    assert body["detail"] == body["errors"]["id_number"][0]
    assert Filing.objects.get(pk=filing_id).parties.count() == 0


def test_messages_follow_the_language_asked_for(api_as, demo):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    response = api.post(
        f"{BASE}/{filing_id}/parties",
        PLAINTIFF | {"id_number": "310105198503122016"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "does not match" in response.json()["errors"]["id_number"][0]


def test_bad_party_fields_are_each_named(api_as, demo):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    response = api.post(
        f"{BASE}/{filing_id}/parties",
        {"role": "judge", "kind": "person", "agents": [{"law_firm": "所"}]},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"role", "name", "address", "agents.0.name"}
    assert response.json()["code"] in {"invalid_choice", "required"}


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [("-1", "负数"), ("1.234", "两位小数"), ("abc", "金额"), ("1e400", "金额"), ("NaN", "金额")],
)
def test_negative_or_malformed_amounts_are_400(api_as, demo, amount, fragment):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    response = api.post(
        f"{BASE}/{filing_id}/claims", {"text": "还钱", "amount": amount}, format="json"
    )
    assert response.status_code == 400
    messages = response.json()["errors"]["amount"]
    assert any(fragment in m for m in messages), messages
    assert Filing.objects.get(pk=filing_id).claims.count() == 0


def test_submitting_an_incomplete_filing_lists_everything_missing(api_as, demo):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    api.post(f"{BASE}/{filing_id}/parties", PLAINTIFF | {"is_self": True}, format="json")
    response = api.post(f"{BASE}/{filing_id}/submit")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "incomplete"
    missing = body["errors"]["non_field_errors"]
    assert "请至少添加一名被告。" in missing
    assert len(missing) == 5  # cause, facts, defendant, claim, complaint
    filing = Filing.objects.get(pk=filing_id)
    assert filing.status == FilingStatus.DRAFT and not filing.number


def test_a_renamed_executable_is_400_and_nothing_is_stored(api_as, demo):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4000
    digest = hashlib.sha256(exe).hexdigest()
    upload = SimpleUploadedFile("起诉状.pdf", exe, content_type="application/pdf")
    response = api.post(f"{BASE}/{filing_id}/attachments", {"kind": "complaint", "file": upload})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_type" and "PDF" in body["errors"]["file"][0]
    assert FilingAttachment.objects.count() == 0
    folder = f"filings/{digest[:2]}/{digest[2:4]}"
    assert not default_storage.exists(folder) or not any(
        name.startswith(digest) for name in default_storage.listdir(folder)[1]
    )


def test_an_oversized_file_is_400(api_as, demo):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    big = b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES
    upload = SimpleUploadedFile("起诉状.pdf", big, content_type="application/pdf")
    response = api.post(f"{BASE}/{filing_id}/attachments", {"kind": "complaint", "file": upload})
    assert response.status_code == 400
    assert response.json()["code"] == "too_large" and "20 MB" in response.json()["detail"]
    assert FilingAttachment.objects.count() == 0


def test_attachment_kind_file_and_agent_are_checked(api_as, demo, court):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    url = f"{BASE}/{filing_id}/attachments"
    response = api.post(url, {"kind": "selfie", "file": _pdf()})
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    response = api.post(url, {"kind": "complaint"})
    assert response.status_code == 400 and "file" in response.json()["errors"]
    others = complete_filing(user=demo["lawyer"], court=court, as_lawyer=True)
    foreign_agent = others.parties.get(role="plaintiff").agents.get()
    response = api.post(
        url, {"kind": "power_of_attorney", "file": _pdf(), "agent": foreign_agent.id}
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["agent"]
    response = api.post(url, {"kind": "complaint"}, format="json")
    assert response.status_code == 415
    assert FilingAttachment.objects.filter(filing_id=filing_id).count() == 0


def test_create_and_update_refuse_unknown_courts_and_types(api_as, demo):
    api = api_as(demo["litigant"])
    response = api.post(BASE, {"court": "火星01"}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["court"]
    response = api.post(BASE, {"court": "沪0105", "type_code": "XX"}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["type_code"]
    response = api.post(BASE, {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "required"
    filing_id = _draft(api)
    response = api.patch(f"{BASE}/{filing_id}", {"court": "nowhere"}, format="json")
    assert response.status_code == 400 and "court" in response.json()["errors"]
    response = api.patch(f"{BASE}/{filing_id}", {"court": "沪0106"}, format="json")
    assert response.status_code == 200 and response.json()["court"]["code"] == "沪0106"
    response = api.post(BASE, "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


def test_parties_and_claims_can_be_removed_from_a_draft(api_as, demo):
    api = api_as(demo["litigant"])
    filing_id = _draft(api)
    party = api.post(f"{BASE}/{filing_id}/parties", DEFENDANT, format="json").json()
    claim = api.post(f"{BASE}/{filing_id}/claims", {"text": "道歉"}, format="json").json()
    assert api.delete(f"{BASE}/{filing_id}/parties/{party['id']}").status_code == 204
    assert api.delete(f"{BASE}/{filing_id}/claims/{claim['id']}").status_code == 204
    detail = api.get(f"{BASE}/{filing_id}").json()
    assert detail["parties"] == [] and detail["claims"] == []


def test_a_filing_that_cannot_change_any_more_is_409(api_as, demo, court):
    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    api = api_as(demo["litigant"])
    url = f"{BASE}/{filing.id}"
    response = api.post(f"{url}/submit")
    assert response.status_code == 409 and response.json()["code"] == "not_editable"
    services.filing_refuse(filing=filing, officer=demo["filing_officer"], reason="不属于本院管辖")
    party = filing.parties.first()
    attempts = [
        api.patch(url, {"facts": "补充"}, format="json"),
        api.post(f"{url}/parties", DEFENDANT, format="json"),
        api.delete(f"{url}/parties/{party.id}"),
        api.post(f"{url}/claims", {"text": "x"}, format="json"),
        api.post(f"{url}/attachments", {"kind": "evidence", "file": _pdf()}),
        api.post(f"{url}/submit"),
    ]
    for response in attempts:
        assert response.status_code == 409, response.content
        body = response.json()
        assert body["code"] == "not_editable" and body["detail"] == "该立案申请已不能修改。"
    detail = api.get(url).json()
    assert detail["status"] == "refused" and detail["refusal_reason"] == "不属于本院管辖"
    assert filing.parties.count() == 2


def test_correction_items_are_shown_and_the_filing_can_be_resubmitted(api_as, demo, court):
    filing = complete_filing(user=demo["litigant"], court=court)
    services.filing_submit(filing=filing, user=demo["litigant"])
    services.filing_request_correction(
        filing=filing, officer=demo["filing_officer"], items=["补充借条复印件"]
    )
    api = api_as(demo["litigant"])
    url = f"{BASE}/{filing.id}"
    detail = api.get(url).json()
    assert detail["status"] == "correction_requested"
    assert detail["correction_items"] == ["补充借条复印件"] and detail["is_editable"]
    upload = api.post(f"{url}/attachments", {"kind": "evidence", "file": _pdf("借条.pdf", "借条")})
    assert upload.status_code == 201
    response = api.post(f"{url}/submit")
    assert response.status_code == 200 and response.json()["number"] == detail["number"]
