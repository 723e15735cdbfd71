"""Institution keys: shown once, stored hashed, scoped, rotatable, revocable, rate-limited,
logged per key; idempotency keys on creates; the published schema."""

from __future__ import annotations

import hashlib

import pytest
from rest_framework.test import APIClient

from tests.institutions.helpers import filing_doc
from yunting.filing.models import Filing
from yunting.institutions.models import ApiKey, KeyRequest

KEYS = "/api/v1/institution/keys"


@pytest.fixture
def bank_session(bank):
    client = APIClient()
    client.force_login(bank)
    return client


@pytest.mark.django_db
def test_key_shown_once_and_stored_hashed(bank_session, key_client):
    made = bank_session.post(KEYS, {"name": "催收系统", "scopes": ["read"]}, format="json")
    assert made.status_code == 201
    secret = made.json()["secret"]
    stored = ApiKey.objects.get(pk=made.json()["id"])
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiKey.objects.values().get(pk=stored.pk))
    listed = bank_session.get(KEYS).json()
    assert listed[0]["name"] == "催收系统" and "secret" not in listed[0]
    assert key_client(secret).get("/api/v1/filings").status_code == 200


@pytest.mark.django_db
def test_scopes_are_enforced(bank_session, key_client, complaint):
    read = bank_session.post(KEYS, {"name": "r", "scopes": ["read"]}, format="json").json()[
        "secret"
    ]
    client = key_client(read)
    refused = client.post(
        "/api/v1/institution/filings", filing_doc(1, complaint=complaint), format="json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "out_of_scope"
    assert not Filing.objects.exists()
    # Keys cannot manage keys or webhooks, whatever their scopes.
    assert client.get(KEYS).json()["code"] == "out_of_scope"
    assert (
        bank_session.post(KEYS, {"name": "x", "scopes": ["admin"]}, format="json").status_code
        == 400
    )


@pytest.mark.django_db
def test_rotation_and_revocation(bank_session, key_client):
    made = bank_session.post(KEYS, {"name": "k", "scopes": ["read"]}, format="json").json()
    rotated = bank_session.post(f"{KEYS}/{made['id']}/rotate").json()
    assert rotated["name"] == "k" and rotated["secret"] != made["secret"]
    assert key_client(made["secret"]).get("/api/v1/filings").status_code == 401
    assert key_client(rotated["secret"]).get("/api/v1/filings").status_code == 200
    assert bank_session.delete(f"{KEYS}/{rotated['id']}").status_code == 204
    assert key_client(rotated["secret"]).get("/api/v1/filings").status_code == 401
    again = bank_session.delete(f"{KEYS}/{rotated['id']}")
    assert again.status_code == 409 and again.json()["code"] == "key_revoked"


@pytest.mark.django_db
def test_per_key_rate_limit_and_request_log(bank_session, key_client):
    made = bank_session.post(
        KEYS, {"name": "slow", "scopes": ["read"], "rate_per_minute": 3}, format="json"
    ).json()
    client = key_client(made["secret"])
    statuses = [client.get("/api/v1/filings").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    log = bank_session.get(f"{KEYS}/{made['id']}/requests").json()
    assert [r["status"] for r in log] == [429, 200, 200, 200]
    assert {r["path"] for r in log} == {"/api/v1/filings"}
    assert KeyRequest.objects.count() == 4


@pytest.mark.django_db
def test_only_institutions_make_keys(demo):
    client = APIClient()
    client.force_login(demo["litigant"])
    answer = client.post(KEYS, {"name": "k", "scopes": ["read"]}, format="json")
    assert answer.status_code == 403 and answer.json()["code"] == "not_institution"


@pytest.mark.django_db
def test_idempotency_on_create(bank, bank_key, key_client, complaint):
    client = key_client(bank_key[1])
    doc = filing_doc(7, complaint=complaint)
    first = client.post(
        "/api/v1/institution/filings", doc, format="json", HTTP_IDEMPOTENCY_KEY="f-7"
    )
    assert first.status_code == 201, first.json()
    again = client.post(
        "/api/v1/institution/filings", doc, format="json", HTTP_IDEMPOTENCY_KEY="f-7"
    )
    assert again.status_code == 201 and again.json() == first.json()
    assert Filing.objects.count() == 1
    other = dict(doc, facts="别的事实")
    clash = client.post(
        "/api/v1/institution/filings", other, format="json", HTTP_IDEMPOTENCY_KEY="f-7"
    )
    assert clash.status_code == 422 and clash.json()["code"] == "idempotency_key_reused"
    assert Filing.objects.count() == 1
    # A failed create does not keep the key: the corrected request may reuse it.
    bad = dict(doc, court="火9999")
    assert (
        client.post(
            "/api/v1/institution/filings", bad, format="json", HTTP_IDEMPOTENCY_KEY="f-8"
        ).status_code
        == 400
    )
    ok = client.post(
        "/api/v1/institution/filings",
        filing_doc(8, complaint=complaint),
        format="json",
        HTTP_IDEMPOTENCY_KEY="f-8",
    )
    assert ok.status_code == 201
    # The ordinary endpoints honour it too.
    body = {"court": "沪0105"}
    one = client.post("/api/v1/filings", body, format="json", HTTP_IDEMPOTENCY_KEY="draft-1")
    two = client.post("/api/v1/filings", body, format="json", HTTP_IDEMPOTENCY_KEY="draft-1")
    assert one.json()["id"] == two.json()["id"]


@pytest.mark.django_db
def test_schema_is_published_and_is_what_validates(bank, bank_key, key_client, complaint, anon):
    schema = anon.get("/api/v1/schemas/filing/1.json")
    assert schema.status_code == 200
    assert schema.json()["$id"] == "/api/v1/schemas/filing/1.json"
    assert anon.get("/api/v1/schemas/filing/2.json").status_code == 404
    client = key_client(bank_key[1])
    doc = filing_doc(3, complaint=complaint)
    doc["parties"][0]["kind"] = "robot"  # not in the schema's enum
    answer = client.post("/api/v1/institution/filings", doc, format="json")
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["parties.0.kind"]
    doc = filing_doc(3, complaint=complaint)
    doc["surprise"] = 1
    assert (
        "non_field_errors"
        in client.post("/api/v1/institution/filings", doc, format="json").json()["errors"]
    )
    good = client.post(
        "/api/v1/institution/filings", filing_doc(3, complaint=complaint), format="json"
    )
    assert good.status_code == 201 and good.json()["status"] == "submitted"
    assert good.json()["number"]
