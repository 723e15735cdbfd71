"""Public API and pages, signing keys, the administrators' search and the case timeline."""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.ledger.ledger_helpers import SampleEvent
from yunting.ledger import keys, merkle, services
from yunting.ledger.events import LedgerEvent
from yunting.ledger.models import Entry, SignedTreeHead
from yunting.ledger.selectors import Mark, case_timeline
from yunting.ledger.services import Record, record, record_many

PDF = b"%PDF-1.7\n% judgment of the court\n"


def _record_pdf(**kwargs) -> Entry:
    with transaction.atomic():
        entry = record(SampleEvent.DOCUMENT_FILED, payload={"secret": "张三的身份证号"}, **kwargs)
    return entry


def _fill(n: int) -> None:
    with transaction.atomic():
        record_many([Record(SampleEvent.NOTE, {"i": i}) for i in range(n)])


@pytest.fixture
def api():
    return Client()


# --- keys and signed heads ------------------------------------------------------------------


@pytest.mark.django_db
def test_key_is_generated_on_first_use_with_mode_0600(keys_dir):
    _fill(3)
    sth = services.sign_tree_head()
    kid = keys.active_key_id()
    private = keys_dir / "ledger" / f"ed25519-{kid}.key"
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert kid == hashlib.sha256(keys.public_keys()[kid]).hexdigest()[:16]
    assert sth.key_id == kid and services.sth_is_valid(sth)
    assert services.sign_tree_head().pk == sth.pk  # nothing new: no new head


@pytest.mark.django_db
def test_rotation_keeps_old_heads_verifiable(keys_dir):
    _fill(2)
    first = services.sign_tree_head()
    old, new = services.signing_key_rotate()
    assert old == first.key_id and new != old
    assert not (keys_dir / "ledger" / f"ed25519-{old}.key").exists()  # private key retired
    second = services.sign_tree_head()
    assert second.key_id == new and second.tree_size == 3  # the rotation is itself recorded
    assert services.sth_is_valid(first) and services.sth_is_valid(second)
    assert Entry.objects.get(seq=3).event_type == LedgerEvent.KEY_ROTATED
    tampered = SignedTreeHead(**{f.attname: getattr(first, f.attname) for f in first._meta.fields})
    tampered.tree_size += 1
    assert not services.sth_is_valid(tampered)


# --- API ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sth_endpoint(api):
    url = reverse("ledger_api:sth")
    response = api.get(url)
    assert response.status_code == 404 and response.json()["code"] == "no_signed_head"
    _fill(5)
    services.sign_tree_head()
    data = api.get(url).json()
    assert data["tree_size"] == 5
    assert data["root_hash"] == merkle.root([e.leaf.encode() for e in Entry.objects.all()]).hex()
    assert data["public_key"] == keys.public_keys()[data["key_id"]].hex()
    message = services.sth_message(
        tree_size=5,
        root_hash=data["root_hash"],
        timestamp_ms=data["timestamp_ms"],
        key_id=data["key_id"],
    )
    assert keys.verify(bytes.fromhex(data["public_key"]), bytes.fromhex(data["signature"]), message)


