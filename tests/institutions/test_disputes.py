"""Disputes through the institution API: a bank registers a batch for pre-litigation mediation
(the good items kept, each bad one answered by path), replays it safely, follows each dispute
(mediator, period, agreement, judicial confirmation) and receives its events by webhook;
another institution sees none of it, and a key needs the right scope."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.institutions.receiver import Receiver
from yunting.mediation import services
from yunting.mediation.models import Dispute

URL = "/api/v1/institution/disputes"


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.YUNTING_SITE_URL = "http://testserver"


@pytest.fixture
def network(demo, demo_password):
    from yunting.mediation.demo import mediation_network_ensure

    return mediation_network_ensure(demo_password)


@pytest.fixture
def coordinator(demo):
    """The mediation centre's mediator of 沪0105, who designates mediators."""
    from yunting.accounts.models import User

    return User.objects.get(phone="13900000017")


def item(n: int, *, applicant_phone: str = "", **changes) -> dict:
    doc = {
        "ref": f"LOAN-{n:04d}",
        "court": "沪0105",
        "cause": "金融借款合同纠纷",
        "speciality": "lending",
        "claim": f"归还借款本金{10000 + n}元",
        "amount": f"{10000 + n}.00",
        "facts": f"借款人于2025年借款，到期未还（合同第{n}号）。",
        "parties": [
            {
                "side": "applicant",
                "kind": "organisation",
                "name": "示范银行股份有限公司",
                "id_number": "91350100M000100Y43",
                "address": "上海市徐汇区示范路1号",
                **({"phone": applicant_phone} if applicant_phone else {}),
            },
            {
                "side": "respondent",
                "name": "李四",
                "phone": "13900000002",
                "address": "上海市长宁区仙霞路300号",
            },
        ],
    }
    doc.update(changes)
    return doc


@pytest.fixture
def other_institution(demo, key_client):
    from yunting.accounts.models import RoleAssignment, User
    from yunting.accounts.roles import Role
    from yunting.institutions.keys import key_create

    user = User.objects.create_user("13911113333", "x-password-1", name="另一银行诉讼专员")
    RoleAssignment.objects.create(user=user, role=Role.INSTITUTION)
    return key_client(key_create(user=user, name="other", scopes=["read", "file"])[1])


def test_a_batch_keeps_the_good_items_and_answers_each_bad_one_by_path(
    bank, bank_key, key_client, network
):
    client = key_client(bank_key[1])
    no_respondent = item(3)
    no_respondent["parties"] = [no_respondent["parties"][0], {**no_respondent["parties"][0]}]
    bad_phone = item(4)
    bad_phone["parties"][1]["phone"] = "12345"
    missing = item(5)
    del missing["claim"]
    body = {
        "disputes": [
            item(1),
            item(2, amount=None),
            no_respondent,
            bad_phone,
            missing,
            item(6, court="火9999"),
            item(7, amount="12,000.5"),
            item(8, ref="LOAN-0001"),
        ]
    }
    answer = client.post(URL, body, format="json")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert (data["created"], data["rejected"]) == (2, 6)
    results = data["results"]
    assert [r["index"] for r in results] == list(range(8))
    assert [r["status"] for r in results[:2]] == ["created", "created"]
    made = Dispute.objects.filter(registered_by=bank).order_by("number")
    assert [(str(d.id), d.number) for d in made] == [(r["id"], r["number"]) for r in results[:2]]
    assert all("民诉前调" in d.number and d.origin == "institution" for d in made)
    assert made[0].parties.get(side="respondent").invited_at is not None
    errors = {r["ref"]: (r["code"], set(r["errors"])) for r in results[2:]}
    assert errors == {
        "LOAN-0003": ("required", {"parties"}),
        "LOAN-0004": ("required", {"parties.1.phone"}),
        "LOAN-0005": ("invalid", {"claim"}),
        "LOAN-0006": ("invalid", {"court"}),
        "LOAN-0007": ("invalid", {"amount"}),
        "LOAN-0001": ("duplicate_ref_in_request", {"ref"}),
    }
    assert results[6]["detail"]  # every rejection says why, for people
    # Sent again without an Idempotency-Key: the references already used are refused.
    again = client.post(URL, {"disputes": [item(1), item(9)]}, format="json").json()
    assert [r["status"] for r in again["results"]] == ["rejected", "created"]
    assert again["results"][0]["code"] == "duplicate_ref"
    assert made[0].number in again["results"][0]["detail"]
    assert Dispute.objects.filter(registered_by=bank).count() == 3


