"""What the notices look like on paper: one page each, the court's account and the article
behind a halved fee, the receipt's headers whole, and the full verification address."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from pypdf import PdfReader

from tests.cases.factories import make_case
from yunting.documents.services import document_issue

pytestmark = pytest.mark.django_db


def _pdf(doc) -> PdfReader:
    with default_storage.open(doc.storage_path, "rb") as fh:
        return PdfReader(io.BytesIO(fh.read()))


def _lines(reader: PdfReader) -> list[str]:
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def _flat(reader: PdfReader) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def summary_case(court, demo):
    court.fee_account_name = "上海市长宁区人民法院"
    court.fee_bank = "中国工商银行上海市长宁支行"
    court.fee_account = "1001 2345 6789 0123 456"
    court.save()
    case = make_case(court=court, actor=demo["filing_officer"], procedure="summary")
    case.judge, case.clerk = demo["judge"], demo["clerk"]
    case.save(update_fields=["judge", "clerk"])
    return case


def _issue(case, actor, code, **kw):
    with transaction.atomic():
        return document_issue(
            template_code=code,
            case=case,
            actor=actor,
            recipient=case.parties.get(role="plaintiff"),
            **kw,
        )


@pytest.mark.parametrize("code", ["acceptance_notice", "payment_notice"])
def test_notices_fit_one_page(code, summary_case, demo):
    extra = {"fee": "1,650.00", "reference": "YT-TEST-0001"} if code == "payment_notice" else {}
    reader = _pdf(_issue(summary_case, demo["filing_officer"], code, extra=extra))
    assert len(reader.pages) == 1, _lines(reader)
    text = _flat(reader)
    assert "上海市长宁区人民法院" in text and "二〇" in text  # closing and date on that page


def test_payment_notice_gives_the_account_and_the_article_of_the_halving(summary_case, demo):
    doc = _issue(summary_case, demo["filing_officer"], "payment_notice", extra={"fee": "1,650.00"})
    text = _flat(_pdf(doc))
    assert "中国工商银行上海市长宁支行" in text
    assert "1001234567890123456" in text
    assert "第十六条" in text and "简易程序" in text
    assert "1,650.00" in text


def test_footer_carries_the_full_verification_url(summary_case, demo, settings):
    settings.YUNTING_SITE_URL = "https://ssfw.cnsfy.example.court"
    doc = _issue(summary_case, demo["filing_officer"], "acceptance_notice")
    text = _flat(_pdf(doc))
    assert "https://ssfw.cnsfy.example.court/documents/verify/" in text
    assert doc.verification_code in text


def test_receipt_headers_and_cashier_do_not_break_mid_word(summary_case, demo):
    doc = _issue(
        summary_case,
        demo["finance_officer"],
        "fee_receipt",
        extra={"amount": "1,650.00", "payer": "张三", "cashier": "钱财务", "receipt_number": "R1"},
    )
    lines = _lines(_pdf(doc))
    joined = "\n".join(lines)
    for header in ("项目名称", "金额（元）", "收款人：钱财务"):
        assert any(header in line for line in lines), joined
    assert "复核人" not in joined  # no reviewer named: no empty 复核人 blank
    flat = "".join(joined.split())
    assert "/fees/receipts/check/" in flat and doc.verification_code in flat