@pytest.mark.django_db
def test_inclusion_endpoint(api, demo, court):
    base = Entry.objects.count()  # the demo data's own entries come first
    _fill(6)
    entry = _record_pdf(actor=demo["judge"], court=court, case=uuid.uuid4(), documents=[PDF])
    _fill(4)
    services.sign_tree_head()
    url = reverse("ledger_api:inclusion")
    for h in (hashlib.sha256(PDF).hexdigest(), entry.leaf_hash, entry.leaf_hash.upper()):
        data = api.get(url, {"hash": h}).json()
        (item,) = data["entries"]
        sth = data["signed_tree_head"]
        assert item["sequence"] == base + 7
        proof = [bytes.fromhex(p) for p in item["inclusion_proof"]]
        assert merkle.verify_inclusion_by_hash(
            bytes.fromhex(item["leaf_hash"]),
            item["leaf_index"],
            sth["tree_size"],
            proof,
            bytes.fromhex(sth["root_hash"]),
        )
        if h == hashlib.sha256(PDF).hexdigest():  # the caller holds the document: the leaf
            assert item["event_type"] == SampleEvent.DOCUMENT_FILED and item["content_disclosed"]
            assert merkle.leaf_hash(item["leaf"].encode()).hex() == item["leaf_hash"]
        else:  # a bare leaf hash (readable off consistency proofs) discloses nothing more
            assert not item["content_disclosed"]
            assert not {"leaf", "event_type", "document_hashes", "recorded_at"} & set(item)
            assert hashlib.sha256(PDF).hexdigest() not in str(data)
        text = str(data)
        assert "张三" not in text and str(demo["judge"].id) not in text and "刘法官" not in text
        assert str(court.id) not in text
    missing = api.get(url, {"hash": "0" * 64})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    for bad in ({}, {"hash": ""}, {"hash": "xyz"}, {"hash": "0" * 63}, {"hash": "g" * 64}):
        response = api.get(url, bad)
        assert response.status_code == 400
        assert response.json()["code"] == "bad_hash" and response.json()["detail"]


@pytest.mark.django_db
def test_consistency_endpoint(api):
    url = reverse("ledger_api:consistency")
    assert api.get(url, {"first": 1, "second": 1}).json()["code"] == "no_signed_head"
    _fill(5)
    old = services.sign_tree_head()
    _fill(8)
    new = services.sign_tree_head()
    data = api.get(url, {"first": old.tree_size, "second": new.tree_size}).json()
    assert merkle.verify_consistency(
        old.tree_size,
        new.tree_size,
        bytes.fromhex(old.root_hash),
        bytes.fromhex(new.root_hash),
        [bytes.fromhex(p) for p in data["consistency_proof"]],
    )
    assert data["first_root_hash"] == old.root_hash and data["second_root_hash"] == new.root_hash
    for bad in (
        {},
        {"first": "a", "second": "3"},
        {"first": "3"},
        {"first": 4, "second": 3},
        {"first": -1, "second": 3},
        {"first": 1, "second": 14},
        {"first": "1.5", "second": "3"},
    ):
        response = api.get(url, bad)
        assert response.status_code == 400, bad
        assert response.json()["code"] == "bad_size"


@pytest.mark.django_db
def test_public_endpoints_ignore_bad_tokens_and_keys_are_listed(api):
    _fill(1)
    services.sign_tree_head()
    response = api.get(reverse("ledger_api:sth"), HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 200
    keys_list = api.get(reverse("ledger_api:keys")).json()["keys"]
    assert [k["active"] for k in keys_list] == [True]


def test_openapi_schema_lists_the_ledger_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert {"/api/v1/ledger/sth", "/api/v1/ledger/proof/inclusion"} <= set(paths)


# --- public verification page ---------------------------------------------------------------


@pytest.mark.django_db
def test_verify_page_by_upload_and_by_hash(client, demo, court):
    entry = _record_pdf(actor=demo["judge"], court=court, documents=[PDF])
    services.sign_tree_head()
    url = reverse("ledger:verify")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("judgment.pdf", PDF)})
    html = response.content.decode()
    assert 'data-status="found"' in html
    t = entry.time.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{t.year}年{t.month}月{t.day}日 {t:%H:%M:%S}" in html  # Beijing time
    assert "张三" not in html and "刘法官" not in html  # no payload, no actor
    response = client.post(url, {"sha256": hashlib.sha256(b"other").hexdigest()})
    assert 'data-status="not-found"' in response.content.decode()
    response = client.post(url, {"sha256": "nope"})
    assert "data-status" not in response.content.decode() and response.status_code == 200
    download = client.get(reverse("ledger:verify_proof_json"), {"hash": entry.leaf_hash})
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert download.json()["entries"][0]["sequence"] == entry.seq


# --- staff pages and selectors --------------------------------------------------------------


