"""Demo filings in every stage, so the demo is alive from the first click: a draft, one
awaiting review, one sent back for correction, and accepted cases with their documents."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.cases.services import party_link_account
from yunting.courts.models import Court

from . import services
from .models import Filing
from .services import AgentInput, PartyInput

DEMO_MARK = "【演示】"


def demo_pdf(title: str) -> bytes:
    """A one-page PDF marked as demo material (every demo attachment is one)."""
    from weasyprint import HTML

    html = (
        '<html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC"}</style>'
        f"</head><body><h1 style='text-align:center'>{title}</h1><p>{DEMO_MARK}演示材料。</p>"
        "</body></html>"
    )
    buffer = io.BytesIO()
    HTML(string=html).write_pdf(buffer)
    return buffer.getvalue()


def build_filing(
    *,
    user: User,
    court: Court,
    defendant: PartyInput,
    amount: Decimal,
    lawyer: bool,
    facts: str,
    pdf: Callable[[str], bytes],
) -> Filing:
    """A complete loan-dispute filing by the demo plaintiff 张三 (or his lawyer), built
    through the services exactly as the wizard builds it; ready to submit."""
    filing = services.filing_create(user=user, court=court)
    services.filing_update_basics(
        filing=filing, user=user, court=court, cause_name="民间借贷纠纷", facts=facts
    )
    agents = (
        [AgentInput(name=user.name, law_firm="上海示范律师事务所", is_me=True)] if lawyer else []
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
            is_self=not lawyer,
            agents=agents,
        ),
    )
    services.filing_add_party(filing=filing, user=user, data=defendant)
    services.filing_add_claim(filing=filing, user=user, text="判令被告归还借款本金", amount=amount)
    services.filing_add_claim(
        filing=filing, user=user, text="判令被告承担本案诉讼费用", amount=None
    )
    services.filing_add_attachment(
        filing=filing, user=user, kind="complaint", name="民事起诉状.pdf", data=pdf("民事起诉状")
    )
    if lawyer:
        agent = filing.parties.get(role="plaintiff").agents.get()
        services.filing_add_attachment(
            filing=filing,
            user=user,
            kind="power_of_attorney",
            name="授权委托书.pdf",
            data=pdf("授权委托书"),
            agent=agent,
        )
    return filing


def build_demo_filing(
    *, user: User, court: Court, defendant: str, amount: str, lawyer: bool
) -> Filing:
    return build_filing(
        user=user,
        court=court,
        defendant=PartyInput(
            role="defendant", kind="person", name=defendant, address="上海市长宁区仙霞路300号"
        ),
        amount=Decimal(amount),
        lawyer=lawyer,
        facts=f"{DEMO_MARK}被告{defendant}向原告借款人民币{amount}元，约定到期归还，至今未还。",
        pdf=demo_pdf,
    )


@transaction.atomic
def seed_demo_filings() -> int:
    """Create the demo filings once; return how many were created (0 when already there)."""
    if Filing.objects.filter(facts__startswith=DEMO_MARK).exists():
        return 0
    court = Court.objects.get(code="沪0105")
    litigant = User.objects.get(phone="13900000001")
    lawyer = User.objects.get(phone="13900000003")
    officer = User.objects.get(phone="13900000011")

    build_demo_filing(
        user=litigant, court=court, defendant="赵某", amount="8000", lawyer=False
    )  # draft

    submitted = build_demo_filing(
        user=lawyer, court=court, defendant="钱某", amount="52000", lawyer=True
    )
    services.filing_submit(filing=submitted, user=lawyer)

    corrected = build_demo_filing(
        user=lawyer, court=court, defendant="孙某", amount="96000", lawyer=True
    )
    services.filing_submit(filing=corrected, user=lawyer)
    services.filing_request_correction(
        filing=corrected, officer=officer, items=["被告送达地址缺失或不明确。"]
    )

    for defendant, amount in (("李某", "150000"), ("周某", "1000000")):
        accepted = build_demo_filing(
            user=lawyer, court=court, defendant=defendant, amount=amount, lawyer=True
        )
        services.filing_submit(filing=accepted, user=lawyer)
        case = services.filing_accept(filing=accepted, officer=officer)
        # 张三 himself sees the cases his lawyer filed for him (his ID number is on them).
        for party in case.parties.filter(role="plaintiff", id_number=litigant.id_number):
            party_link_account(party=party, user=litigant, actor=officer)
    return 5


REVIEW_MARK = "【演示·审查】"


def demo_review_filing(key: str) -> Filing | None:
    return Filing.objects.filter(facts__startswith=f"{REVIEW_MARK}{key}").first()


@transaction.atomic
def seed_demo_review_ages() -> int:
    """Filings waiting for review for different lengths of time, for the early warnings
    (issue 20): R1 with one or two days of the seven left (near), R2 past its last day, R3
    submitted today (not near). Submitted through the services, then dated back by hand as
    the statistics tests date cases: the review period is recomputed with the rule itself
    (``period_end``), from the first day back that gives the wanted distance."""
    from yunting.rules.deadlines import period_end

    if Filing.objects.filter(facts__startswith=REVIEW_MARK).exists():
        return 0
    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    today = timezone.localdate()
    # near: 0-2 days left (a last day never falls on a weekend, so on a Friday only 0 exists)
    wanted = {"R1": range(0, 3), "R2": range(-3, 0), "R3": None}
    for key, left in wanted.items():
        filing = build_filing(
            user=lawyer,
            court=court,
            defendant=PartyInput(
                role="defendant", kind="person", name=f"审查{key}", address="上海市长宁区仙霞路5号"
            ),
            amount=Decimal("30000"),
            lawyer=True,
            facts=f"{REVIEW_MARK}{key}：被告向原告借款人民币30000元，到期未还。",
            pdf=demo_pdf,
        )
        services.filing_submit(filing=filing, user=lawyer)
        if left is None:
            continue
        for back in range(1, 20):
            start = today - dt.timedelta(days=back)
            due = period_end(start, days=services.REVIEW_DAYS).date
            if (due - today).days in left:
                submitted = timezone.now() - dt.timedelta(days=back)
                Filing.objects.filter(pk=filing.pk).update(
                    submitted_at=submitted, review_from=start, review_due=due
                )
                break
    return len(wanted)
