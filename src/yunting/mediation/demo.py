"""Demo: the 沪0105 court's mediation network (a people's mediation committee, a banking
disputes centre, a lawyers' office, each with a mediator) and disputes at each stage — waiting
for designation, mediating (with a private side conversation), signed, awaiting confirmation,
confirmed with its sealed ruling, refused, and failed and sent to filing — and, for the
statistics page's chart, a few more signed, withdrawn or refused ones; the closed disputes' dates
are set back by hand (``_back``) so they spread over the last six months. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yunting.accounts.models import User
from yunting.accounts.roles import Role
from yunting.accounts.services import role_grant

from . import services
from .models import (
    Dispute,
    MediationOrganisation,
    Mediator,
    OrganisationKind,
    PartySide,
    Speciality,
)

DEMO_MARK = "【演示】"

# (organisation, kind, specialities, region, mediator phone, mediator name, mediator specialities,
# profile)
NETWORK = [
    (
        "向阳街道人民调解委员会",
        OrganisationKind.PEOPLES,
        [Speciality.PROPERTY, Speciality.FAMILY, Speciality.TRAFFIC],
        "向阳街道",
        "13900000041",
        "陈调解员",
        [Speciality.PROPERTY, Speciality.TRAFFIC],
        "社区调解二十年，擅长相邻关系与交通事故赔偿。",
    ),
    (
        "上海银行业纠纷调解中心",
        OrganisationKind.TRADE,
        [Speciality.LENDING, Speciality.COMMERCIAL],
        "",
        "13900000042",
        "刘调解员",
        [Speciality.LENDING, Speciality.COMMERCIAL],
        "原银行法务，专职金融纠纷调解。",
    ),
    (
        "明理律师调解工作室",
        OrganisationKind.LAWYERS,
        [Speciality.LABOUR, Speciality.COMMERCIAL],
        "",
        "13900000043",
        "黄律师调解员",
        [Speciality.LABOUR, Speciality.LENDING],
        "执业律师，特邀调解员。",
    ),
]


@transaction.atomic
def mediation_network_ensure(password: str) -> list[Mediator]:
    """The demo court's organisations and mediators (idempotent); each mediator may use the
    workbench as a mediator of the court."""
    from yunting.courts.models import Court

    court = Court.objects.get(code="沪0105")
    mediators = []
    for org_name, kind, specs, region, phone, name, own_specs, profile in NETWORK:
        org, _ = MediationOrganisation.objects.get_or_create(
            court=court,
            name=org_name,
            defaults={"kind": kind, "specialities": list(specs), "region": region},
        )
        user = User.objects.filter(phone=phone).first()
        if user is None:
            user = User.objects.create_user(
                phone,
                password,
                name=name,
                email=f"{phone}@demo.yunting.invalid",
            )
        role_grant(user=user, role=Role.MEDIATOR, court=court)
        mediator, _ = Mediator.objects.get_or_create(
            user=user,
            defaults={
                "organisation": org,
                "specialities": list(own_specs),
                "region": region,
                "profile": profile,
            },
        )
        mediators.append(mediator)
    return mediators


def _register(
    applicant: User,
    respondent: User,
    *,
    cause: str,
    speciality: str,
    claim: str,
    amount: str,
    facts: str,
) -> Dispute:
    from yunting.courts.models import Court

    return services.dispute_register(
        user=applicant,
        court=Court.objects.get(code="沪0105"),
        cause_name=cause,
        speciality=speciality,
        region="向阳街道",
        claim=claim,
        amount=Decimal(amount),
        facts=f"{DEMO_MARK}{facts}",
        parties=[
            services.PartyInput(
                side=PartySide.APPLICANT,
                name=applicant.name,
                address="上海市黄浦区人民路1号",
                is_self=True,
            ),
            services.PartyInput(
                side=PartySide.RESPONDENT,
                name=respondent.name,
                phone=respondent.phone,
                address="上海市长宁区仙霞路300号",
            ),
        ],
    )


def _back(dispute: Dispute, months: int) -> None:
    """Move the dispute's dates back to the 10th of the month ``months`` before this one (the
    ledger keeps the true times: this is demo data for the statistics' spread)."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    delta = today - dt.date(index // 12, index % 12 + 1, 10)
    if months == 0 or delta.days <= 0:
        return
    Dispute.objects.filter(pk=dispute.pk).update(
        **{f: F(f) - delta for f in ("received_on", "joint_choice_due", "designation_due")},
        **{
            f: F(f) - delta
            for f in ("assigned_on", "started_on", "period_end", "ended_at")
            if getattr(dispute, f) is not None
        },
        created_at=F("created_at") - delta,
    )


# (months back, outcome) of the disputes that only give the chart its spread.
SPREAD = [
    (5, "agreed"),
    (5, "withdrawn"),
    (4, "agreed"),
    (3, "agreed"),
    (3, "withdrawn"),
    (1, "agreed"),
    (1, "refused"),
    (0, "agreed"),
]


