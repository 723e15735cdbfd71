"""Drafting a judgment or ruling from the case's structured data: the standard sections, the
element order for the three element-style causes, the legal bases per cause (data), and the
differences between versions (difflib)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The editable sections in the order of a civil judgment. 首部, 当事人, the claims (from the
# case), 上诉告知 and 尾部 are printed by the documents template from the case itself.
SECTIONS: list[tuple[str, object]] = [
    ("hearing_summary", _("How the case was heard (审理经过)")),
    ("defence", _("Defence (答辩意见)")),
    ("facts_found", _("Facts found (本院查明)")),
    ("reasoning", _("Reasoning (本院认为)")),
    ("decision", _("Decision (判决如下)")),
    ("fee_burden", _("Court fee burden (诉讼费负担)")),
]
# Sections only a ruling has: the court a case is transferred to (移送管辖).
RULING_SECTIONS: list[tuple[str, object]] = [
    ("receiving_court", _("Receiving court (受移送法院)")),
]
ALL_SECTIONS: list[tuple[str, object]] = [*SECTIONS, *RULING_SECTIONS]
SECTION_NAMES = [name for name, _label in ALL_SECTIONS]
# The sections the draft page edits for each kind (the rest is printed from the case).
KIND_SECTIONS: dict[str, tuple[str, ...]] = {
    "judgment": tuple(name for name, _label in SECTIONS),
    "withdrawal_ruling": ("fee_burden",),
    "treated_withdrawn_ruling": ("fee_burden",),
    "dismissal_ruling": ("reasoning", "fee_burden"),
    "not_accepted_ruling": ("reasoning", "fee_burden"),
    "transfer_ruling": ("reasoning", "receiving_court"),
}
REQUIRED_FOR_ISSUE = {
    "judgment": ("facts_found", "reasoning", "decision"),
    "withdrawal_ruling": (),
    "treated_withdrawn_ruling": (),
    "dismissal_ruling": ("reasoning",),
    "not_accepted_ruling": ("reasoning",),
    "transfer_ruling": ("reasoning", "receiving_court"),
}

# The procedural articles each ruling may rest on (all pre-selected; the judge unticks).
CPL_ = "《中华人民共和国民事诉讼法》"
SPC_ = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
RULING_BASES: dict[str, dict[str, str]] = {
    "dismissal_ruling": {
        "cpl_122": f"{CPL_}第一百二十二条",
        "cpl_157_1_3": f"{CPL_}第一百五十七条第一款第三项",
        "spc_208_3": f"{SPC_}第二百零八条第三款",
    },
    "not_accepted_ruling": {
        "cpl_122": f"{CPL_}第一百二十二条",
        "cpl_126": f"{CPL_}第一百二十六条",
        "cpl_157_1_1": f"{CPL_}第一百五十七条第一款第一项",
    },
    "transfer_ruling": {
        "cpl_37": f"{CPL_}第三十七条",
        "spc_35": f"{SPC_}第三十五条",
    },
}

# Element-style judgments (要素式裁判文书): facts found follow the elements of the cause.
ELEMENTS: dict[str, list[str]] = {
    "民间借贷纠纷": [
        "借款合意（借条、借款合同的签订时间和内容）",
        "借款金额及交付（交付方式、时间、实际出借金额）",
        "借款期限",
        "利息约定（利率、逾期利率）",
        "还款情况",
        "担保情况",
    ],
    "金融借款合同纠纷": [
        "借款合同的签订",
        "借款金额、期限及利率",
        "贷款发放",
        "还款情况及逾期",
        "罚息、复利的约定与计算",
        "担保情况",
    ],
    "机动车交通事故责任纠纷": [
        "事故经过（时间、地点、车辆、当事人）",
        "事故责任认定",
        "车辆投保情况（交强险、商业三者险）",
        "损失项目及金额",
        "已支付的款项",
    ],
}

# The legal bases a judge chooses from, per cause; quoted into the judgment as chosen.
# Keys are stable (a draft stores them); texts are the articles' names as printed.
COMMON_BASES = {
    "cpl_67": "《中华人民共和国民事诉讼法》第六十七条",
    "cpl_147": "《中华人民共和国民事诉讼法》第一百四十七条",
    "evidence_90": "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十条",
}
LEGAL_BASES: dict[str, dict[str, str]] = {
    "民间借贷纠纷": {
        "cc_667": "《中华人民共和国民法典》第六百六十七条",
        "cc_675": "《中华人民共和国民法典》第六百七十五条",
        "cc_676": "《中华人民共和国民法典》第六百七十六条",
        "cc_679": "《中华人民共和国民法典》第六百七十九条",
        "cc_680": "《中华人民共和国民法典》第六百八十条",
        "lending_25": "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条",
        "lending_28": "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十八条",
    },
    "金融借款合同纠纷": {
        "cc_465": "《中华人民共和国民法典》第四百六十五条",
        "cc_509": "《中华人民共和国民法典》第五百零九条",
        "cc_667": "《中华人民共和国民法典》第六百六十七条",
        "cc_674": "《中华人民共和国民法典》第六百七十四条",
        "cc_675": "《中华人民共和国民法典》第六百七十五条",
        "cc_676": "《中华人民共和国民法典》第六百七十六条",
    },
    "机动车交通事故责任纠纷": {
        "cc_1165": "《中华人民共和国民法典》第一千一百六十五条",
        "cc_1179": "《中华人民共和国民法典》第一千一百七十九条",
        "cc_1208": "《中华人民共和国民法典》第一千二百零八条",
        "cc_1213": "《中华人民共和国民法典》第一千二百一十三条",
        "rtsl_76": "《中华人民共和国道路交通安全法》第七十六条",
        "injury_6": "《最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释》第六条",
    },
}


def legal_bases_for(cause: str, kind: str = "judgment") -> dict[str, str]:
    """A judgment: cause-specific bases first, then the procedural ones every judgment may
    cite. A ruling: the procedural articles of that ruling (none for the withdrawal rulings,
    whose template quotes its own)."""
    if kind != "judgment":
        return dict(RULING_BASES.get(kind, {}))
    return {**LEGAL_BASES.get(cause, {}), **COMMON_BASES}


def legal_basis_text(cause: str, keys: list[str], kind: str = "judgment") -> str:
    bases = legal_bases_for(cause, kind)
    return "、".join(bases[k] for k in keys if k in bases)


@dataclass(frozen=True)
class SectionDiff:
    name: str
    label: object
    lines: list[str]  # unified diff lines, "+"/"-"/" " prefixed


def diff_versions(old: dict[str, str], new: dict[str, str]) -> list[SectionDiff]:
    """Per section, the lines removed and added between two versions (unchanged: omitted)."""
    out = []
    for name, label in ALL_SECTIONS:
        a = (old.get(name) or "").splitlines()
        b = (new.get(name) or "").splitlines()
        if a == b:
            continue
        lines = [
            line
            for line in difflib.unified_diff(a, b, lineterm="", n=1)
            if not line.startswith(("---", "+++", "@@"))
        ]
        out.append(SectionDiff(name, label, lines))
    return out


def _names(case, role: str) -> str:
    return "、".join(p.name for p in case.parties.all() if p.role == role)


def _agents(case) -> list[str]:
    lines = []
    for p in case.parties.all():
        for a in p.agents.all():
            firm = f"，{a.law_firm}律师" if a.law_firm else ""
            lines.append(f"{p.get_role_display()}{p.name}的委托诉讼代理人：{a.name}{firm}")
    return lines


def initial_sections(
    *, case, kind: str, sources: dict[str, str], fee_text: str, today_cn: str = ""
) -> dict[str, str]:
    """The first version of a draft, from the case and the registered sources."""
    plaintiff = _names(case, "plaintiff") or "原告"
    defendant = _names(case, "defendant") or "被告"
    if kind in ("dismissal_ruling", "not_accepted_ruling", "transfer_ruling"):
        # The judge writes why (本院认为 / 本院在审理过程中发现); the rest is the template's.
        sections = {"reasoning": "", "fee_burden": fee_text}
        if kind == "transfer_ruling":
            sections = {"reasoning": "", "receiving_court": ""}
        return sections
    if kind != "judgment":
        return {"fee_burden": fee_text, **{k: v for k, v in sources.items() if k == "reason"}}
    agents = _agents(case)
    hearing = sources.get("hearing_summary") or "公开开庭进行了审理。"
    if agents:
        hearing = f"{hearing}{'；'.join(agents)}到庭参加诉讼。"
    hearing = f"{hearing}本案现已审理终结。"
    facts_lines: list[str] = []
    if sources.get("undisputed"):
        facts_lines.append("对当事人无异议的事实，本院予以确认：" + sources["undisputed"])
    elements = ELEMENTS.get(case.cause_name)
    if elements:
        # 要素式: one paragraph per element, the plaintiff's answers from the complaint shown
        # for the judge to confirm or correct.
        claimed = sources.get("elements", "")
        for number, element in enumerate(elements, start=1):
            facts_lines.append(f"{number}. {element}：")
        if claimed:
            facts_lines.append("（原告在要素式起诉状中的陈述，供核对：）")
            facts_lines.extend(claimed.splitlines())
    elif case.facts:
        facts_lines.append(f"（原告陈述：{case.facts}）")
    reasoning = ""
    if sources.get("disputes"):
        reasoning = "本案的争议焦点为：" + sources["disputes"]
    money = [c for c in case.claims.all() if c.amount]
    decision = "\n".join(
        f"{i}、被告{defendant}于本判决生效之日起十日内支付原告{plaintiff}人民币{c.amount:,.2f}元；"
        for i, c in enumerate(money, start=1)
    )
    return {
        "hearing_summary": hearing,
        "defence": sources.get("defence", ""),
        "facts_found": "\n".join(facts_lines),
        "reasoning": reasoning,
        "decision": decision,
        "fee_burden": fee_text,
    }
