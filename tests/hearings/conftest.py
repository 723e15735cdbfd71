from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from yunting.accounts.models import User


def make_hearing_case(demo, *, defendant_name="李四"):
    """An accepted case at 长宁: judge 刘法官, clerk 郑书记员; plaintiff 张三 with 王律师 as
    agent; defendant 李四 (a person with an account)."""
    from yunting.cases.services import AgentData, ClaimData, PartyData, case_create
    from yunting.courts.models import Court

    court = Court.objects.get(code="沪0105")
    lisi = User.objects.get(phone="13900000002")
    case = case_create(
        court=court,
        actor=demo["filing_officer"],
        type_code="民初",
        cause_name="民间借贷纠纷",
        parties=[
            PartyData(
                role="plaintiff",
                kind="person",
                name="张三",
                id_type="citizen",
                id_number="310105198503122015",
                address="上海市长宁区天山路100号",
                phone="13900000001",
                user=demo["litigant"],
                agents=[
                    AgentData(name="王律师", user=demo["lawyer"], law_firm="上海示范律师事务所")
                ],
            ),
            PartyData(
                role="defendant",
                kind="person",
                name=defendant_name,
                id_type="citizen",
                id_number="31010419900720102X",
                address="上海市静安区1号",
                phone="13900000002",
                user=lisi,
            ),
        ],
        claims=[ClaimData(text="判令被告归还借款", amount=Decimal("50000.00"))],
    )
    case.judge = demo["judge"]
    case.clerk = demo["clerk"]
    case.save(update_fields=["judge", "clerk"])
    return case


@pytest.fixture
def hcase(demo):
    return make_hearing_case(demo)


@pytest.fixture
def other_hcase(demo):
    return make_hearing_case(demo, defendant_name="李四")


@pytest.fixture
def room(court):
    from yunting.courts.models import Courtroom

    return Courtroom.objects.filter(court=court, supports_online=True).order_by("name").first()


def at(days=1, hour=9, minute=0):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def grant_witness(hearing, *, name="赵证人", id_number="310105199001011234", phone=""):
    """A witness seated the only way there is: 张三 applies, 李四 objects, the judge grants."""
    from yunting.hearings import witnesses

    application = witnesses.witness_apply(
        hearing=hearing,
        user=hearing.participants.get(role="party", name="张三").user,
        name=name,
        id_number=id_number,
        phone=phone,
        testimony="目睹借款交付。",
    )
    witnesses.witness_object(
        application=application, user=User.objects.get(phone="13900000002"), reasons="利害关系"
    )
    return witnesses.witness_decide(
        application=application, actor=hearing.case.judge, grant=True, reasons="准许"
    ).participant


def ungranted_witness(hearing, **extra):
    """A witness seat made straight in the database, not through a granted application: every
    entry path must refuse it with ``witness_not_granted``."""
    from yunting.hearings.models import Participant

    now = timezone.now()
    return Participant.objects.create(
        hearing=hearing,
        role="witness",
        name="钱证人",
        id_number="310105198801012345",
        consent_at=now,
        rules_accepted_at=now,
        device_checked_at=now,
        undertaking_signed_at=now,
        **extra,
    )