def _spread(applicant: User, respondent: User, coordinator: User, mediator: Mediator) -> int:
    for months, outcome in SPREAD:
        d = _register(
            applicant,
            respondent,
            cause="民间借贷纠纷",
            speciality=Speciality.LENDING,
            claim="归还借款",
            amount="8000",
            facts="借款8000元未还。",
        )
        if outcome == "withdrawn":
            services.dispute_withdraw(dispute=d, user=applicant, reason="双方已自行和解。")
        else:
            services.dispute_answer_invitation(
                dispute=d, user=respondent, accept=outcome == "agreed"
            )
        if outcome == "agreed":
            services.dispute_assign(dispute=d, actor=coordinator, mediator=mediator)
            agreement = services.agreement_draft(
                dispute=d, actor=mediator.user, text="一、李四分两期向张三归还借款人民币8000元。"
            )
            for user in (applicant, respondent):
                services.agreement_sign(
                    agreement=agreement, user=user, seen_sha256=agreement.sha256
                )
        d.refresh_from_db()
        _back(d, months)
    return len(SPREAD)


@transaction.atomic
def seed_demo_mediation(password: str) -> int:
    """Disputes at each stage; returns how many were created (0 when already there)."""
    mediators = mediation_network_ensure(password)
    if Dispute.objects.filter(facts__startswith=DEMO_MARK).exists():
        return 0
    zhang = User.objects.get(phone="13900000001")
    li = User.objects.get(phone="13900000002")
    coordinator = User.objects.get(phone="13900000017")
    judge = User.objects.get(phone="13900000013")
    chen, liu = mediators[0].user, mediators[1].user
    created = 0

    # 1. Waiting for the coordinator's designation.
    _register(
        zhang,
        li,
        cause="相邻关系纠纷",
        speciality=Speciality.PROPERTY,
        claim="停止漏水侵害，赔偿维修费",
        amount="6000",
        facts="楼上卫生间漏水致原告天花板受损。",
    )
    created += 1

    # 2. Mediating, with a joint and a private conversation.
    d = _register(
        zhang,
        li,
        cause="民间借贷纠纷",
        speciality=Speciality.LENDING,
        claim="归还借款本金及利息",
        amount="50000",
        facts="2025年借款5万元，到期未还。",
    )
    services.dispute_answer_invitation(dispute=d, user=li, accept=True)
    services.dispute_assign(dispute=d, actor=coordinator, mediator=mediators[1])
    services.message_post(dispute=d, user=liu, text="双方好，今天先核对借款金额和还款记录。")
    services.message_post(dispute=d, user=li, text="我已还过1万元，有转账记录。")
    side = d.parties.get(side=PartySide.RESPONDENT)
    services.message_post(dispute=d, user=liu, side=side, text="单独问一下：分期还款您能接受吗？")
    services.message_post(dispute=d, user=li, side=side, text="每月5000元可以接受。")
    services.evidence_add(dispute=d, user=zhang, title="借条", purpose="证明借款事实")
    created += 1

    # 3.-5. Signed; awaiting confirmation; confirmed.
    for stage in ("agreed", "confirmation", "confirmed"):
        d = _register(
            zhang,
            li,
            cause="民间借贷纠纷",
            speciality=Speciality.LENDING,
            claim="归还借款",
            amount="20000",
            facts="借款2万元未还。",
        )
        services.dispute_answer_invitation(dispute=d, user=li, accept=True)
        services.dispute_assign(dispute=d, actor=coordinator, mediator=mediators[1])
        agreement = services.agreement_draft(
            dispute=d,
            actor=liu,
            text="一、李四于2026年12月31日前向张三归还借款人民币20000元。\n二、双方再无其他争议。",
        )
        for user in (zhang, li):
            services.agreement_sign(agreement=agreement, user=user, seen_sha256=agreement.sha256)
        if stage in ("confirmation", "confirmed"):
            d = services.confirmation_apply(dispute=d, user=zhang)
        if stage == "confirmed":
            d.refresh_from_db()
            services.confirmation_rule(
                dispute=d, judge=d.confirmation_case.judge or judge, confirm=True
            )
        d.refresh_from_db()
        _back(d, {"agreed": 1, "confirmation": 2, "confirmed": 3}[stage])
        created += 1

    # 6. Refused by the other side.
    d = _register(
        zhang,
        li,
        cause="机动车交通事故责任纠纷",
        speciality=Speciality.TRAFFIC,
        claim="赔偿医疗费",
        amount="12000",
        facts="小区内倒车刮伤。",
    )
    services.dispute_answer_invitation(dispute=d, user=li, accept=False)
    d.refresh_from_db()
    _back(d, 4)
    created += 1

    # 7. Failed and sent to filing with the record.
    d = _register(
        zhang,
        li,
        cause="相邻关系纠纷",
        speciality=Speciality.PROPERTY,
        claim="拆除违建围墙",
        amount="0",
        facts="被申请人加建围墙阻碍通行。",
    )
    services.dispute_answer_invitation(dispute=d, user=li, accept=True)
    services.dispute_assign(dispute=d, actor=coordinator, mediator=mediators[0])
    services.address_confirm(dispute=d, user=li, address="上海市长宁区仙霞路300号", phone=li.phone)
    services.evidence_add(dispute=d, user=zhang, title="现场照片", purpose="证明围墙位置")
    services.facts_record(dispute=d, actor=chen, text="围墙系被申请人于2026年5月加建。")
    services.dispute_convert(dispute=d, actor=chen, reason="双方对拆除方案无法达成一致。")
    d.refresh_from_db()
    _back(d, 2)
    created += 1

    # 8.- Spread over the months, for the statistics.
    created += _spread(zhang, li, coordinator, mediators[1])
    return created
