"""Demo: a loan case half-way through the asynchronous exchange — defence filed, both sides
agreed, three items, opinions (one disputed on authenticity), a point in dispute and the
sealed exchange report — so a visitor sees the feature with data. Run once; idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yunting.accounts.models import User
from yunting.cases.models import ClockKind
from yunting.cases.services import clock_start, party_link_account

from . import services
from .models import Exchange

DEFENDANT = ("李四", "31010419900720102X", "13900000002")
ADMIT = {"authenticity": "admit", "legality": "admit", "relevance": "admit", "purpose": "admit"}


@transaction.atomic
def seed_demo_evidence() -> str | None:
    """Create the demo exchange; returns its case number (None when already there)."""
    from yunting.courts.models import Court
    from yunting.filing import services as filing
    from yunting.filing.demo import DEMO_MARK, build_filing, demo_pdf
    from yunting.filing.services import PartyInput

    if Exchange.objects.filter(report__isnull=False, case__facts__startswith=DEMO_MARK).exists():
        return None
    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    officer = User.objects.get(phone="13900000011")
    assistant = User.objects.get(phone="13900000014")
    defendant_user = User.objects.get(phone=DEFENDANT[2])
    built = build_filing(
        user=lawyer,
        court=court,
        defendant=PartyInput(
            role="defendant",
            kind="person",
            name=DEFENDANT[0],
            id_number=DEFENDANT[1],
            address="上海市长宁区仙霞路300号",
            phone=DEFENDANT[2],
        ),
        amount=Decimal("80000"),
        lawyer=True,
        facts=f"{DEMO_MARK}被告李四向原告借款人民币80000元，约定半年内归还，至今未还。",
        pdf=demo_pdf,
    )
    filing.filing_submit(filing=built, user=lawyer)
    case = filing.filing_accept(filing=built, officer=officer)
    defendant = case.parties.get(role="defendant")
    party_link_account(party=defendant, user=defendant_user, actor=officer)
    today = timezone.localdate()
    clock_start(
        case=case,
        kind=ClockKind.DEFENCE,
        party=defendant,
        starts_on=today - dt.timedelta(days=3),
        actor=None,
        source="demo-service",
    )
    services.pleading_file(
        case=case,
        actor=defendant_user,
        kind="defence",
        text="被告已于去年归还借款三万元，原告诉请金额有误。借条上的签名并非被告所签。",
    )
    services.exchange_propose(case=case, actor=assistant)
    services.consent_give(case=case, actor=lawyer, agreed=True)
    services.consent_give(case=case, actor=defendant_user, agreed=True)
    services.evidence_limit_set(case=case, actor=assistant, days=15)
    iou, transfer = (
        services.item_submit(
            case=case,
            actor=lawyer,
            name=name,
            source=source,
            purpose=purpose,
            data=demo_pdf(name),
            original_available=True,
        )
        for name, source, purpose in (
            ("借条", "原告持有原件", "被告向原告借款80000元"),
            ("银行转账记录", "中国银行", "原告已向被告交付借款"),
        )
    )
    slip = services.item_submit(
        case=case,
        actor=defendant_user,
        name="还款转账凭证",
        source="被告手机银行截图",
        purpose="被告已归还借款30000元",
        data=demo_pdf("还款转账凭证"),
    )
    services.round_open(
        case=case, actor=assistant, kind="opinions", due_on=today + dt.timedelta(days=7)
    )
    disputed = services.opinion_save(
        item=iou,
        actor=defendant_user,
        verdicts={**ADMIT, "authenticity": "dispute", "purpose": "dispute"},
        reasons={"authenticity": "借条签名并非被告本人所签", "purpose": "借款金额与实际不符"},
    )
    disputed = services.opinion_submit(opinion=disputed, actor=defendant_user)
    for item, user in ((transfer, defendant_user), (slip, lawyer)):
        op = services.opinion_save(item=item, actor=user, verdicts=ADMIT)
        services.opinion_submit(opinion=op, actor=user)
    services.point_record(
        case=case,
        actor=assistant,
        title="借条上的签名是否为被告所签；被告是否已归还部分借款",
        items=[iou, slip],
        opinions=[disputed],
    )
    services.report_issue(case=case, actor=assistant)
    # a court-only note of the assistant (the parties never see it)
    services.proposal_post(
        case=case, actor=assistant, text="可引导双方就已还款部分核对后调解。", visibility="court"
    )
    return case.case_number