def test_a_reference_taken_by_a_concurrent_request_is_refused_not_a_500(
    bank, bank_key, key_client, network, monkeypatch
):
    from yunting.institutions import disputes

    client = key_client(bank_key[1])
    assert client.post(URL, {"disputes": [item(1)]}, format="json").status_code == 201
    real, calls = disputes._earlier, []

    def not_yet_committed(user, ref):  # the first look misses it, as under a race
        calls.append(ref)
        return None if len(calls) == 1 else real(user, ref)

    monkeypatch.setattr(disputes, "_earlier", not_yet_committed)
    answer = client.post(URL, {"disputes": [item(1), item(2)]}, format="json")
    assert answer.status_code == 201
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "created"]
    assert results[0]["code"] == "duplicate_ref"
    assert Dispute.objects.count() == 2


def test_the_request_itself_must_be_a_list_of_at_most_100(bank, bank_key, key_client, anon):
    from yunting.institutions.disputes import dispute_schema

    schema = anon.get("/api/v1/schemas/dispute/1.json")
    assert schema.status_code == 200 and schema.json() == dispute_schema(1)
    assert schema.json()["properties"]["speciality"]["enum"][1] == "lending"
    assert anon.get("/api/v1/schemas/dispute/2.json").status_code == 404
    client = key_client(bank_key[1])
    for body in ({"disputes": []}, {"disputes": "x"}, {}, {"disputes": [item(1)] * 101}):
        answer = client.post(URL, body, format="json")
        assert answer.status_code == 400, body
        assert answer.json()["code"] == "bad_disputes"
        assert "disputes" in answer.json()["errors"]
    assert not Dispute.objects.exists()


