"""Demo: one loan case at each stage of the judgments loop, built through the real services —
being drafted, signed and served (appeal periods running: 15 days for the plaintiff, 30 for
the defendant without domicile in China), effective, closed and archived,
and on appeal (docketed at 上海市第一中级人民法院 as 民终). The service desk serves
every document through the real service flow (inbox or e-mail), which starts each party's
appeal period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from yunting.accounts.models import User
from yunting.courts.models import Court
from yunting.service.demo import serve_open_tasks

from .models import Decision, PanelMember

MARK = "【演示·裁判】"
SERVICE_OFFICER = "13900000016"
STAGES = ["drafting", "signed", "effective", "archived", "appeal"]


ABROAD_ADDRESS = "新加坡乌节路391号"  # a defendant without domicile in China: 30-day periods


def _case(stage: str, amount: str, *, abroad: bool = False):
    from yunting.filing import services as filing_services
    from yunting.filing.demo import build_filing, demo_pdf
    from yunting.filing.services import PartyInput

    lawyer = User.objects.get(phone="13900000003")
    officer = User.objects.get(phone="13900000011")
    filing = build_filing(
        user=lawyer,
        court=Court.objects.get(code="沪0105"),
        defendant=PartyInput(
            role="defendant",
            kind="person",
            name=f"{stage}案被告",
            address=ABROAD_ADDRESS if abroad else "上海市长宁区仙霞路1号",
            abroad=abroad,
        ),
        amount=Decimal(amount),
        lawyer=True,
        facts=f"{MARK}{stage}：被告向原告借款人民币{amount}元，到期未还。",
        pdf=demo_pdf,
    )
    filing_services.filing_submit(filing=filing, user=lawyer)
    case = filing_services.filing_accept(filing=filing, officer=officer)
    from yunting.fees.services import payment_confirm_transfer

    finance = User.objects.get(phone="13900000018")
    for order in case.fee_orders.all():
        payment_confirm_transfer(
            officer=finance,
            reference=order.reference,
            amount=order.amount,
            bank_txn_id=f"DEMO-{order.reference}",
        )
    case.refresh_from_db()
    return case


def _issue(case) -> Decision:
    from . import services

    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    draft = services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={
            "facts_found": "原告向被告出借款项，有借条及转账凭证为证，被告到期未还。",
            "reasoning": "原、被告之间的借贷关系合法有效，被告应当按约归还借款。",
        },
    )
    judges = [
        u for u in User.objects.filter(phone__in=["13900000012", "13900000013", "13900000023"])
    ]
    others = [u for u in judges if u.pk != case.judge_id][:2]
    if not PanelMember.objects.filter(case=case).exists():
        services.panel_form(case=case, actor=case.judge, presiding=case.judge, members=others)
    for m in (case.judge, *others):
        services.draft_sign_off(draft=draft, actor=m)
    return services.draft_issue(draft=draft, actor=case.judge)


def _serve(case, decision) -> list:
    """The service desk serves everything still open on the case, the judgment's copies
    included; serving them started each party's appeal clock, which are returned."""
    from yunting.cases.models import Clock

    serve_open_tasks(case=case, officer=User.objects.get(phone=SERVICE_OFFICER), receipts=True)
    return list(Clock.objects.filter(case=case, kind=decision.appeal_clock_kind, stopped_at=None))


def seed_demo_judgments(password: str) -> list[str]:
    """Create the stages once; return the case numbers created (empty when already there)."""
    from yunting.cases.models import Case

    from . import services
    from .people import ensure_judgment_people

    ensure_judgment_people(password)
    if Case.objects.filter(facts__startswith=MARK).exists():
        return []
    made = []
    with transaction.atomic():
        drafting = _case("drafting", "30000")
        services.draft_start(case=drafting, kind="judgment", actor=drafting.judge)
        made.append(drafting.case_number)

        # The defendant lives in Singapore: its appeal period runs 30 days, the plaintiff's 15.
        signed = _case("signed", "60000", abroad=True)
        _serve(signed, _issue(signed))
        made.append(signed.case_number)

        effective = _case("effective", "90000")
        decision = _issue(effective)
        clocks = _serve(effective, decision)
        services.decision_effect_check(
            decision=decision, today=max(c.due_on for c in clocks) + dt.timedelta(1)
        )
        made.append(effective.case_number)

        archived = _case("archived", "120000")
        decision = _issue(archived)
        clocks = _serve(archived, decision)
        services.decision_effect_check(
            decision=decision, today=max(c.due_on for c in clocks) + dt.timedelta(1)
        )
        services.case_close(case=archived, actor=archived.judge, method="judgment")
        made.append(archived.case_number)

        appeal_case = _case("appeal", "200000")
        decision = _issue(appeal_case)
        _serve(appeal_case, decision)
        lawyer = User.objects.get(phone="13900000003")
        appeal = services.appeal_file(
            case=appeal_case,
            user=lawyer,
            requests="撤销一审判决，改判支持全部诉讼请求",
            grounds="一审对还款事实认定错误。",
            amount="200000",
        )
        finance = User.objects.get(phone="13900000018")
        from yunting.fees.services import payment_confirm_transfer

        payment_confirm_transfer(
            officer=finance,
            reference=appeal.fee_order.reference,
            amount=appeal.fee_order.amount,
            bank_txn_id=f"DEMO-{appeal.fee_order.reference}",
        )
        services.appeal_transmit(appeal=appeal, actor=appeal_case.judge)
        new = services.appeal_docket(appeal=appeal, officer=User.objects.get(phone="13900000025"))
        made.append(f"{appeal_case.case_number} → {new.case_number}")
    # The archive runs after the closing commits (a task); in the demo it is built right away.
    from yunting.efile.archive import efile_archive
    from yunting.efile.models import Efile, EfileStatus

    archived.refresh_from_db()
    if not Efile.objects.filter(case=archived, status=EfileStatus.ARCHIVED).exists():
        efile_archive(case=archived, actor=None)
    return made
