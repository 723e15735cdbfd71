"""Demo service: six cases of the demo court whose defendants were served (inbox), wait to be
served (an e-mail address confirmed, not yet sent), served by public notice (published, 30
days running), failed (the e-mail bounced and no other channel was confirmed), were sent an
e-mail whose recipient link is not yet opened, and were posted in a printed batch (邮寄批次),
so the desk, its task and batch pages, its dashboard, the notice board, the recipient's link
and the lawyer's 我的送达 all have something to show."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from yunting.accounts.models import User
from yunting.cases.services import AgentData, ClaimData, PartyData, case_create
from yunting.courts.models import Court

DEMO_MARK = "【演示送达】"


def _case(court, judge, clerk, lawyer, n: int):
    case = case_create(
        court=court,
        actor=None,
        type_code="民初",
        cause_name="买卖合同纠纷",
        facts=f"{DEMO_MARK}演示案件{n}",
        parties=[
            PartyData(
                role="plaintiff",
                kind="person",
                name="张三",
                id_type="citizen",
                id_number="310105198503122015",
                address="上海市长宁区天山路100号",
                phone="13900000001",
            ),
            PartyData(
                role="defendant",
                kind="organisation",
                name=f"上海演示商贸有限公司{n}",
                id_type="uscc",
                id_number=f"91310105MA1DEMO{n:03d}",
                address=f"上海市长宁区仙霞路{n}号",
                representative="王五",
                phone=f"1390000009{n}",
                agents=[AgentData(name=lawyer.name, user=lawyer, law_firm="上海示范律师事务所")]
                if n == 1
                else [],
            ),
        ],
        claims=[ClaimData(text="判令被告支付货款人民币80,000元", amount=Decimal("80000.00"))],
    )
    case.judge, case.clerk = judge, clerk
    case.save(update_fields=["judge", "clerk"])
    return case


def seed_demo_service() -> int:
    """Idempotent: nothing happens once the demo service cases exist. Returns cases made."""
    from yunting.cases.models import Case
    from yunting.documents.services import document_issue

    from .addresses import address_confirm
    from .models import AttemptStatus, ServiceTask
    from .services import (
        attempt_failed,
        service_batch_create,
        service_dispatch,
        service_notice_publish,
    )

    if Case.objects.filter(facts__startswith=DEMO_MARK).exists():
        return 0
    court = Court.objects.get(code="沪0105")
    judge = User.objects.get(phone="13900000012")
    clerk = User.objects.get(phone="13900000015")
    officer = User.objects.get(phone="13900000016")
    lawyer = User.objects.get(phone="13900000003")
    with transaction.atomic():
        plans = ("served", "pending", "notice", "failed", "link", "post")
        for n, plan in enumerate(plans, start=1):
            case = _case(court, judge, clerk, lawyer, n)
            party = case.parties.get(role="defendant")
            doc = document_issue(
                template_code="response_notice", case=case, actor=judge, recipient=party
            )
            task = ServiceTask.objects.get(document=doc)
            if plan == "served":
                address_confirm(
                    party=party,
                    actor=officer,
                    source="express",
                    inbox=True,
                    email="wang@lawfirm.demo.invalid",
                    consent={"inbox", "email"},
                )
                service_dispatch(task=task, channels=["inbox"], actor=officer)
            elif plan == "pending":
                address_confirm(
                    party=party,
                    actor=officer,
                    source="filing",
                    email=f"legal{n}@demo.invalid",
                    consent={"email"},
                    postal=party.address,
                )
            elif plan == "notice":
                service_notice_publish(task=task, actor=officer)
            elif plan == "link":
                address_confirm(
                    party=party,
                    actor=officer,
                    source="filing",
                    email=f"legal{n}@demo.invalid",
                    consent={"email"},
                )
                service_dispatch(task=task, channels=["email"], actor=officer)
            elif plan == "post":
                address_confirm(party=party, actor=officer, source="express", postal=party.address)
                service_dispatch(task=task, channels=["postal"], actor=officer)
                service_batch_create(tasks=[task], name="【演示】邮寄批次", actor=officer)
            else:
                address_confirm(
                    party=party,
                    actor=officer,
                    source="prior_agreement",
                    email=f"gone{n}@demo.invalid",
                    consent={"email"},
                )
                service_dispatch(task=task, channels=["email"], actor=officer)
                attempt_failed(
                    attempt=task.attempts.get(),
                    status=AttemptStatus.BOUNCED,
                    error="550 5.1.1 mailbox unavailable (demo)",
                    actor=None,
                )
    return len(plans)


def serve_open_tasks(*, case, officer, skip=(), receipts: bool = False) -> int:
    """The desk serves every open task of ``case`` electronically, through the real services:
    by platform inbox where the party has an account (complete on arrival, Art. 31), else by
    e-mail, reported delivered as the mail worker does when the server accepts it. Parties
    without an address confirm one first. ``skip``: documents left to be served later.
    ``receipts``: file each 送达回证 now rather than by the worker after commit (the demo
    archives a case in the same run; the worker's later call finds the receipt filed)."""
    from django.utils import timezone

    from .addresses import address_confirm, party_addresses, party_has_account
    from .models import ServiceTask
    from .selectors import OPEN
    from .services import attempt_delivered, service_dispatch, service_receipt_issue

    channel = {}
    for party in case.parties.all():
        channel[party.id] = "inbox" if party_has_account(party) else "email"
        if channel[party.id] not in party_addresses(party=party):
            address_confirm(
                party=party,
                actor=officer,
                source="express",
                inbox=channel[party.id] == "inbox",
                email="" if channel[party.id] == "inbox" else f"party-{party.pk}@example.test",
                consent={channel[party.id]},
            )
    tasks = list(
        ServiceTask.objects.filter(case=case, status__in=OPEN).exclude(document__in=list(skip))
    )
    for task in tasks:
        service_dispatch(task=task, channels=[channel[task.party_id]], actor=officer)
        for attempt in task.attempts.filter(channel="email", delivered_at=None):
            attempt_delivered(attempt=attempt, at=timezone.now(), actor=None)
        if receipts:
            service_receipt_issue(task=task)
    return len(tasks)
