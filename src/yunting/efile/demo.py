"""Demo e-file: one accepted case closed through the services (until the judgment app does
it), with an internal note in its 副卷, ready for ``yunting efile archive``."""

from __future__ import annotations

from django.db import transaction

from yunting.accounts.models import User
from yunting.cases.models import Case, CaseStatus

DEMO_NOTE = "【演示】合议庭评议笔录"


def _note_pdf() -> bytes:
    from weasyprint import HTML

    html = (
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC"}</style>'
        f"</head><body><h1>{DEMO_NOTE}</h1><p>合议庭一致意见：支持原告的诉讼请求。</p>"
        "<p>书记员：郑书记员</p></body></html>"
    )
    return HTML(string=html).write_pdf()


@transaction.atomic
def seed_demo_efile() -> str | None:
    """Close the first demo case and give it an internal note; returns its case number."""
    from yunting.cases.services import case_change_status

    from .services import efile_ingest_run_pending, item_add

    if Case.objects.filter(status__in=[CaseStatus.CLOSED, CaseStatus.ARCHIVED]).exists():
        return None
    case = Case.objects.filter(court__code="沪0105").order_by("accepted_on", "serial").first()
    if case is None:
        return None
    clerk = case.clerk or User.objects.get(phone="13900000015")
    efile_ingest_run_pending(case=case)  # its papers, as the worker files them after acceptance
    item_add(
        case=case,
        data=_note_pdf(),
        content_type="application/pdf",
        title=DEMO_NOTE,
        kind="deliberation",
        actor=clerk,
        source="demo",
    )
    judge = case.judge or User.objects.get(phone="13900000012")
    case_change_status(case=case, status=CaseStatus.CLOSED, actor=judge, reason="【演示】判决结案")
    return case.case_number
