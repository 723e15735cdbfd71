"""Cases for service tests, built through the real services (defendant with a lawyer)."""

from __future__ import annotations

from decimal import Decimal

from yunting.cases.services import AgentData, ClaimData, PartyData, case_create

DEFENDANT_CODE = "91350100M000100Y43"


def make_service_case(
    *, court, judge, clerk=None, lawyer=None, defendant_id=DEFENDANT_CODE, abroad=False
):
    parties = [
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
            name="上海示范贸易有限公司",
            id_type="uscc",
            id_number=defendant_id,
            address="上海市长宁区延安西路1号",
            representative="王五",
            phone="13900000099",
            agents=[AgentData(name=lawyer.name, user=lawyer, law_firm="上海示范律师事务所")]
            if lawyer
            else [],
        ),
    ]
    case = case_create(
        court=court,
        actor=None,
        type_code="民初",
        cause_name="民间借贷纠纷",
        parties=parties,
        claims=[ClaimData(text="判令被告归还借款本金人民币150,000元", amount=Decimal("150000.00"))],
    )
    case.judge, case.clerk = judge, clerk
    case.save(update_fields=["judge", "clerk"])
    return case


def defendant(case):
    return case.parties.get(role="defendant")


def issue(case, actor, code="response_notice", recipient=None, extra=None):
    from yunting.documents.services import document_issue

    return document_issue(
        template_code=code,
        case=case,
        actor=actor,
        recipient=recipient if recipient is not None else defendant(case),
        extra=extra,
    )
