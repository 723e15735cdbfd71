"""Building cases for tests through the real service (numbering, ledger and all)."""

from __future__ import annotations

from decimal import Decimal

from yunting.cases.services import AgentData, ClaimData, PartyData, case_create


def make_case(*, court, actor=None, plaintiff_user=None, lawyer=None, defendant_user=None, **kw):
    parties = [
        PartyData(
            role="plaintiff",
            kind="person",
            name=plaintiff_user.name if plaintiff_user else "张三",
            id_type="citizen",
            id_number="310105198503122015",
            address="上海市长宁区天山路100号",
            phone="13900000001",
            user=plaintiff_user,
            agents=[AgentData(name=lawyer.name, user=lawyer, law_firm="上海示范律师事务所")]
            if lawyer
            else [],
        ),
        PartyData(
            role="defendant",
            kind="organisation",
            name="上海示范贸易有限公司",
            id_type="uscc",
            id_number="91350100M000100Y43",
            address="上海市长宁区延安西路1号",
            representative="王五",
            user=defendant_user,
        ),
    ]
    claims = [
        ClaimData(text="判令被告归还借款本金人民币150,000元", amount=Decimal("150000.00")),
        ClaimData(text="判令被告承担本案诉讼费用"),
    ]
    defaults = {
        "type_code": "民初",
        "cause_name": "民间借贷纠纷",
        "parties": parties,
        "claims": claims,
    }
    defaults.update(kw)
    return case_create(court=court, actor=actor, **defaults)
