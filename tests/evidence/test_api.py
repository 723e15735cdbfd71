from __future__ import annotations

import pytest

from yunting.evidence.models import Opinion

from .conftest import ADMIT_ALL, make_lawyer, pdf

pytestmark = pytest.mark.django_db


def test_api_lists_hide_other_drafts_and_apply_the_same_checks(running, client):
    s = running
    item = s["p_items"][0]
    client.force_login(s["d_lawyer"])
    r = client.post(
        f"/api/v1/evidence/items/{item.id}/opinions/",
        {**ADMIT_ALL, "authenticity": "dispute", "authenticity_reason": "签名存疑"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "draft"
    draft_id = r.json()["id"]
    own = client.get(f"/api/v1/evidence/cases/{s['case'].id}/items/").json()
    assert draft_id in [o["id"] for o in own["opinions"]]
    assert len(own["items"]) == 3 and own["mode"] == "asynchronous"

    # an opinion on one's own item: refused the same way as on the page
    r = client.post(
        f"/api/v1/evidence/items/{s['d_items'][0].id}/opinions/",
        {**ADMIT_ALL, "submit": True},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "own_item"

    client.force_login(s["p_lawyer"])
    other = client.get(f"/api/v1/evidence/cases/{s['case'].id}/items/").json()
    assert draft_id not in [o["id"] for o in other["opinions"]]
    assert client.post(f"/api/v1/evidence/opinions/{draft_id}/submit/").status_code == 404

    client.force_login(s["d_lawyer"])
    r = client.post(f"/api/v1/evidence/opinions/{draft_id}/submit/")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    r = client.post(f"/api/v1/evidence/opinions/{draft_id}/submit/")
    assert r.status_code == 409 and r.json()["code"] == "already_submitted"
    assert Opinion.objects.filter(status="submitted").count() == 1


def test_api_item_upload_and_foreign_case_404(running, client):
    s = running
    client.force_login(s["d_lawyer"])
    r = client.post(
        f"/api/v1/evidence/cases/{s['case'].id}/items/new/",
        {"name": "收据", "source": "被告", "purpose": "已还款", "file": _file(pdf("收据"))},
    )
    assert r.status_code == 201, r.content
    assert r.json()["number"] == 2
    r = client.post(
        f"/api/v1/evidence/cases/{s['case'].id}/items/new/",
        {"name": "收据", "source": "被告", "purpose": "已还款", "file": _file(b"plain text")},
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_upload"
    client.force_login(make_lawyer("13900000032", "钱律师"))
    assert client.get(f"/api/v1/evidence/cases/{s['case'].id}/items/").status_code == 404


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("f.pdf", data, content_type="application/pdf")
