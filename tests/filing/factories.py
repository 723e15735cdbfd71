"""Filings built through the real services, as the wizard builds them."""

from __future__ import annotations

import io
from decimal import Decimal

from yunting.filing import services
from yunting.filing.services import AgentInput, PartyInput


def pdf_bytes(text: str = "民事起诉状") -> bytes:
    """A real one-page PDF (WeasyPrint), so uploads pass the content checks."""
    from weasyprint import HTML

    html = f'<html><head><meta charset="utf-8"></head><body><h1>{text}</h1></body></html>'
    buffer = io.BytesIO()
    HTML(string=html).write_pdf(buffer)
    return buffer.getvalue()


_PDF_CACHE: dict[str, bytes] = {}


def cached_pdf(text: str = "民事起诉状") -> bytes:
    if text not in _PDF_CACHE:
        _PDF_CACHE[text] = pdf_bytes(text)
    return _PDF_CACHE[text]


def complete_filing(*, user, court, as_lawyer: bool = False, amount: str = "150000"):
    filing = services.filing_create(user=user, court=court)
    services.filing_update_basics(
        filing=filing,
        user=user,
        court=court,
        cause_name="民间借贷纠纷",
        facts="被告于2025年3月1日向原告借款15万元，约定同年9月1日归还，至今未还。",
    )
    agents = (
        [AgentInput(name=user.name, law_firm="上海示范律师事务所", is_me=True)] if as_lawyer else []
    )
    services.filing_add_party(
        filing=filing,
        user=user,
        data=PartyInput(
            role="plaintiff",
            kind="person",
            name="张三",
            id_number="310105198503122015",
            address="上海市长宁区天山路100号",
            phone="13900000001",
            is_self=not as_lawyer,
            agents=agents,
        ),
    )
    services.filing_add_party(
        filing=filing,
        user=user,
        data=PartyInput(
            role="defendant",
            kind="organisation",
            name="上海示范贸易有限公司",
            id_number="91350100M000100Y43",
            address="上海市长宁区延安西路1号",
            representative="王五",
        ),
    )
    services.filing_add_claim(
        filing=filing, user=user, text="判令被告归还借款本金", amount=Decimal(amount)
    )
    services.filing_add_claim(
        filing=filing, user=user, text="判令被告承担本案诉讼费用", amount=None
    )
    services.filing_add_attachment(
        filing=filing, user=user, kind="complaint", name="起诉状.pdf", data=cached_pdf()
    )
    if as_lawyer:
        agent = filing.parties.get(role="plaintiff").agents.get()
        services.filing_add_attachment(
            filing=filing,
            user=user,
            kind="power_of_attorney",
            name="授权委托书.pdf",
            data=cached_pdf("授权委托书"),
            agent=agent,
        )
    return filing
