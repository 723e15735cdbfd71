"""Large and concurrent input, the demo case, the API, and the app's translations."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest
from django.db import connection

from yunting.efile import services
from yunting.efile.errors import EfileError, EfileErrorCode
from yunting.efile.models import OcrStatus, VolumeKind

from .scans import blank_pdf

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_500_page_pdf_accepted_501_refused(accepted_case, clerk):
    item = services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(500), name="卷")
    assert item.pages == 500 and item.ocr_status == OcrStatus.PENDING
    with pytest.raises(EfileError) as err:
        services.item_upload(case=accepted_case, actor=clerk, data=blank_pdf(501), name="卷2")
    assert err.value.code == EfileErrorCode.BAD_UPLOAD and "500" in err.value.message


@pytest.mark.django_db(transaction=True)
def test_two_clerks_reorder_at_once(accepted_case, clerk):
    """Both start from the same version: one order wins whole, the other is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite serialises writers)")
    volume = accepted_case.efile.volumes.get(kind=VolumeKind.MAIN)
    ids = [str(i) for i in volume.items.order_by("position").values_list("id", flat=True)]
    orders = [ids[::-1], ids[1:] + ids[:1]]
    results: list = []
    barrier = threading.Barrier(2, timeout=60)  # a thread that never arrives breaks it

    def work(order):
        from django.db import connections

        try:
            barrier.wait()
            services.volume_reorder(volume=volume, order=order, version=volume.version, actor=clerk)
            results.append("ok")
        except EfileError as exc:
            results.append(exc.code)
        except Exception as exc:  # a broken barrier or anything else: shown by the assert
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(o,), daemon=True) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a reordering thread hung"
    assert sorted(results) == ["ok", EfileErrorCode.STALE]
    now = [str(i) for i in volume.items.order_by("position").values_list("id", flat=True)]
    assert now in orders


@pytest.mark.django_db
def test_demo_closed_case_archives_with_the_command(demo, tmp_path, settings):
    from django.core.management import call_command

    from yunting.efile.demo import seed_demo_efile
    from yunting.filing.demo import seed_demo_filings

    settings.KEYS_DIR = tmp_path / "keys"
    seed_demo_filings()
    number = seed_demo_efile()
    assert number
    assert seed_demo_efile() is None  # idempotent
    out = io.StringIO()
    call_command("efile", "archive", number, "--out", str(tmp_path / "a"), stdout=out)
    files = json.loads(out.getvalue())["files"]
    assert {"volume-main.pdf", "volume-sub.pdf", "manifest.pdf", "manifest.json"} <= set(files)
    out = io.StringIO()
    call_command("efile", "verify", str(tmp_path / "a"), stdout=out)
    assert json.loads(out.getvalue())["valid"]


@pytest.mark.django_db
def test_api_catalogue_and_search_scoped(client, accepted_case, other_case, demo):
    client.force_login(demo["lawyer"])
    r = client.get(f"/api/v1/efile/cases/{accepted_case.id}/main/")
    assert r.status_code == 200
    body = r.json()
    assert body["items"][0]["first_page"] == 1 and body["status"] == "open"
    assert client.get(f"/api/v1/efile/cases/{accepted_case.id}/sub/").status_code == 404
    assert client.get(f"/api/v1/efile/cases/{other_case.id}/main/").status_code == 404
    r = client.get("/api/v1/efile/search/", {"q": "受理通知书"})
    assert r.status_code == 200
    numbers = {h["case_number"] for h in r.json()["results"]}
    assert numbers == {accepted_case.case_number}
    r = client.get("/api/v1/efile/search/", {"q": "  "})
    assert r.status_code == 400 and r.json()["code"] == "no_query"


def test_efile_catalogue_is_translated():
    po = REPO / "src/yunting/efile/locale/zh_Hans/LC_MESSAGES/django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    bad = [e for e in entries if "#, fuzzy" in e or e.rstrip().endswith('msgstr ""')]
    assert not bad, bad[:3]
    assert po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime - 1