def test_idempotent_replay_creates_nothing_twice(bank, bank_key, key_client, network):
    client = key_client(bank_key[1])
    body = {"disputes": [item(1), item(2, court="火9999")]}
    first = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert first.status_code == 201
    replay = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert replay.status_code == 201 and replay.json() == first.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert Dispute.objects.count() == 1
    other = client.post(URL, {"disputes": [item(3)]}, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Dispute.objects.count() == 1


def test_keys_scopes_and_institutions_only(bank, key_client, anon, demo, network):
    from yunting.institutions.keys import key_create

    reader = key_client(key_create(user=bank, name="ro", scopes=["read"])[1])
    filer = key_client(key_create(user=bank, name="fo", scopes=["file"])[1])
    refused = reader.post(URL, {"disputes": [item(1)]}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "out_of_scope"
    assert filer.post(URL, {"disputes": [item(1)]}, format="json").status_code == 201
    dispute = Dispute.objects.get()
    assert reader.get(URL).status_code == 200
    assert reader.get(f"{URL}/{dispute.id}").status_code == 200
    assert filer.get(URL).json()["code"] == "out_of_scope"
    assert anon.get(URL).status_code == 401
    assert anon.post(URL, {"disputes": [item(2)]}, format="json").status_code == 401
    assert key_client("yt_nope_nope").get(URL).status_code == 401
    person = APIClient()
    person.force_login(demo["litigant"])
    answer = person.post(URL, {"disputes": [item(3)]}, format="json")
    assert answer.status_code == 403 and answer.json()["code"] == "not_institution"
    assert person.get(URL).status_code == 403
    assert Dispute.objects.count() == 1


def test_another_institutions_dispute_is_not_found(
    bank, bank_key, key_client, network, other_institution
):
    client = key_client(bank_key[1])
    made = client.post(URL, {"disputes": [item(1)]}, format="json").json()["results"][0]
    assert other_institution.get(f"{URL}/{made['id']}").status_code == 404
    assert other_institution.get(URL).json()["count"] == 0
    assert client.get(f"{URL}/{made['id']}").status_code == 200
    assert client.get(f"{URL}/not-a-uuid").status_code == 404


def test_list_filters_by_state_and_time(bank, bank_key, key_client, network, coordinator):
    from django.utils import timezone

    client = key_client(bank_key[1])
    body = {"disputes": [item(1), item(2), item(3)]}
    ids = [r["id"] for r in client.post(URL, body, format="json").json()["results"]]
    listed = client.get(URL).json()
    assert listed["count"] == 3
    assert [d["id"] for d in listed["results"]] == ids[::-1]  # newest first
    assert {d["status"] for d in listed["results"]} == {"received"}
    mark = timezone.now()
    dispute = Dispute.objects.get(pk=ids[1])
    li = dispute.parties.get(side="respondent").user
    services.dispute_answer_invitation(dispute=dispute, user=li, accept=True)
    services.dispute_assign(dispute=dispute, actor=coordinator, mediator=network[1])
    mediating = client.get(URL, {"status": "mediating"}).json()
    assert [d["id"] for d in mediating["results"]] == [ids[1]]
    assert mediating["results"][0]["mediator_name"] == network[1].user.name
    since = client.get(URL, {"updated_since": mark.isoformat()}).json()
    assert [d["id"] for d in since["results"]] == [ids[1]]
    assert since["results"][0]["updated_at"] > since["results"][0]["created_at"]
    assert client.get(URL, {"updated_since": "2000-01-01"}).json()["count"] == 3
    bad = client.get(URL, {"updated_since": "yesterday"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_since"
    bad = client.get(URL, {"status": "happy"})
    assert bad.status_code == 400 and bad.json()["errors"].keys() == {"status"}


def test_detail_after_assignment_after_agreement_and_confirmation(
    bank, bank_key, key_client, network, coordinator
):
    client = key_client(bank_key[1])
    body = {"disputes": [item(1, applicant_phone=bank.phone)]}
    made = client.post(URL, body, format="json").json()["results"][0]
    url = f"{URL}/{made['id']}"
    fresh = client.get(url).json()
    assert fresh["status"] == "received" and fresh["mediator"] is None
    assert fresh["ref"] == "LOAN-0001" and fresh["amount"] == "10001.00"
    assert fresh["designation_due"] > fresh["received_on"]
    assert [p["consent"] for p in fresh["parties"]] == ["given", "pending"]

    dispute = Dispute.objects.get(pk=made["id"])
    li = dispute.parties.get(side="respondent").user
    services.dispute_answer_invitation(dispute=dispute, user=li, accept=True)
    services.dispute_assign(dispute=dispute, actor=coordinator, mediator=network[1])
    assigned = client.get(url).json()
    assert assigned["status"] == "mediating"
    assert assigned["mediator"]["name"] == network[1].user.name
    assert assigned["mediator"]["organisation"] == network[1].organisation.name
    assert assigned["mediator"]["method"] == "coordinator"
    assert assigned["mediation_period"]["ends_on"] > assigned["mediation_period"]["started_on"]
    assert assigned["agreement"] is None and assigned["confirmation"] is None

    agreement = services.agreement_draft(
        dispute=dispute, actor=network[1].user, text="李四于2026年12月31日前归还借款10001元。"
    )
    for user in (bank, li):
        services.agreement_sign(agreement=agreement, user=user, seen_sha256=agreement.sha256)
    agreed = client.get(url).json()
    assert agreed["status"] == "agreed"
    assert agreed["agreement"]["sha256"] == agreement.sha256
    assert agreed["agreement"]["signed_by_every_party"] is True
    assert agreed["ended_at"] is not None

    services.confirmation_apply(dispute=dispute, user=li)
    dispute.refresh_from_db()
    services.confirmation_rule(dispute=dispute, judge=dispute.confirmation_case.judge, confirm=True)
    confirmed = client.get(url).json()
    assert confirmed["status"] == "confirmed"
    assert confirmed["confirmation"]["case_number"] == dispute.confirmation_case.case_number
    assert "民特" in confirmed["confirmation"]["case_number"]
    assert confirmed["confirmation"]["decision"] == "confirmed"
    assert confirmed["converted_filing"] is None


@pytest.mark.django_db(transaction=True)
def test_dispute_events_reach_the_webhook_and_the_feed(
    bank, bank_key, key_client, network, coordinator, run_worker
):
    receiver = Receiver()
    try:
        session = APIClient()
        session.force_login(bank)
        hook = session.post(
            "/api/v1/institution/webhooks",
            {"url": receiver.url, "events": ["dispute.assigned", "dispute.withdrawn"]},
            format="json",
        )
        assert hook.status_code == 201, hook.json()
        receiver.secret = hook.json()["secret"]
        client = key_client(bank_key[1])
        body = {"disputes": [item(1), item(2, applicant_phone=bank.phone)]}
        results = client.post(URL, body, format="json").json()["results"]
        first, second = (Dispute.objects.get(pk=r["id"]) for r in results)
        services.dispute_assign(dispute=first, actor=coordinator, mediator=network[1])
        services.dispute_withdraw(dispute=second, user=bank, reason="已与借款人和解")
        run_worker()

        assert [r["valid"] for r in receiver.received] == [True, True]
        bodies = [json.loads(r["body"]) for r in receiver.received]
        assert [b["event"] for b in bodies] == ["dispute.assigned", "dispute.withdrawn"]
        assert bodies[0]["data"] == {
            "dispute": str(first.id),
            "number": first.number,
            "status": "received",
            "case": None,
            "method": "coordinator",
            "assigned_on": bodies[0]["data"]["assigned_on"],
            "late": False,
            "mediator": network[1].user.name,
            "organisation": network[1].organisation.name,
        }
        assert bodies[1]["data"]["status"] == "withdrawn"
        assert bodies[1]["data"]["reason"] == "已与借款人和解"
        assert receiver.received[0]["headers"]["X-Yunting-Event"] == "dispute.assigned"
        feed = [e["event"] for e in client.get("/api/v1/events?after=0").json()]
        assert feed == [
            "dispute.registered",
            "dispute.registered",
            "dispute.assigned",
            "dispute.withdrawn",
        ]
    finally:
        receiver.close()
