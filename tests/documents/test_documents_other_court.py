"""Staff of another court (沪0106) see none of 沪0105's issued documents or batches
(documents/selectors.py). Each negative check has its positive twin at the case's court."""

from __future__ import annotations

import pytest
from django.http import Http404

from yunting.documents import selectors
from yunting.documents.services import batch_create, batch_run, document_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def summons(issued_case, demo):
    return document_issue(template_code="summons", case=issued_case, actor=demo["clerk"])


def test_documents_of_another_court_are_404_for_its_staff(demo, jingan, issued_case, summons):
    for role in ("judge", "clerk", "filing_officer", "court_admin"):
        outsider = jingan[role]
        assert not selectors.document_list_for_user(user=outsider).exists()
        assert not selectors.case_documents(user=outsider, case=issued_case).exists()
        with pytest.raises(Http404):
            selectors.document_get_for_user(user=outsider, document_id=summons.id)
    clerk = demo["clerk"]
    assert selectors.document_get_for_user(user=clerk, document_id=summons.id) == summons
    assert summons in selectors.case_documents(user=clerk, case=issued_case)


def test_batches_of_another_court_are_404_for_its_staff(
    demo, jingan, court, issued_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = batch_create(
            actor=demo["clerk"],
            court=court,
            template_code="summons",
            case_ids=[issued_case.id],
        )
    batch_run(batch_id=batch.id, workers=1)
    for role in ("judge", "clerk", "court_admin"):
        outsider = jingan[role]
        assert not selectors.batch_list_for_user(user=outsider).exists()
        with pytest.raises(Http404):
            selectors.batch_get_for_user(user=outsider, batch_id=batch.id)
    assert selectors.batch_get_for_user(user=demo["clerk"], batch_id=batch.id) == batch
    assert list(selectors.batch_list_for_user(user=demo["clerk"])) == [batch]


def test_issuing_a_document_tells_the_listeners_inside_the_transaction(demo, issued_case):
    from yunting.documents.models import IssuedDocument
    from yunting.documents.signals import document_issued

    heard = []

    def listener(sender, document, actor, **kwargs):
        heard.append((document.pk, IssuedDocument.objects.filter(pk=document.pk).exists(), actor))

    document_issued.connect(listener)
    try:
        defendant = issued_case.parties.get(role="defendant")
        doc = document_issue(
            template_code="summons", case=issued_case, actor=demo["clerk"], recipient=defendant
        )
    finally:
        document_issued.disconnect(listener)
    assert heard == [(doc.pk, True, demo["clerk"])]
    assert doc.recipient == defendant
