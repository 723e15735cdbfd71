from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunting.accounts.models import User

DEFENDANT_ID = "31010419900720102X"  # the demo litigant 李四


def pdf(title: str = "证据") -> bytes:
    from yunting.filing.demo import demo_pdf

    return demo_pdf(title)


def accept_case():
    from yunting.courts.models import Court
    from yunting.filing import services
    from yunting.filing.demo import build_filing, demo_pdf
    from yunting.filing.services import PartyInput

    court = Court.objects.get(code="沪0105")
    lawyer = User.objects.get(phone="13900000003")
    officer = User.objects.get(phone="13900000011")
    filing = build_filing(
        user=lawyer,
        court=court,
        defendant=PartyInput(
            role="defendant",
            kind="person",
            name="李四",
            id_number=DEFENDANT_ID,
            address="上海市长宁区仙霞路300号",
        ),
        amount=Decimal("50000"),
        lawyer=True,
        facts="被告借款未还。",
        pdf=demo_pdf,
    )
    services.filing_submit(filing=filing, user=lawyer)
    return services.filing_accept(filing=filing, officer=officer)


def make_lawyer(phone: str = "13900000031", name: str = "赵律师") -> User:
    from yunting.accounts.roles import Role
    from yunting.accounts.services import role_grant
    from yunting.demo.people import DEMO_PASSWORD

    user = User.objects.create_user(
        phone,
        DEMO_PASSWORD,
        name=name,
        id_number="110101198001010053" if phone == "13900000031" else "110101198202020039",
    )
    role_grant(user=user, role=Role.LAWYER)
    return user


def serve(case, party, on: dt.date | None = None):
    """Put a party "served": what the service app does on delivery (clock_start)."""
    from yunting.cases.models import ClockKind
    from yunting.cases.services import clock_start

    return clock_start(
        case=case,
        kind=ClockKind.DEFENCE,
        party=party,
        starts_on=on or dt.date.today(),
        actor=None,
        source=f"test-service:{party.id}",
    )


@pytest.fixture
def setup(demo):
    """A case with plaintiff 张三 (through 王律师) and defendant 李四 (through 赵律师), served,
    asynchronous exchange agreed, a limit set and an opinions round open."""
    case = accept_case()
    judge = case.judge or demo["judge"]
    plaintiff = case.parties.get(role="plaintiff")
    defendant = case.parties.get(role="defendant")
    d_lawyer = make_lawyer()
    from yunting.evidence import services

    services.agent_link(
        case_number=case.case_number,
        party_id_number=DEFENDANT_ID,
        actor=d_lawyer,
        poa=pdf("授权委托书"),
        licence_number="13101200010000001",
    )
    return {
        "case": case,
        "judge": judge,
        "assistant": User.objects.get(phone="13900000014"),
        "p_lawyer": User.objects.get(phone="13900000003"),
        "d_lawyer": d_lawyer,
        "plaintiff": plaintiff,
        "defendant": defendant,
    }


@pytest.fixture
def running(setup):
    """``setup`` with both sides agreed, the limit set, each side's items and a round open."""
    from yunting.evidence import services

    s = setup
    case = s["case"]
    services.exchange_propose(case=case, actor=s["assistant"])
    services.consent_give(case=case, actor=s["p_lawyer"], agreed=True)
    services.consent_give(case=case, actor=s["d_lawyer"], agreed=True)
    services.evidence_limit_set(case=case, actor=s["assistant"], days=15)
    s["p_items"] = [
        services.item_submit(
            case=case,
            actor=s["p_lawyer"],
            name=name,
            source="原告持有",
            purpose=purpose,
            data=pdf(name),
            original_available=True,
        )
        for name, purpose in (("借条", "被告向原告借款五万元"), ("转账记录", "原告已交付借款"))
    ]
    s["d_items"] = [
        services.item_submit(
            case=case,
            actor=s["d_lawyer"],
            name="还款凭证",
            source="被告持有",
            purpose="被告已归还部分借款",
            data=pdf("还款凭证"),
        )
    ]
    s["round"] = services.round_open(
        case=case,
        actor=s["assistant"],
        kind="opinions",
        due_on=dt.date.today() + dt.timedelta(days=7),
    )
    return s


ADMIT_ALL = {"authenticity": "admit", "legality": "admit", "relevance": "admit", "purpose": "admit"}
