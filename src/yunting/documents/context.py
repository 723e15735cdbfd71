"""The facts a document is filled with, read from the case (and the ``extra`` details).

Everything here is plain data (str, Decimal, lists, dicts) so the same context fills the PDF
template, the Word draft and the tests. Party descriptions follow the first paragraph of a
judgment (《民事诉讼文书样式》): 原告：张三，男，1985年3月12日出生，住……。
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from yunting.rules.amounts import format_yuan, to_uppercase_rmb
from yunting.rules.errors import RuleError
from yunting.rules.fee_kinds import acceptance_fee, fee_kind_for_cause
from yunting.rules.fees import compute_fee

from .dates import chinese_date

ROLE_LABELS = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人"}
PROCEDURE_LABELS = {
    "ordinary": "普通程序",
    "summary": "简易程序",
    "small_claims": "小额诉讼程序",
}


def money(amount: Decimal | None) -> dict[str, str]:
    """An amount in the three ways documents write it: 150,000.00 / ¥150,000.00 / 壹拾伍万元整."""
    amount = Decimal(amount or 0).quantize(Decimal("0.01"))
    return {
        "figure": f"{amount:,.2f}",
        "yuan": format_yuan(amount),
        "upper": to_uppercase_rmb(amount),
        "raw": str(amount),
    }


def _person_details(id_type: str, id_number: str) -> tuple[str, str]:
    """Sex and birth date from an 18-digit citizen ID (GB 11643), as judgments state them."""
    if id_type != "citizen" or len(id_number) != 18 or not id_number[:17].isdigit():
        return "", ""
    sex = "男" if int(id_number[16]) % 2 else "女"
    try:
        born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return sex, ""
    return sex, f"{born.year}年{born.month}月{born.day}日出生"


def party_data(party) -> dict[str, Any]:
    role = ROLE_LABELS.get(party.role, party.get_role_display())
    agents = [
        {
            "name": a.name,
            "law_firm": a.law_firm,
            "line": f"委托诉讼代理人：{a.name}，{a.law_firm}律师。"
            if a.law_firm
            else f"委托诉讼代理人：{a.name}。",
        }
        for a in party.agents.all()
    ]
    is_person = party.kind == "person"
    if is_person:
        sex, born = _person_details(party.id_type, party.id_number)
        bits = [b for b in (sex, born) if b]
        if party.address:
            bits.append(f"住{party.address}")
        description = f"{role}：{party.name}" + ("，" + "，".join(bits) if bits else "") + "。"
    else:
        description = (
            f"{role}：{party.name}" + (f"，住所地{party.address}" if party.address else "") + "。"
        )
    lines = [description]
    if not is_person and party.representative:
        lines.append(f"法定代表人：{party.representative}。")
    lines.extend(a["line"] for a in agents)
    return {
        "id": str(party.id),
        "name": party.name,
        "role": party.role,
        "role_label": role,
        "is_person": is_person,
        "id_number": party.id_number,
        "address": party.address,
        "phone": party.phone,
        "representative": party.representative,
        "agents": agents,
        "description": description,
        "lines": lines,
        "abroad": party.abroad,
    }


def _fee(amount: Decimal, **kw: Any) -> dict[str, str]:
    try:
        result = compute_fee("property", amount=amount, **kw)
    except RuleError:
        return {**money(Decimal("0")), "halved_by": "", "halved_for": ""}
    return {**money(result.fee), **_halving(result)}


def _halving(result) -> dict[str, str]:
    # The articles a halved fee rests on (Art. 16: summary procedure), for the notice to cite:
    # "减半交纳：第十六条（适用简易程序）" → 第十六条 / 适用简易程序.
    articles, reasons = [], []
    for item in result.breakdown:
        label = getattr(item, "label", "") or ""
        if label.startswith("减半交纳："):
            article, _sep, reason = label.removeprefix("减半交纳：").partition("（")
            articles.append(article)
            reasons.append(reason.rstrip("）"))
    return {"halved_by": "、".join(articles), "halved_for": "、".join(reasons)}


def court_data(court) -> dict[str, str]:
    return {
        "name": court.name,
        "code": court.code,
        "address": court.address,
        "phone": court.phone,
        "appeal_court": court.parent.name if court.parent_id else "",
        "fee_account_name": court.fee_account_name or court.name,
        "fee_bank": court.fee_bank,
        "fee_account": court.fee_account,
    }


def _case_fees(case, amount: Decimal, summary: bool) -> dict[str, Any]:
    """The fees a document states, of the kind the cause gives (rules.fee_kinds, as the fee
    orders): the acceptance fee as assessed (``case.acceptance_fee``, which follows any
    re-assessment), the full fee and its halves (Art. 15)."""
    kind = fee_kind_for_cause(
        cause_code=case.cause_code, cause_name=case.cause_name, revision=case.cause_revision
    ).kind
    try:
        full = acceptance_fee(kind, claim_total=amount)
        current = acceptance_fee(kind, claim_total=amount, summary=summary)
    except RuleError:
        zero = {**money(Decimal("0")), "halved_by": "", "halved_for": ""}
        return {"acceptance": zero, "full": zero, "no_prepay": False}
    half = (full.unrounded / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # Art. 15
    # a case not (yet) assessed stores 0: state what the rules give (a no-fee case gives 0 too)
    assessed = case.acceptance_fee or current.fee
    return {
        "acceptance": {**money(assessed), **_halving(current)},
        "full": {**money(full.fee), **_halving(full)},
        "withdrawal": {**money(half), "halved_by": "", "halved_for": ""},
        "mediation": {**money(half), "halved_by": "", "halved_for": ""},
        # 第二十条：追索劳动报酬的案件可以不预交案件受理费。
        "no_prepay": current.timing == "no-prepay",
    }


def case_context(
    case,
    *,
    recipient=None,
    extra: dict | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Everything a template may use. ``extra`` values are strings given when issuing."""
    today = today or timezone.localdate()
    order = {
        role: n for n, role in enumerate(ROLE_LABELS)
    }  # 原告, 被告, 第三人 — as documents list them
    parties = [
        party_data(p)
        for p in sorted(
            case.parties.all().prefetch_related("agents"),
            key=lambda p: (order.get(p.role, 9), p.position),
        )
    ]
    by_role = {r: [p for p in parties if p["role"] == r] for r in ROLE_LABELS}
    claims = [
        {"text": c.text, "amount": money(c.amount) if c.amount is not None else None}
        for c in case.claims.all()
    ]
    amount = case.claim_amount or Decimal("0")
    summary = case.procedure in ("summary", "small_claims")
    court = case.court
    recipient_data = party_data(recipient) if recipient is not None else None
    return {
        "court": court_data(court),
        "case": {
            "number": case.case_number,
            "cause": case.cause_name,
            "procedure": case.procedure,
            "procedure_label": PROCEDURE_LABELS.get(case.procedure, case.procedure),
            "accepted_on": case.accepted_on,
            "accepted_on_cn": chinese_date(case.accepted_on),
            "accepted_on_short": f"{case.accepted_on.year}年{case.accepted_on.month}月"
            f"{case.accepted_on.day}日",
            "facts": case.facts,
            "claim_amount": money(amount),
        },
        "parties": parties,
        "plaintiffs": by_role["plaintiff"],
        "defendants": by_role["defendant"],
        "third_parties": by_role["third_party"],
        "plaintiff_names": "、".join(p["name"] for p in by_role["plaintiff"]),
        "defendant_names": "、".join(p["name"] for p in by_role["defendant"]),
        # parties without domicile in China appeal within 30 days (CPL Art. 286)
        "abroad_names": "、".join(p["name"] for p in parties if p["abroad"]),
        "claims": claims,
        "money_claims": [c for c in claims if c["amount"] is not None],
        "fee": _case_fees(case, amount, summary),
        "judge": case.judge.name if case.judge_id else "",
        "clerk": case.clerk.name if case.clerk_id else "",
        "summary": summary,
        "today": today,
        "today_cn": chinese_date(today),
        "recipient": recipient_data,
        "addressee": recipient_data["name"] if recipient_data else "",
        "extra": {str(k): v for k, v in (extra or {}).items()},
    }


