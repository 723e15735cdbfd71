"""The element-style complaint as a PDF: the parties from the filing, the rest from the
composition."""

from __future__ import annotations

import datetime as dt
import io

from django.template.loader import render_to_string

from yunting.cases.models import PartyRole

from ..models import Filing
from .composition import Composition
from .interest import cn_date


def _party_rows(filing: Filing) -> list[dict[str, str]]:
    order = {PartyRole.PLAINTIFF: 0, PartyRole.DEFENDANT: 1}
    parties = sorted(
        filing.parties.prefetch_related("agents"), key=lambda p: (order.get(p.role, 2), p.position)
    )
    rows = []
    for p in parties:
        rows.append(
            {
                "role": str(p.get_role_display()),
                "kind": str(p.get_kind_display()),
                "name": p.name,
                "id_number": p.id_number,
                "address": p.address,
                "phone": p.phone,
                "representative": p.representative,
                "agents": "、".join(a.name for a in p.agents.all()),
            }
        )
    return rows


def render_complaint_pdf(*, filing: Filing, composition: Composition, today: dt.date) -> bytes:
    """The element-style complaint as an A4 PDF (WeasyPrint, Noto Serif CJK SC)."""
    from weasyprint import HTML  # heavy import, only where a PDF is made

    plaintiffs = [p.name for p in filing.parties.all() if p.role == PartyRole.PLAINTIFF]
    html = render_to_string(
        "filing/complaint_pdf.html",
        {
            "court": filing.court,
            "c": composition,
            "parties": _party_rows(filing),
            "signer": "、".join(plaintiffs),
            "today_cn": cn_date(today),
        },
    )
    buffer = io.BytesIO()
    HTML(string=html).write_pdf(buffer)
    return buffer.getvalue()
