"""Acceptance in two phases (issue 13): the case is fixed and usable at once; its notices
are made by the worker after commit, retried when rendering fails, and shown when they fail;
batch acceptance goes on past a bad filing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.filing.factories import complete_filing
from yunting.documents.models import (
    DocumentRequest,
    DocumentRequestStatus,
    DocumentTemplate,
    IssuedDocument,
)
from yunting.documents.requests import document_request_run, document_requests_run_pending
from yunting.documents.services import template_save
from yunting.filing import services
from yunting.filing.batch import acceptance_batch_create, acceptance_batch_run
from yunting.filing.events import FilingEvent
from yunting.filing.models import AcceptanceBatchItemStatus, FilingStatus
from yunting.ledger.models import Entry


def _submitted(demo, court, user=None):
    user = user or demo["lawyer"]
    filing = complete_filing(user=user, court=court, as_lawyer=user == demo["lawyer"])
    return services.filing_submit(filing=filing, user=user)


def _documents_tab(client, user, case) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:detail", args=[case.id]), {"tab": "documents"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_case_is_usable_while_its_notices_are_prepared(demo, court, client, run_worker):
    filing = _submitted(demo, court)
    case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
    # phase one: number, fee order, judge, ledger — and no PDF made yet
    assert case.case_number and case.judge_id and case.fee_orders.count() == 1
    assert Entry.objects.filter(event_type=FilingEvent.ACCEPTED, case_id=case.id).exists()
    requests = DocumentRequest.objects.filter(case=case)
    assert sorted(requests.values_list("template_code", flat=True)) == [
        "acceptance_notice",
        "payment_notice",
    ]
    assert set(requests.values_list("status", flat=True)) == {DocumentRequestStatus.PENDING}
    assert not IssuedDocument.objects.filter(case=case).exists()
    page = _documents_tab(client, demo["lawyer"], case)
    assert page.count('data-testid="request-pending"') == 2
    assert "正在制作" in page
    # the lawyer can already use the case: the fee order is there to pay
    order = case.fee_orders.get()
    fees = client.get(reverse("fees:order", args=[order.id]))
    assert fees.status_code == 200 and order.reference in fees.content.decode()

    run_worker()  # phase two: the real task worker runs the tasks enqueued on commit

    assert set(requests.values_list("status", flat=True)) == {DocumentRequestStatus.DONE}
    docs = IssuedDocument.objects.filter(case=case)
    assert sorted(d.template_code for d in docs) == ["acceptance_notice", "payment_notice"]
    order.refresh_from_db()
    assert order.notice.template_code == "payment_notice"  # tied to its order once issued
    page = _documents_tab(client, demo["lawyer"], case)
    assert 'data-testid="request-pending"' not in page
    assert page.count('data-testid="document-row"') == 2


def test_a_render_failure_is_retried_then_shown_and_can_be_sent_again(demo, court, client):
    admin = demo["court_admin"]
    body = DocumentTemplate.objects.get(code="acceptance_notice", court__isnull=True).body
    own = template_save(code="acceptance_notice", body=body, actor=admin, court=court)
    # a stored version that no longer compiles (e.g. damaged in the database)
    DocumentTemplate.objects.filter(pk=own.pk).update(body="{% if %}broken")
    filing = _submitted(demo, court)
    case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
    notice = DocumentRequest.objects.get(case=case, template_code="acceptance_notice")

    notice = document_request_run(request_id=notice.id, backoff=())
    assert notice.status == DocumentRequestStatus.FAILED
    assert notice.attempts == DocumentRequest.MAX_ATTEMPTS
    assert "Unexpected end of expression" in notice.last_error
    assert document_requests_run_pending(case=case) == 1  # the payment notice is unaffected
    assert list(IssuedDocument.objects.filter(case=case).values_list("template_code", flat=True))
    assert IssuedDocument.objects.filter(case=case).count() == 1

    officer_page = _documents_tab(client, demo["filing_officer"], case)
    assert 'data-testid="request-failed"' in officer_page
    assert "Unexpected end of expression" in officer_page
    client.force_login(demo["filing_officer"])
    queue = client.get(reverse("filing:review_queue")).content.decode()
    assert 'data-testid="failed-requests"' in queue and case.case_number in queue
    party_page = _documents_tab(client, demo["lawyer"], case)
    assert "Unexpected end" not in party_page and "正在制作" in party_page

    # the administrator repairs the template; the officer sends the notice again
    template_save(code="acceptance_notice", body=body, actor=admin, court=court)
    client.force_login(demo["filing_officer"])
    response = client.post(reverse("documents:request_retry", args=[notice.id]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == DocumentRequestStatus.PENDING
    again = client.post(reverse("documents:request_retry", args=[notice.id]))  # not failed now
    assert again.status_code == 302
    assert document_requests_run_pending(case=case) == 1
    notice.refresh_from_db()
    assert notice.status == DocumentRequestStatus.DONE and notice.document is not None
    assert IssuedDocument.objects.filter(case=case).count() == 2


def test_staff_of_another_court_cannot_resend_a_request(demo, court, client, jingan):
    filing = _submitted(demo, court)
    case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
    row = DocumentRequest.objects.filter(case=case).first()
    client.force_login(jingan["filing_officer"])
    assert client.post(reverse("documents:request_retry", args=[row.id])).status_code == 404


def test_batch_acceptance_reports_the_bad_filing_and_accepts_the_rest(demo, court):
    officer = demo["filing_officer"]
    filings = [_submitted(demo, court) for _ in range(3)]
    batch = acceptance_batch_create(officer=officer, filing_ids=[f.id for f in filings])
    # between choosing and running, a colleague refuses the second filing
    services.filing_refuse(filing=filings[1], officer=officer, reason="不属于本院管辖")
    batch = acceptance_batch_run(batch_id=batch.id)
    assert (batch.total, batch.accepted, batch.failed, batch.percent) == (3, 2, 1, 100)
    items = list(batch.items.order_by("position"))
    assert [i.status for i in items] == [
        AcceptanceBatchItemStatus.ACCEPTED,
        AcceptanceBatchItemStatus.FAILED,
        AcceptanceBatchItemStatus.ACCEPTED,
    ]
    assert "不予受理" in items[1].error or "Not accepted" in items[1].error
    assert items[0].case.case_number != items[2].case.case_number
    accepted = Entry.objects.filter(event_type=FilingEvent.ACCEPTED)
    assert accepted.count() == 2  # one ledger event per acceptance
    filings[1].refresh_from_db()
    assert filings[1].status == FilingStatus.REFUSED and filings[1].case is None


def test_batch_refuses_filings_outside_the_officers_queue(demo, court, jingan):
    from yunting.core.errors import YuntingError

    filing = _submitted(demo, court)
    with pytest.raises(YuntingError) as exc:
        acceptance_batch_create(officer=jingan["filing_officer"], filing_ids=[filing.id])
    assert exc.value.code == "batch_not_in_queue"
    with pytest.raises(YuntingError) as exc:
        acceptance_batch_create(officer=demo["filing_officer"], filing_ids=[])
    assert exc.value.code == "batch_empty"
    with pytest.raises(YuntingError) as exc:
        acceptance_batch_create(officer=demo["filing_officer"], filing_ids=["not-a-uuid"])
    assert exc.value.code == "batch_not_in_queue"


def test_batch_pages_show_progress_and_rows(demo, court, client, jingan):
    officer = demo["filing_officer"]
    filings = [_submitted(demo, court) for _ in range(2)]
    client.force_login(officer)
    response = client.post(reverse("filing:batch_start"), {"filing": [str(f.id) for f in filings]})
    assert response.status_code == 302
    batch_url = response["Location"]
    page = client.get(batch_url).content.decode()
    assert "0%" in page and page.count('data-testid="batch-row"') == 2
    from yunting.filing.models import AcceptanceBatch

    batch = AcceptanceBatch.objects.get()
    acceptance_batch_run(batch_id=batch.id)
    status = client.get(reverse("filing:batch_status", args=[batch.id])).content.decode()
    assert "100%" in status and "hx-get" not in status  # stops polling when done
    client.force_login(jingan["filing_officer"])
    assert client.get(batch_url).status_code == 404


def _filed_attachments(case):
    from yunting.efile.models import Item

    return Item.objects.filter(volume__efile__case=case, source="filing_attachment")


@pytest.mark.django_db(transaction=True)
def test_the_filing_papers_reach_the_efile_through_the_worker(demo, court, run_worker):
    """Reading and filing the attachments (pypdf) is phase two: the e-file exists at
    acceptance, the worker files every attachment once, and a second run files nothing."""
    from yunting.efile.models import Efile
    from yunting.efile.services import efile_ingest_pending, efile_ingest_run_pending

    filing = _submitted(demo, court)
    case = services.filing_accept(filing=filing, officer=demo["filing_officer"])
    assert Efile.objects.filter(case=case).exists()
    assert not _filed_attachments(case).exists()
    assert efile_ingest_pending(case=case) == [filing.id]

    run_worker()

    attachments = {str(a.id): a.sha256 for a in filing.attachments.all()}
    filed = _filed_attachments(case)
    assert attachments and {i.source_id: i.sha256 for i in filed} == attachments
    assert all(i.added_by_id == demo["filing_officer"].id for i in filed)
    assert efile_ingest_pending(case=case) == []
    assert efile_ingest_run_pending(case=case) == 0  # a drained queue run again: nothing twice
    assert filed.count() == len(attachments)
