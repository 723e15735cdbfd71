"""Batches: many cases, one template, failures kept per case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yunting.documents import pdfwork
from yunting.documents.events import DocumentEvent
from yunting.documents.models import Batch, BatchItem, IssuedDocument
from yunting.documents.services import batch_create, batch_run
from yunting.ledger.models import Entry


def _cases(court, n):
    from tests.cases.factories import make_case

    return [make_case(court=court) for _ in range(n)]


@pytest.mark.django_db
def test_a_failing_case_is_listed_and_the_batch_goes_on(
    court, demo, monkeypatch, django_capture_on_commit_callbacks
):
    cases = _cases(court, 4)
    real = pdfwork.render_and_sign

    def flaky(html, specs):
        if cases[1].case_number in html:
            raise RuntimeError("renderer crashed")
        return real(html, specs)

    monkeypatch.setattr(pdfwork, "render_and_sign", flaky)
    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_create(
            actor=demo["clerk"], court=court, template_code="acceptance_notice",
            case_ids=[c.id for c in cases],
        )  # fmt: skip
    batch = batch_run(batch_id=batch.id, workers=1)
    assert (batch.total, batch.succeeded, batch.failed, batch.percent) == (4, 3, 1, 100)
    failed = BatchItem.objects.get(batch=batch, status="failed")
    assert failed.case == cases[1] and "renderer crashed" in failed.error
    assert IssuedDocument.objects.filter(batch=batch).count() == 3
    assert Entry.objects.filter(event_type=DocumentEvent.BATCH_FINISHED).count() == 1


@pytest.mark.django_db
def test_batch_in_worker_processes(court, demo, django_capture_on_commit_callbacks):
    cases = _cases(court, 3)
    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_create(
            actor=demo["clerk"], court=court, template_code="summons",
            case_ids=[c.id for c in cases],
        )  # fmt: skip
    batch = batch_run(batch_id=batch.id, workers=2)
    assert (batch.succeeded, batch.failed) == (3, 0)
    from django.core.files.storage import default_storage

    from yunting.documents.verification import verify_pdf

    for doc in IssuedDocument.objects.filter(batch=batch):
        assert verify_pdf(default_storage.open(doc.storage_path).read()).valid


@pytest.mark.django_db
def test_batch_refuses_cases_of_another_court(court, demo):
    from yunting.courts.models import Court
    from yunting.documents.errors import DocumentError

    other = _cases(Court.objects.get(code="沪0106"), 1)
    with pytest.raises(DocumentError) as raised:
        batch_create(actor=demo["clerk"], court=court, template_code="summons",
                     case_ids=[other[0].id])  # fmt: skip
    assert raised.value.code == "not_court_staff"
    with pytest.raises(DocumentError) as raised:
        batch_create(actor=demo["clerk"], court=court, template_code="summons", case_ids=[])
    assert raised.value.code == "no_cases"
    assert not Batch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_batch_page_runs_through_the_real_worker(court, demo, client, run_worker):
    cases = _cases(court, 3)
    client.force_login(demo["clerk"])
    page = client.get(reverse("documents:batch_new"))
    assert page.status_code == 200
    for case in cases:
        assert case.case_number in page.content.decode()  # accepted today: the default filter
    response = client.post(
        reverse("documents:batch_new"),
        {"template_code": "acceptance_notice", "cases": [str(c.id) for c in cases]},
    )
    assert response.status_code == 302
    batch = Batch.objects.get()
    status = client.get(reverse("documents:batch_status", args=[batch.id])).content.decode()
    assert "hx-trigger" in status  # still polling
    run_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.succeeded, batch.percent) == ("done", 3, 100)
    status = client.get(reverse("documents:batch_status", args=[batch.id])).content.decode()
    assert "100%" in status and "hx-trigger" not in status
    client.force_login(demo["litigant"])
    assert client.get(reverse("documents:batch", args=[batch.id])).status_code == 404
    assert batch.created_at <= batch.started_at <= batch.finished_at
