"""The issue form asks for exactly the details a template declares, pre-filled from the case;
the e-receipt is not issued by hand; a code printed on paper can be checked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from yunting.documents.catalogue import CATALOGUE
from yunting.documents.errors import DocumentError, DocumentErrorCode
from yunting.documents.models import Batch, IssuedDocument
from yunting.documents.services import batch_create, document_issue
from yunting.documents.verification import normalise_code, verify_code

pytestmark = pytest.mark.django_db


def _page(client, case, template=""):
    url = reverse("documents:case", args=[case.id])
    return client.get(url, {"template": template} if template else {}).content.decode()


@pytest.mark.parametrize("code", [c for c, k in CATALOGUE.items() if k.issuable])
def test_the_form_shows_exactly_the_declared_fields(code, issued_case, demo, client):
    client.force_login(demo["clerk"])
    page = _page(client, issued_case, code)
    for spec in CATALOGUE[code].fields:
        assert f'data-field="detail_{spec.name}"' in page
        assert str(spec.label) not in ("", spec.name)
    others = {f.name for k in CATALOGUE.values() for f in k.fields} - {
        f.name for f in CATALOGUE[code].fields
    }
    for name in others:
        assert f'name="detail_{name}"' not in page
    assert 'name="extra"' not in page and "hearing_time:" not in page


def test_fields_have_pickers_and_values_from_the_case(issued_case, demo, client):
    issued_case.acceptance_fee = Decimal("3300.00")
    issued_case.save(update_fields=["acceptance_fee"])
    client.force_login(demo["clerk"])
    summons = _page(client, issued_case, "summons")
    assert 'type="datetime-local" name="detail_hearing_time"' in summons
    assert issued_case.court.address in summons  # the place, pre-filled
    withdrawal = _page(client, issued_case, "withdrawal_ruling")
    assert 'type="date" name="detail_withdrawal_date"' in withdrawal
    payment = _page(client, issued_case, "payment_notice")
    assert 'name="detail_fee" value="3300.00"' in payment and 'step="0.01"' in payment


def test_required_details_are_asked_for(issued_case, demo, client):
    client.force_login(demo["clerk"])
    url = reverse("documents:case", args=[issued_case.id])
    response = client.post(url, {"template_code": "summons", "action": "issue"})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_money_and_days_are_printed_as_documents_write_them(issued_case, demo, client):
    client.force_login(demo["clerk"])
    url = reverse("documents:case", args=[issued_case.id])
    plaintiff = issued_case.parties.get(role="plaintiff")
    client.post(url, {"template_code": "payment_notice", "action": "issue",
                      "recipient": str(plaintiff.id), "detail_fee": "1650.5"})  # fmt: skip
    client.post(url, {"template_code": "acceptance_notice", "action": "issue",
                      "detail_payment_deadline_days": "15"})  # fmt: skip
    docs = {d.template_code: d for d in IssuedDocument.objects.all()}
    assert docs["payment_notice"].extra["fee"] == "1,650.50"
    assert docs["acceptance_notice"].extra["payment_deadline_days"] == "十五"


def test_the_receipt_is_not_issued_by_hand(issued_case, demo, client, court):
    client.force_login(demo["finance_officer"])
    page = _page(client, issued_case)
    assert 'value="fee_receipt"' not in page
    url = reverse("documents:case", args=[issued_case.id])
    response = client.post(url, {"template_code": "fee_receipt", "action": "issue"})
    assert response.status_code == 200
    assert not IssuedDocument.objects.filter(template_code="fee_receipt").exists()
    with pytest.raises(DocumentError) as err:
        batch_create(actor=demo["clerk"], court=court, template_code="fee_receipt",
                     case_ids=[issued_case.id])  # fmt: skip
    assert err.value.code == DocumentErrorCode.NOT_ISSUABLE
    assert not Batch.objects.exists()


def test_batch_documents_is_once_in_the_navigation(demo, client, court):
    from tests.cases.factories import make_case

    client.force_login(demo["clerk"])
    case = make_case(court=court)
    urls = [reverse("documents:batch_new"), reverse("workbench:home"),
            reverse("documents:case", args=[case.id])]  # fmt: skip
    for url in urls:
        page = client.get(url).content.decode()
        start = page.index('<nav class="sidebar"')
        nav = page[start : page.index("</nav>", start)]
        assert nav.count("批量制发文书") == 1, url
        assert page.count(f'href="{reverse("documents:batch_new")}"') == 1, url


def test_batch_asks_for_the_templates_details(court, demo, client):
    client.force_login(demo["clerk"])
    page = client.get(reverse("documents:batch_new"), {"template": "summons"}).content.decode()
    assert 'name="detail_hearing_time"' in page and 'name="extra"' not in page


# --- verification by code ------------------------------------------------------------------


def _issued(case, actor):
    with transaction.atomic():
        return document_issue(template_code="acceptance_notice", case=case, actor=actor)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("7k3qw 9xm2p", "7K3QW-9XM2P"), ("7K3QW9XM2P", "7K3QW-9XM2P"), ("7K3QW-9XM2O", "7K3QW-9XM20"),
     ("7K3QW-9XM2", ""), ("", ""), ("7K3QW-9XM2!", "")],
)  # fmt: skip
def test_codes_are_read_as_people_type_them(typed, expected):
    assert normalise_code(typed) == expected


def test_the_code_on_paper_is_checkable_on_the_page_it_names(issued_case, demo, client):
    doc = _issued(issued_case, demo["clerk"])
    typed = doc.verification_code.lower().replace("-", " ")
    response = client.post(reverse("documents:verify"), {"code": typed})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="code-found"' in page
    assert doc.title in page and issued_case.case_number in page and doc.sha256 in page
    assert f"{doc.ledger_seq}" in page
    assert "张三" not in page  # the record, not the parties' details
    by_link = client.get(reverse("documents:verify"), {"code": doc.verification_code})
    assert 'data-testid="code-found"' in by_link.content.decode()
    report = verify_code(doc.verification_code)
    assert report.recorded and report.ledger_sequence == doc.ledger_seq


def test_an_unknown_code_is_a_clear_error(db, client):
    response = client.post(reverse("documents:verify"), {"code": "ZZZZZ-ZZZZZ"})
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-field="code"' in page and "field-error" in page
    bad = client.post(reverse("documents:verify"), {"code": "<script>"})
    assert bad.status_code == 404 and "field-error" in bad.content.decode()
