"""Filings built through the real services, as the wizard builds them."""

from __future__ import annotations

import io
from decimal import Decimal

from yunting.filing.demo import build_filing
from yunting.filing.services import PartyInput


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
    """A complete filing against an organisation defendant (with a valid credit code)."""
    return build_filing(
        user=user,
        court=court,
        defendant=PartyInput(
            role="defendant",
            kind="organisation",
            name="上海示范贸易有限公司",
            id_number="91350100M000100Y43",
            address="上海市长宁区延安西路1号",
            representative="王五",
        ),
        amount=Decimal(amount),
        lawyer=as_lawyer,
        facts="被告于2025年3月1日向原告借款15万元，约定同年9月1日归还，至今未还。",
        pdf=cached_pdf,
    )