@pytest.mark.django_db
def test_event_search_for_court_admin_only(client, demo, court):
    from yunting.courts.models import Court

    other_court = Court.objects.exclude(pk=court.pk).first()
    case_id = uuid.uuid4()
    base = Entry.objects.count()  # the demo data's own entries come first

    def seq(n: int) -> str:
        return f'data-seq="{base + n}"'

    with transaction.atomic():
        for i in range(60):
            record(SampleEvent.NOTE, actor=demo["judge"], court=court, payload={"i": i})
        record(
            SampleEvent.DOCUMENT_FILED, actor=demo["clerk"], court=court, case=case_id, payload={}
        )
        record(SampleEvent.DOCUMENT_FILED, court=other_court, payload={"other": True})
    url = reverse("ledger:events")
    client.force_login(demo["court_admin"])
    html = client.get(url).content.decode()
    assert seq(61) in html and seq(62) not in html  # the other court's entry is hidden
    html = client.get(url, {"page": 2}).content.decode()
    assert seq(1) in html
    html = client.get(url, {"case_id": str(case_id)}).content.decode()
    assert seq(61) in html and seq(60) not in html
    html = client.get(url, {"actor": demo["clerk"].name[:2]}).content.decode()
    assert seq(61) in html and seq(1) not in html
    html = client.get(url, {"event_type": SampleEvent.DOCUMENT_FILED}).content.decode()
    assert seq(61) in html and seq(2) not in html
    assert client.get(url, {"case_id": "not-a-uuid"}).status_code == 200
    assert client.get(url, {"date_from": "2000-01-01", "date_to": "2000-01-02"}).status_code == 200
    for role in ("litigant", "judge"):
        client.force_login(demo[role])
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_case_timeline_marks_entries(demo, court, drop_ledger_triggers):
    from django.template.loader import render_to_string

    case_id = uuid.uuid4()
    base = Entry.objects.count()  # the demo data's own entries come first
    with transaction.atomic():
        for i in range(3):
            record(
                SampleEvent.NOTE, actor=demo["judge"], court=court, case=case_id, payload={"i": i}
            )
    services.sign_tree_head()
    with transaction.atomic():
        record(SampleEvent.NOTE, court=court, case=case_id, payload={"late": True})
    timeline = case_timeline(case_id=case_id, user=demo["judge"])
    assert [t.mark for t in timeline] == [Mark.VERIFIED] * 3 + [Mark.PENDING]
    assert case_timeline(case_id=case_id, user=demo["litigant"]) == []
    html = render_to_string("ledger/_timeline.html", {"timeline": timeline})
    assert html.count("✓") == 3 and demo["judge"].name in html
    drop_ledger_triggers("ledger_entry")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "UPDATE ledger_entry SET private = replace(private, '\"i\":1', '\"i\":7') "
            "WHERE seq = %s",
            [base + 2],
        )
    marks = [t.mark for t in case_timeline(case_id=case_id, user=demo["judge"])]
    assert marks == [Mark.VERIFIED, Mark.FAILED, Mark.VERIFIED, Mark.PENDING]


@pytest.mark.django_db
def test_verify_page_by_leaf_hash_withholds_the_content(client, demo, court):
    entry = _record_pdf(actor=demo["judge"], court=court, documents=[PDF, "b" * 64])
    services.sign_tree_head()
    html = client.post(reverse("ledger:verify"), {"sha256": entry.leaf_hash}).content.decode()
    assert 'data-status="found"' in html and 'data-testid="content-withheld"' in html
    assert "b" * 64 not in html and hashlib.sha256(PDF).hexdigest() not in html
    assert 'data-testid="event-label"' not in html


def test_stored_files_are_never_served_as_static_media(settings):
    """Even with DEBUG on (the demo's default), /media/ resolves to nothing: stored files are
    reachable only through views that check the reader."""
    import importlib

    from django.urls import Resolver404, clear_url_caches, resolve

    import yunting.urls

    settings.DEBUG = True
    try:
        importlib.reload(yunting.urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(f"{settings.MEDIA_URL}filing/ab/cd/{'ab' * 32}.pdf")
    finally:
        settings.DEBUG = False
        importlib.reload(yunting.urls)
        clear_url_caches()
