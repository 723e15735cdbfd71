"""Cataloguing by content (智能编目): which kind of paper a text is, and the few fields that
can be read from it reliably. Pure Python: suggestions only, a clerk confirms them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# (label, item kind, keywords (any), weight). Layout cues are the keywords a form prints.
_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("居民身份证", "identity", ("居民身份证", "公民身份号码", "签发机关", "有效期限")),
    ("营业执照", "identity", ("营业执照", "统一社会信用代码", "法定代表人", "经营范围")),
    ("授权委托书", "power_of_attorney", ("授权委托书", "委托人", "受托人", "代理权限")),
    ("转账凭证", "evidence", ("转账", "回单", "交易金额", "收款人", "付款人", "汇款", "流水号")),
    ("借条", "evidence", ("借条", "借据", "今借到", "借款人", "出借人")),
    ("起诉状", "complaint", ("起诉状", "诉讼请求", "事实与理由", "此致")),
    ("判决书", "judgment", ("判决书", "判决如下", "本院认为")),
    ("裁定书", "judgment", ("裁定书", "裁定如下")),
    ("调解书", "judgment", ("调解书", "调解协议")),
    ("受理通知书", "acceptance_notice", ("受理通知书", "决定立案审理")),
    ("交费通知书", "fee", ("交费通知书", "案件受理费", "诉讼费")),
    ("送达回证", "service_proof", ("送达回证", "受送达人")),
    ("笔录", "transcript", ("笔录", "书记员", "记录人")),
)

_ID_NUMBER = re.compile(
    r"(?<![0-9])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}[01][0-9][0-3][0-9]{4}[0-9Xx])"
)
_NAME = re.compile(r"姓\s*名\s*[:：]?\s*([\u4e00-\u9fff·]{2,6})")
_USCC = re.compile(
    r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])"
)
_AMOUNT = re.compile(
    r"(?:金额|交易金额|转账金额|人民币|小写)\s*[:：]?\s*(?:人民币|RMB|CNY|¥|￥)?\s*"
    r"([0-9][0-9,]*(?:\.[0-9]{1,2})?)\s*元?"
)
_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*[-年/.]\s*([01]?[0-9])\s*[-月/.]\s*([0-3]?[0-9])\s*日?")


@dataclass
class Suggestion:
    label: str = ""
    kind: str = ""
    score: int = 0
    fields: dict[str, str] = field(default_factory=dict)


def _id_valid(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def suggest(text: str) -> Suggestion:
    """The best-matching kind for ``text`` (a title keyword counts most) and its fields."""
    compact = re.sub(r"\s+", "", text or "")
    if not compact:
        return Suggestion()
    best = Suggestion()
    head = compact[:40]
    for label, kind, keywords in _RULES:
        score = sum(2 for k in keywords if k in compact)
        if label in head:
            score += 5
        if score > best.score:
            best = Suggestion(label=label, kind=kind, score=score)
    if best.score < 2:
        return Suggestion()
    best.fields = extract_fields(best.label, text)
    return best


def extract_fields(label: str, text: str) -> dict[str, str]:
    """Only fields that check out: an ID number with a valid check digit, an amount, a date."""
    fields: dict[str, str] = {}
    compact = re.sub(r"[ \t]+", "", text or "")
    if label == "居民身份证":
        for number in _ID_NUMBER.findall(compact):
            if _id_valid(number):
                fields["id_number"] = number.upper()
                break
        if m := _NAME.search(compact):
            fields["name"] = m.group(1)
    elif label == "营业执照" and (m := _USCC.search(compact)):
        fields["uscc"] = m.group(1)
    if label in ("转账凭证", "借条"):
        if m := _AMOUNT.search(compact):
            fields["amount"] = m.group(1).replace(",", "")
        if m := _DATE.search(compact):
            y, mo, d = (int(g) for g in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                fields["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
    return fields
