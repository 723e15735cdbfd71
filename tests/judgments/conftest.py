"""A 150,000-yuan loan case accepted through the real filing services, its fee paid at the
counter, and the people of the judgments loop (third judge, president, 沪01 staff)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.fees.conftest import accept
from yunting.accounts.models import User
from yunting.cases.services import clock_start
from yunting.fees.services import payment_confirm_transfer
from yunting.judgments.people import ensure_judgment_people


@pytest.fixture
def people(demo, demo_password):
    ensure_judgment_people(demo_password)
    return {
        "judge3": User.objects.get(phone="13900000023"),
        "president": User.objects.get(phone="13900000024"),
        "officer01": User.objects.get(phone="13900000025"),
        "judge01": User.objects.get(phone="13900000026"),
        "head": User.objects.get(phone="13900000012"),  # 刘法官, head of 民一庭
        "judge_b": User.objects.get(phone="13900000013"),  # 周法官
    }


def pay(demo, case, txn="TXN-1"):
    for order in case.fee_orders.filter(status="unpaid"):
        payment_confirm_transfer(
            officer=demo["finance_officer"],
            reference=order.reference,
            amount=order.amount,
            bank_txn_id=f"{txn}-{order.reference}",
        )


def serve_open_tasks(case, demo, *, skip=()):
    """The service desk serves every open task of the case (the demo's desk helper, real
    services); ``skip``: documents left open."""
    from yunting.service.demo import serve_open_tasks as desk_serves
    from yunting.service.models import ServiceTask
    from yunting.service.selectors import OPEN

    n = desk_serves(case=case, officer=demo["service_officer"], skip=skip)
    assert not ServiceTask.objects.filter(case=case, status__in=OPEN).exclude(document__in=skip)
    return n


@pytest.fixture
def case(demo, court, people):
    """Accepted, the fee paid, and the notices of acceptance served."""
    case = accept(demo, court)
    pay(demo, case)
    serve_open_tasks(case, demo)
    case.refresh_from_db()
    return case


def panel_of(case, people):
    """刘法官, 周法官 and 陈法官, the case's own judge presiding."""
    others = [
        u for u in (people["head"], people["judge_b"], people["judge3"]) if u.pk != case.judge_id
    ]
    return case.judge, others[:2]


def panel_signs(draft, people) -> list:
    """The panel of ``panel_of`` (formed by the case's judge when there is none yet) signs
    off the draft's current version, every member; returns the members, presiding first."""
    from yunting.judgments import services
    from yunting.judgments.models import PanelMember

    case = draft.case
    judge, members = panel_of(case, people)
    if not PanelMember.objects.filter(case=case).exists():
        services.panel_form(case=case, actor=judge, presiding=judge, members=members)
    for m in (judge, *members):
        services.draft_sign_off(draft=draft, actor=m)
    return [judge, *members]


def serve_all(case, decision, *, on: dt.date | None = None):
    """What the service app does on service: start each party's appeal clock (the interface)."""
    on = on or timezone.localdate()
    clocks = []
    for doc in decision.documents.all():
        clocks.append(
            clock_start(
                case=case,
                kind=decision.appeal_clock_kind,
                starts_on=on,
                actor=None,
                party=doc.recipient,
                source=f"document:{doc.id}",
            )
        )
    return clocks


def issue_judgment(case, people, *, awarded=None):
    """Draft, panel, sign-off and issue: the judgment served on nobody yet."""
    from yunting.judgments import services

    draft = services.draft_start(case=case, kind="judgment", actor=case.judge)
    draft = services.draft_save(
        draft=draft,
        actor=case.judge,
        base_version=1,
        sections={"facts_found": "原告向被告出借150,000元。", "reasoning": "借贷关系合法有效。"},
    )
    if awarded is not None:
        draft = services.draft_set_burden(draft=draft, actor=case.judge, awarded=awarded)
    panel_signs(draft, people)
    return services.draft_issue(draft=draft, actor=case.judge)
