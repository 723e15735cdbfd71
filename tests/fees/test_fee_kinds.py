"""The acceptance fee follows the cause of action (《诉讼费用交纳办法》第十三条), computed in
fees.services.acceptance_result from rules.fee_kinds, with the officer's override at
re-assessment; a claim for unpaid wages needs no prepayment (第二十条)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.filing.factories import complete_filing
from yunting.documents.requests import document_requests_run_pending
from yunting.fees import services
from yunting.fees.models import FeeOrder
from yunting.fees.services.overdue import overdue_q
from yunting.filing import services as filing_services
from yunting.rules.fee_kinds import acceptance_fee, fee_kind_for_cause


def accept_with_cause(demo, court, *, cause_name: str, cause_code: str, amount: str):
    user = demo["lawyer"]
    filing = complete_filing(user=user, court=court, as_lawyer=True, amount=amount)
    filing_services.filing_update_basics(
        filing=filing,
        user=user,
        court=court,
        cause_name=cause_name,  # the service takes the catalogue entry of this exact name
        facts="原告与被告之间的纠纷，事实与理由详见起诉状。",
    )
    filing_services.filing_submit(filing=filing, user=user)
    case = filing_services.filing_accept(filing=filing, officer=demo["filing_officer"])
    document_requests_run_pending(case=case)  # the notices, made after commit by the worker
    return case


@pytest.mark.parametrize(
    ("cause_name", "cause_code", "amount", "fee", "basis"),
    [
        # 离婚纠纷 claiming 300,000 of property: Art. 13(2)1, 50 per case (the lower bound) +
        # 0.5 % × (300,000 − 200,000) = 50 + 500 = 550.00 — not 5,800.00 as a property case
        # (50 + 90,000 × 2.5 % + 100,000 × 2 % + 100,000 × 1.5 % = 5,800).
        ("离婚纠纷", "14", "300000", "550.00", "第十三条第（二）项第1目"),
        # 名誉权纠纷 with 80,000 damages: Art. 13(2)2, 100 per case + 1 % × (80,000 − 50,000)
        # = 100 + 300 = 400.00 — not 1,800.00 (50 + 70,000 × 2.5 %).
        ("名誉权纠纷", "6", "80000", "400.00", "第十三条第（二）项第2目"),
        # 劳动争议 (经济补偿金纠纷) claiming 40,000: Art. 13(4), 10 per case — not 1,050.00.
        ("经济补偿金纠纷", "205(6)", "40000", "10.00", "第十三条第（四）项"),
    ],
)
def test_acceptance_fee_kind_follows_the_cause(
    demo, court, cause_name, cause_code, amount, fee, basis
):
    case = accept_with_cause(
        demo, court, cause_name=cause_name, cause_code=cause_code, amount=amount
    )
    assert case.acceptance_fee == Decimal(fee)
    order = case.fee_orders.get()
    assert order.amount == Decimal(fee)
    assert basis in order.basis
    assert order.breakdown["fee_kind_source"] == "cause"
    assert order.due_date is not None
    # The acceptance notice states the same figure (one definition: rules.fee_kinds).
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    from yunting.documents.models import IssuedDocument

    notice = IssuedDocument.objects.filter(case=case, template_code="acceptance_notice").first()
    with default_storage.open(notice.storage_path, "rb") as fh:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
        text = text.replace("\n", "")  # lines wrap anywhere in the PDF
    assert f"{Decimal(fee):,.2f}" in text


def test_unpaid_wages_need_no_prepayment_so_no_due_date_and_never_overdue(demo, court):
    """追索劳动报酬纠纷: 10.00 (Art. 13(4)), and 第二十条 "追索劳动报酬的案件可以不预交案件
    受理费": no due date, so the order never reaches the 按撤诉处理 queue."""
    case = accept_with_cause(
        demo, court, cause_name="追索劳动报酬纠纷", cause_code="205(5)", amount="20000"
    )
    order = case.fee_orders.get()
    assert order.amount == Decimal("10.00")
    assert order.due_date is None and order.breakdown["timing"] == "no-prepay"
    far = dt.date.today() + dt.timedelta(days=400)
    assert not FeeOrder.objects.filter(overdue_q(far), pk=order.pk).exists()
    # The payment notice says so, and threatens no 按撤诉处理.
    from django.core.files.storage import default_storage
    from pypdf import PdfReader

    with default_storage.open(order.notice.storage_path, "rb") as fh:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
        text = text.replace("\n", "")  # lines wrap anywhere in the PDF
    assert "可以不预交" in text and "按撤诉处理" not in text
    from yunting.documents.models import IssuedDocument

    notice = IssuedDocument.objects.filter(case=case, template_code="acceptance_notice").first()
    with default_storage.open(notice.storage_path, "rb") as fh:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
        text = text.replace("\n", "")  # lines wrap anywhere in the PDF
    assert "可以不预交" in text and "按撤诉处理" not in text


def test_the_officer_overrides_the_kind_when_reassessing_and_it_sticks(demo, court):
    # A 名誉权纠纷 the judge finds is really a property claim: 80,000 as a property case =
    # 50 + 70,000 × 2.5 % = 1,800.00; a later re-assessment (summary procedure) keeps the
    # override: 1,800 / 2 = 900.00.
    case = accept_with_cause(demo, court, cause_name="名誉权纠纷", cause_code="6", amount="80000")
    services.fee_reassess(
        case=case, judge=case.judge, reason="other: 按财产案件", fee_kind="property"
    )
    order = case.fee_orders.get()
    assert order.amount == Decimal("1800.00")
    assert order.breakdown["fee_kind"] == "property"
    assert order.breakdown["fee_kind_source"] == "override"
    services.fee_reassess(case=case, judge=case.judge, reason="简易程序", procedure="summary")
    order.refresh_from_db()
    assert order.amount == Decimal("900.00")
    with pytest.raises(ValidationError) as raised:
        services.fee_reassess(case=case, judge=case.judge, reason="x", fee_kind="nonsense")
    assert raised.value.code == "bad_fee_kind"
    order.refresh_from_db()
    assert order.amount == Decimal("900.00")


def test_mapping_is_keyed_by_the_official_catalogue():
    assert fee_kind_for_cause(cause_code="8(1)").kind == "personality"  # 隐私权纠纷, part 1
    assert fee_kind_for_cause(cause_code="1").kind == "property"  # 生命权、身体权、健康权
    assert fee_kind_for_cause(cause_code="14").kind == "divorce"
    assert fee_kind_for_cause(cause_code="15").kind == "property"  # 离婚后财产纠纷
    assert fee_kind_for_cause(cause_code="205(5)").kind == "labour-wages"
    assert fee_kind_for_cause(cause_code="214(2)").kind == "labour-wages"
    assert fee_kind_for_cause(cause_name="民间借贷纠纷").kind == "property"
    assert fee_kind_for_cause(cause_name="离婚纠纷", revision="2020").kind == "divorce"
    unknown = fee_kind_for_cause(cause_name="不存在的案由")
    assert (unknown.kind, unknown.source) == ("property", "default")
    # A divorce without property to divide pays the per-case figure only.
    assert acceptance_fee("divorce", claim_total=Decimal("0")).fee == Decimal("50.00")