def sample_context(court, *, today: dt.date | None = None) -> dict[str, Any]:
    """A made-up case for previewing a template in a court that has no case yet."""
    today = today or timezone.localdate()
    plaintiff = {
        "id": "",
        "name": "张三",
        "role": "plaintiff",
        "role_label": "原告",
        "is_person": True,
        "id_number": "",
        "address": "上海市长宁区天山路100号",
        "phone": "",
        "representative": "",
        "agents": [],
        "description": "原告：张三，男，1985年3月12日出生，住上海市长宁区天山路100号。",
        "abroad": False,
    }
    plaintiff["lines"] = [plaintiff["description"]]
    defendant = {
        "id": "",
        "name": "上海示范贸易有限公司",
        "role": "defendant",
        "role_label": "被告",
        "is_person": False,
        "id_number": "",
        "address": "上海市长宁区延安西路1号",
        "phone": "",
        "representative": "王五",
        "agents": [],
        "description": "被告：上海示范贸易有限公司，住所地上海市长宁区延安西路1号。",
        "abroad": False,
    }
    defendant["lines"] = [defendant["description"], "法定代表人：王五。"]
    amount = Decimal("150000.00")
    return {
        "court": court_data(court),
        "case": {
            "number": f"（{today.year}）{court.code}民初1号",
            "cause": "民间借贷纠纷",
            "procedure": "ordinary",
            "procedure_label": "普通程序",
            "accepted_on": today,
            "accepted_on_cn": chinese_date(today),
            "accepted_on_short": f"{today.year}年{today.month}月{today.day}日",
            "facts": "",
            "claim_amount": money(amount),
        },
        "parties": [plaintiff, defendant],
        "plaintiffs": [plaintiff],
        "defendants": [defendant],
        "third_parties": [],
        "plaintiff_names": "张三",
        "defendant_names": "上海示范贸易有限公司",
        "abroad_names": "",
        "claims": [
            {"text": "判令被告归还借款本金人民币150,000元", "amount": money(amount)},
            {"text": "判令被告承担本案诉讼费用", "amount": None},
        ],
        "money_claims": [{"text": "判令被告归还借款本金人民币150,000元", "amount": money(amount)}],
        "fee": {
            "acceptance": _fee(amount),
            "full": _fee(amount),
            "withdrawal": _fee(amount, halve="withdrawal"),
            "mediation": _fee(amount, halve="mediation"),
        },
        "judge": "审判员",
        "clerk": "书记员",
        "summary": False,
        "today": today,
        "today_cn": chinese_date(today),
        "recipient": plaintiff,
        "addressee": "张三",
        "extra": {},
    }
