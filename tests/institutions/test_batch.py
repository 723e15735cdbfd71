"""Batch filing through the API: 10,000 rows with 1 % bad rows, checked row by row; the good
rows wait in the review queue; sending the batch again creates nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.filing.factories import cached_pdf
from tests.institutions.helpers import BAD_FIELD, batch_lines, filing_doc
from yunting.filing.models import Filing, FilingStatus
from yunting.filing.selectors import filing_review_queue
from yunting.institutions.models import Batch, BatchFiling
from yunting.ledger.models import Entry

BATCHES = "/api/v1/institution/batches"


def _upload(client, name: str, data: bytes, **extra):
    return client.post(
        BATCHES, {"file": SimpleUploadedFile(name, data)}, format="multipart", **extra
    )


@pytest.mark.django_db(transaction=True)
def test_ten_thousand_rows_with_one_percent_bad(
    bank, bank_key, complaint, key_client, run_worker, demo
):
    client = key_client(bank_key[1])
    data, bad = batch_lines(10_000, complaint=complaint)
    assert len(bad) == 100
    answer = _upload(client, "loans.jsonl", data, HTTP_IDEMPOTENCY_KEY="batch-2026-12-01")
    assert answer.status_code == 201, answer.json()
    batch_id = answer.json()["id"]
    assert answer.json()["status"] == "queued"
    run_worker()

    batch = client.get(f"{BATCHES}/{batch_id}").json()
    assert batch["status"] == "done"
    assert (batch["total"], batch["created_count"], batch["rejected_count"]) == (10_000, 9_900, 100)
    report = client.get(f"{BATCHES}/{batch_id}/report").json()
    assert [r["row"] for r in report] == list(range(1, 10_001))
    numbers = set()
    for r in report:
        kind = bad.get(r["row"])
        assert r["ref"] == f"LOAN-{r['row']:06d}"
        if kind is None:
            assert r["status"] == "created", r
            numbers.add(r["number"])
        elif kind == "duplicate":
            assert (r["status"], r["code"]) == ("rejected", "duplicate_row")
            assert str(r["row"] - 1) in r["errors"]["non_field_errors"][0]
        else:
            assert r["status"] == "rejected"
            assert list(r["errors"]) == [BAD_FIELD[kind]], r
            assert r["detail"] == r["errors"][BAD_FIELD[kind]][0]
    assert len(numbers) == 9_900

    queue = filing_review_queue(user=demo["filing_officer"]).filter(batch_link__batch_id=batch_id)
    assert queue.count() == 9_900
    one = Filing.objects.get(number=report[0]["number"])
    assert one.status == FilingStatus.SUBMITTED and one.cause_code
    assert (
        one.parties.get(role="defendant").id_number
        == filing_doc(1, complaint="")["parties"][1]["id_number"]
    )
    assert one.attachments.get().sha256 == complaint
    assert Entry.objects.filter(event_type="filing.submitted").count() >= 9_900

    # The same batch again, with or without its idempotency key: nothing new.
    again = _upload(client, "loans.jsonl", data, HTTP_IDEMPOTENCY_KEY="batch-2026-12-01")
    assert again.status_code == 201 and again.json()["id"] == batch_id
    assert again["Idempotent-Replayed"] == "true"
    plain = _upload(client, "loans.jsonl", data)
    assert plain.status_code == 200 and plain.json()["id"] == batch_id
    run_worker()
    assert Batch.objects.count() == 1 and BatchFiling.objects.count() == 9_900

    xlsx = client.get(f"{BATCHES}/{batch_id}/report.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 10_000
    assert (
        rows[100][0] == 100 and rows[100][2] == "rejected" and rows[100][4] == BAD_FIELD[bad[100]]
    )


@pytest.mark.django_db(transaction=True)
def test_csv_with_zip_of_attachments_and_officer_sees_the_batch(
    bank, bank_key, key_client, run_worker, demo
):
    """CSV columns are the standard's paths; files come in a zip named by the manifest."""
    client = key_client(bank_key[1])
    header = [
        "ref",
        "court",
        "cause",
        "facts",
        "parties.0.role",
        "parties.0.kind",
        "parties.0.name",
        "parties.0.id_number",
        "parties.0.address",
        "parties.1.role",
        "parties.1.kind",
        "parties.1.name",
        "parties.1.id_number",
        "parties.1.address",
        "claims.0.text",
        "claims.0.amount",
        "documents.0.kind",
        "documents.0.name",
    ]
    rows = []
    for n in (1, 2, 3):
        d = filing_doc(n, complaint="")
        p, q = d["parties"]
        rows.append(
            [
                d["ref"],
                d["court"],
                d["cause"],
                d["facts"],
                p["role"],
                p["kind"],
                p["name"],
                p["id_number"],
                p["address"],
                q["role"],
                q["kind"],
                q["name"],
                q["id_number"],
                q["address"],
                "归还本金",
                str(1000 * n),
                "complaint",
                f"c{n}.pdf" if n < 3 else "missing.pdf",
            ]
        )
    text = io.StringIO()
    import csv

    csv.writer(text).writerows([header, *rows])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("c1.pdf", cached_pdf("起诉状一"))
        z.writestr("c2.pdf", cached_pdf("起诉状二"))
    answer = client.post(
        BATCHES,
        {
            "file": SimpleUploadedFile("cases.csv", text.getvalue().encode()),
            "attachments": SimpleUploadedFile("files.zip", archive.getvalue()),
        },
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    run_worker()
    report = client.get(f"{BATCHES}/{answer.json()['id']}/report").json()
    assert [r["status"] for r in report] == ["created", "created", "rejected"]
    assert list(report[2]["errors"]) == ["documents.0.sha256"]

    from django.test import Client

    officer = Client()
    officer.force_login(demo["filing_officer"])
    page = officer.get(f"/filing/review/?batch={answer.json()['id']}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "cases.csv" in body and report[0]["number"] in body and report[1]["number"] in body


@pytest.mark.django_db
def test_bad_uploads_are_refused_clearly(bank, bank_key, key_client):
    client = key_client(bank_key[1])
    answer = _upload(client, "loans.txt", b"{}")
    assert answer.status_code == 400 and answer.json()["code"] == "bad_format"
    answer = _upload(client, "loans.jsonl", b"   \n")
    assert answer.status_code == 400 and answer.json()["code"] == "empty_batch"
    answer = client.post(
        BATCHES,
        {
            "file": SimpleUploadedFile("a.jsonl", b'{"a": 1}\n'),
            "attachments": SimpleUploadedFile("z.zip", b"no zip"),
        },
        format="multipart",
    )
    assert answer.status_code == 201  # the zip is read in the background: the report says why
    assert Batch.objects.count() == 1
    _ = json


@pytest.mark.django_db
def test_demo_batch(demo):
    from yunting.institutions.demo import seed_demo_institutions

    assert seed_demo_institutions(cached_pdf) == 11
    assert seed_demo_institutions(cached_pdf) == 0
    batch = Batch.objects.get()
    assert [r["status"] for r in batch.report].count("rejected") == 1
    assert list(batch.report[-1]["errors"]) == ["court"]
