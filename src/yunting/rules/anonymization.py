"""Anonymizing a judgment for publication on the internet (裁判文书公开 · 脱敏).

Legal basis: 《最高人民法院关于人民法院在互联网公布裁判文书的规定》(法释〔2016〕19号).

第八条 人民法院在互联网公布裁判文书时，应当对下列人员的姓名进行隐名处理：
（一）婚姻家庭、继承纠纷案件中的当事人及其法定代理人；
（二）刑事案件被害人及其法定代理人、附带民事诉讼原告人及其法定代理人、证人、鉴定人；
（三）未成年人及其法定代理人。

第九条 根据本规定第八条进行隐名处理时，应当按以下情形处理：
（一）保留姓氏，名字以"某"替代；
（二）对于少数民族姓名，保留第一个字，其余内容以"某"替代；
（三）对于外国人、无国籍人姓名的中文译文，保留第一个字，其余内容以"某"替代……
对不同姓名隐名处理后发生重复的，通过在姓名后增加阿拉伯数字进行区分。

第十条 人民法院在互联网公布裁判文书时，应当删除下列信息：
（一）自然人的家庭住址、通讯方式、身份证号码、银行账号、健康状况、车牌号码、动产或不动产权属证书
编号等个人信息；
（二）法人以及其他组织的银行账号、车牌号码、动产或不动产权属证书编号等信息；……
按照本条第一款删除信息影响对裁判文书正确理解的，用符号"×"作部分替代。

第十一条 人民法院在互联网公布裁判文书，应当保留当事人、法定代理人、委托代理人、辩护人的下列信息：
（一）除根据本规定第八条进行隐名处理的以外，当事人及其法定代理人是自然人的，保留姓名、出生日期、
性别、住所地所属县、区；当事人及其法定代理人是法人或其他组织的，保留名称、住所地、组织机构代码，
以及法定代表人或主要负责人的姓名、职务；
（二）委托代理人、辩护人是律师或者基层法律服务工作者的，保留姓名、执业证号和律师事务所、基层法律
服务机构名称；……

Decisions (written down in docs/architecture.md, "Publication"):

- A name keeps its surname and becomes ``张某`` (Art. 9(1)); a minority name written with ``·``
  keeps its first character (Art. 9(2)). Two different names that would both read ``张某``
  become ``张某甲``, ``张某乙`` in order of first appearance (the project's interface; Art. 9
  itself distinguishes them by Arabic numerals).
- Whose names: in a cause under the catalogue's part 婚姻家庭、继承纠纷 (第二部分) every party
  who is a natural person, their 法定代理人 and the 被继承人; in any cause minors (a party, or
  a child named in the facts, under 18 on the judgment's date) and their 法定代理人, and 被害人. A
  受害人 in a traffic case is the plaintiff, whose name Art. 11(1) keeps.
- Removed values are replaced by ``×××`` after their label (Art. 10, last paragraph); a home
  address keeps its county or district (Art. 11(1)): ``住上海市徐汇区``. An organisation's 住所地
  and code, lawyers' 执业证号, judges, clerks, lawyers, law firms and courts stay.

Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from yunting.rules import causes
from yunting.rules.errors import RuleError

__all__ = [
    "KINDS",
    "MASK",
    "Anonymized",
    "KnownParty",
    "Replacement",
    "anonymize",
    "cause_hides_party_names",
    "masked_name",
    "parse_parties",
]

MASK = "×××"
HEALTH_MASK = "××"

# Replacement kinds, in the order a reviewer reads them.
KINDS: dict[str, str] = {
    "name": "姓名（隐名）",
    "id_number": "身份证件号码",
    "address": "家庭住址",
    "phone": "通讯方式",
    "bank_account": "银行账号",
    "plate": "车牌号码",
    "property_certificate": "权属证书编号",
    "health": "健康状况",
}

FAMILY_PART = "第二部分"  # 婚姻家庭、继承纠纷 in both revisions of the catalogue
ORDINALS = "甲乙丙丁戊己庚辛壬癸"

COMPOUND_SURNAMES = [
    "欧阳",
    "太史",
    "端木",
    "上官",
    "司马",
    "东方",
    "独孤",
    "南宫",
    "万俟",
    "闻人",
    "夏侯",
    "诸葛",
    "尉迟",
    "公羊",
    "赫连",
    "澹台",
    "皇甫",
    "宗政",
    "濮阳",
    "公冶",
    "太叔",
    "申屠",
    "公孙",
    "慕容",
    "仲孙",
    "钟离",
    "长孙",
    "宇文",
    "司徒",
    "鲜于",
    "司空",
    "闾丘",
    "子车",
    "亓官",
    "司寇",
    "巫马",
    "公西",
    "颛孙",
    "壤驷",
    "公良",
    "漆雕",
    "乐正",
    "宰父",
    "谷梁",
    "拓跋",
    "夹谷",
    "轩辕",
    "令狐",
    "段干",
    "百里",
    "呼延",
    "东郭",
    "南门",
    "羊舌",
    "微生",
    "公户",
    "公玉",
    "公仪",
    "梁丘",
    "公仲",
    "公上",
    "公门",
    "公山",
    "公坚",
    "左丘",
    "公伯",
    "西门",
    "公祖",
    "第五",
    "公乘",
    "贯丘",
    "公皙",
    "南荣",
    "东里",
    "东宫",
    "仲长",
    "子书",
    "子桑",
    "即墨",
    "达奚",
    "褚师",
]

CJK = "\u4e00-\u9fff"
STOP = "，,。；;：:\n（）()、"

# Roles that open a line of the party block (当事人), longest first so 原审原告 beats 原告.
PARTY_ROLES = (
    "再审申请人",
    "被申请人",
    "申请执行人",
    "被执行人",
    "原审原告",
    "原审被告",
    "原审第三人",
    "被上诉人",
    "上诉人",
    "申请人",
    "第三人",
    "原告",
    "被告",
)
REPRESENTATIVE_ROLES = ("法定代理人", "指定代理人")
ORG_HEAD_ROLES = ("法定代表人", "主要负责人", "负责人", "诉讼代表人")
AGENT_ROLES = ("委托诉讼代理人", "委托代理人", "辩护人")
ALL_ROLES = PARTY_ROLES + REPRESENTATIVE_ROLES + ORG_HEAD_ROLES + AGENT_ROLES

ORG_MARKERS = re.compile(
    r"(公司|银行|支行|分行|集团|合作社|委员会|中心|医院|学校|大学|学院|事务所|厂|商店|店|局|所|部|"
    r"协会|基金会|研究院|院|社|处|站|行|馆|村民小组|村委会|居委会|政府|机构|企业|组织|联合会)$"
)


@dataclass(frozen=True)
class KnownParty:
    """What the court knows about a person named in the judgment."""

    name: str
    kind: str = "person"  # person | organisation
    role: str = "party"  # party | legal_representative | agent | org_head | decedent | child
    birth_date: dt.date | None = None
    minor: bool = False
    victim: bool = False


@dataclass(frozen=True)
class Replacement:
    kind: str
    original: str
    replacement: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "original": self.original, "replacement": self.replacement}


@dataclass(frozen=True)
class Anonymized:
    text: str
    replacements: tuple[Replacement, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "replacements": [r.as_dict() for r in self.replacements]}


# --- causes -------------------------------------------------------------------------------


def cause_hides_party_names(cause: str | None) -> bool:
    """True when the cause is under 婚姻家庭、继承纠纷 (Art. 8(1)). ``cause`` is an official name
    (``离婚纠纷``) or key; ``None`` or empty means no cause given (names stay). An unknown name
    raises ``unknown_cause``."""
    if not cause or not cause.strip():
        return False
    name = cause.strip()
    for revision in reversed(causes.REVISIONS):
        cat = causes.catalogue(revision)
        matches = [c for c in cat.entries if c.name == name]
        if not matches:
            try:
                matches = [cat.get(name)]
            except RuleError:
                matches = []
        for match in matches:
            return cat.path(match.key)[0].key == FAMILY_PART
    raise RuleError("unknown_cause", f"{name!r} is not a cause in the official catalogue.")


# --- names --------------------------------------------------------------------------------


def surname_of(name: str) -> str:
    name = name.strip()
    if "·" in name or "•" in name:
        return name[0]
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def masked_name(name: str) -> str:
    """``张三`` → ``张某``, ``欧阳娜娜`` → ``欧阳某``, ``阿依古丽·买买提`` → ``阿某``."""
    return surname_of(name) + "某"


def _name_masks(names: Sequence[str]) -> dict[str, str]:
    """One mask per distinct name (in order of first appearance); a shared mask gets 甲乙丙…"""
    by_mask: dict[str, list[str]] = {}
    for name in names:
        by_mask.setdefault(masked_name(name), [])
        if name not in by_mask[masked_name(name)]:
            by_mask[masked_name(name)].append(name)
    out: dict[str, str] = {}
    for mask, group in by_mask.items():
        if len(group) == 1:
            out[group[0]] = mask
            continue
        for i, name in enumerate(group):
            suffix = ORDINALS[i] if i < len(ORDINALS) else str(i + 1)
            out[name] = mask + suffix
    return out


# --- the party block ----------------------------------------------------------------------

_ROLE_LINE = re.compile(
    r"^[ \t\u3000]*(?P<role>"
    + "|".join(ALL_ROLES)
    + r")(?:[（(][^）)\n]{1,12}[）)])?[：:][ \t\u3000]*"
    + r"(?P<name>[^，,。；;（(\n]+)(?P<rest>[^\n]*)$",
    re.M,
)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_BIRTH = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:出生|生)")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)


def _cn_number(text: str) -> int:
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def judgment_date(text: str) -> dt.date | None:
    """The judgment's date: the last date written in Chinese numerals (二〇二六年三月十日),
    else the last date in figures."""
    found = None
    for m in _CN_DATE.finditer(text):
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        found = _safe_date(year, _cn_number(m.group(2)), _cn_number(m.group(3))) or found
    if found:
        return found
    for m in _DATE.finditer(text):
        found = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) or found
    return found


def _age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _is_person(name: str, rest: str) -> bool:
    if re.search(r"^[，,](男|女)[，,。]|出生|族[，,]", rest):
        return True
    if ORG_MARKERS.search(name):
        return False
    return len(name) <= 4 or "·" in name


def _role_kind(role: str) -> str:
    if role in PARTY_ROLES:
        return "party"
    if role in REPRESENTATIVE_ROLES:
        return "legal_representative"
    if role in ORG_HEAD_ROLES:
        return "org_head"
    return "agent"


def parse_parties(text: str, *, on: dt.date | None = None) -> list[KnownParty]:
    """The people and organisations of the party block (原告：张三，女，…), with their kind,
    role and birth date; a party under 18 on ``on`` is a minor."""
    out: list[KnownParty] = []
    for m in _ROLE_LINE.finditer(text):
        name = m.group("name").strip()
        rest = m.group("rest")
        if not name or len(name) > 40:
            continue
        role = _role_kind(m.group("role"))
        person = _is_person(name, rest)
        birth = None
        b = _BIRTH.search(rest)
        if b:
            birth = _safe_date(int(b.group(1)), int(b.group(2)), int(b.group(3)))
        minor = bool(person and birth and on and _age_on(birth, on) < 18)
        out.append(
            KnownParty(
                name=name,
                kind="person" if person else "organisation",
                role=role,
                birth_date=birth,
                minor=minor,
            )
        )
    return out


# --- finding names in free text -----------------------------------------------------------

_PERSON = rf"(?:{'|'.join(COMPOUND_SURNAMES)}|[{CJK}])[{CJK}]{{1,2}}"
_CHILD = re.compile(
    r"(?:婚生子|婚生女|非婚生子|非婚生女|养子|养女|继子|继女|之子|之女|长子|次子|长女|次女|儿子|女儿|"
    r"孙子|孙女|外孙|外孙女|之父|之母|之妻|之夫|父亲|母亲|配偶)[：:]?"
)
_NAME_BORN = re.compile(
    rf"(?P<name>{_PERSON})[（(](?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日(?:出生|生)"
)
_VICTIM = re.compile(r"被害人[：:]?")
_DECEDENT = re.compile(r"被继承人[：:]?")
_NAME_TOKEN = re.compile(rf"^(?:{'|'.join(COMPOUND_SURNAMES)}|[{CJK}])[{CJK}]{{1,3}}$")
_NOT_NAMES = frozenset({"本人", "原告", "被告", "双方", "生前", "死亡", "去世", "名下", "遗产"})


def _name_after(text: str, pos: int) -> str | None:
    """The person's name written right after ``pos`` (a trigger such as 被害人), found by
    segmenting the next few characters (jieba, as DESIGN.md chooses for person names)."""
    window = text[pos : pos + 8]
    if not window or not re.match(rf"[{CJK}]", window):
        return None
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    words = jieba.lcut(window, HMM=True)
    first = words[0] if words else ""
    if len(first) == 1 and len(words) > 1 and len(words[1]) <= 2:
        first += words[1]  # a single-character surname cut off its given name
    if _NAME_TOKEN.match(first) and first not in _NOT_NAMES and len(first) <= 4:
        return first
    return None


def _names_in_text(text: str, *, on: dt.date | None, family: bool) -> list[tuple[int, str]]:
    """(position, name) of minors, victims and (in family cases) decedents and relatives named
    in the text."""
    triggers = [_VICTIM] + ([_CHILD, _DECEDENT] if family else [])
    found: list[tuple[int, str]] = []
    for pattern in triggers:
        for m in pattern.finditer(text):
            name = _name_after(text, m.end())
            if name:
                found.append((m.end(), name))
    for m in _NAME_BORN.finditer(text):
        birth = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if birth and on and _age_on(birth, on) < 18:
            found.append((m.start("name"), m.group("name")))
    return found


def _names_to_hide(
    text: str, parties: Sequence[KnownParty], *, family: bool, on: dt.date | None
) -> list[str]:
    hide: list[str] = []
    minor_seen = False
    for p in parties:
        if p.kind != "person" or not p.name:
            continue
        minor = p.minor or bool(p.birth_date and on and _age_on(p.birth_date, on) < 18)
        if p.role == "party":
            minor_seen = minor
        if (
            (p.role in ("party", "decedent", "child") and (family or minor or p.victim))
            or (p.role == "legal_representative" and (family or minor_seen or p.victim))
            or p.victim
            or minor
        ):
            hide.append(p.name)
    hide.extend(name for _, name in sorted(_names_in_text(text, on=on, family=family)))
    # Order by first appearance in the text, so 甲 is the first one a reader meets.
    distinct = list(dict.fromkeys(n.strip() for n in hide if n.strip()))
    return sorted(distinct, key=lambda n: (text.find(n) if n in text else len(text), n))


# --- personal information -----------------------------------------------------------------

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_KEEP_NUMBER_LABEL = re.compile(r"(信用代码|组织机构代码|执业证号|执业证|工号|案号)[：:为是]?\s*$")


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    replacement: str


def _value_spans(text: str, pattern: re.Pattern[str], kind: str, mask: str = MASK):
    for m in pattern.finditer(text):
        group = "v" if "v" in pattern.groupindex else 0
        if m.group(group):
            yield _Span(m.start(group), m.end(group), kind, mask)


_ID_LABELLED = re.compile(
    r"(?:公民身份号码|身份证号码|身份证号|身份证件号码|身份证|证件号码|护照号码|护照号)"
    r"(?:为|是|：|:)?\s*(?P<v>[0-9A-Za-z]{6,18})"
)
_ID_BARE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![0-9A-Za-z])"
)
_PHONE_LABELLED = re.compile(
    r"(?:联系电话|联系方式|手机号码|手机号|电话号码|手机|电话|微信号|微信|QQ号|QQ)"
    r"(?:为|是|：|:)?\s*(?P<v>(?:\+?86[-\s]?)?[0-9][0-9\-\s]{5,16}[0-9]|[A-Za-z][A-Za-z0-9_\-]{5,19})"
)
_PHONE_BARE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}|0\d{2,3}-\d{7,8})(?![0-9A-Za-z])"
)
_BANK_LABELLED = re.compile(
    r"(?:银行账号|银行帐号|银行账户|银行卡号|银行卡|账号|帐号|卡号|账户|帐户)"
    r"(?:为|是|：|:)?\s*(?P<v>\d[\d\s\-]{6,30}\d)"
)
_BANK_BARE = re.compile(r"(?<![0-9A-Za-z])(?:\d{4}[\s\-]?){3}\d{4,7}(?![0-9A-Za-z])")
_PLATE = re.compile(
    rf"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z][·•\s]?[A-HJ-NP-Z0-9]{{4,5}}[A-HJ-NP-Z0-9挂学警港澳]"
    rf"(?![A-Za-z0-9])"
)
_CERT_LABELLED = re.compile(
    r"(?:不动产权证书号|不动产权证号|不动产权证书编号|不动产权证|房地产权证号|房地产权证|房屋所有权证号|"
    r"房屋所有权证|房产证号|房产证|土地使用权证号|土地使用权证|产权证号|产权证书号|权属证书编号|"
    r"权属证书号|机动车登记证书编号|机动车登记证书号|登记证书编号)"
    r"(?:编号|号码|号)?(?:为|是|：|:)?\s*(?P<v>[^，,。；;\s、）)]{4,40})"
)
_CERT_BARE = re.compile(
    rf"[{_PROVINCES}][（(]\d{{4}}[）)][^，,。；;\s]{{0,16}}?不动产权第\d+号"
    rf"|[{_PROVINCES}]房地[{CJK}]{{0,6}}字[（(]?\d{{4}}[）)]?第?\d+号"
)
_ADDRESS = re.compile(
    rf"(?:(?<=[{STOP}\s])|^)(?:现住址|户籍地址|户籍所在地|户籍地|经常居住地|住址|现住|家住|住所地|住所|住)"
    rf"(?:在|于|为|：|:)?(?P<v>[^{STOP}\s]{{4,60}})",
    re.M,
)
_ADDRESS_FREE = re.compile(rf"(?:居住在|居住于|住在|住于)(?P<v>[^{STOP}\s]{{4,60}})")
_ADDRESS_SHAPE = re.compile(r"(路|街|巷|弄|号|室|栋|幢|楼|单元|村|组|小区|苑|园|公寓|大厦|镇|乡)")
_DISTRICT = re.compile(
    rf"^(?:[{CJK}]{{2,7}}?(?:省|自治区))?(?:[{CJK}]{{2,8}}?(?:市|自治州|地区|盟))?"
    rf"(?:[{CJK}]{{1,8}}?(?:区|县|旗|市))"
)
_CITY = re.compile(rf"^(?:[{CJK}]{{2,7}}?(?:省|自治区))?[{CJK}]{{2,8}}?(?:市|自治州|地区|盟)")
_HEALTH_TRIGGER = re.compile(
    r"(?:经诊断为|被诊断为|诊断为|诊断：|诊断:|确诊为|确诊患有|患有|罹患|患上|诊断结论为|病史：)"
    r"(?P<v>[^，,。；;\n]{2,40})"
)
_HEALTH_TERMS = re.compile(
    r"艾滋病|HIV|人类免疫缺陷病毒|精神分裂症|抑郁症|双相情感障碍|精神病|精神障碍|癫痫|梅毒|淋病|性病|"
    r"乙型肝炎|乙肝|丙肝|不孕不育|不孕症|不育症|白血病|[肺肝胃乳腺宫颈肠]癌|恶性肿瘤|尿毒症|吸毒史"
)
_HEALTH_RECORD = re.compile(
    r"(?:住院号|病案号|门诊号|病历号)(?:为|是|：|:)?\s*(?P<v>[0-9A-Za-z\-]{3,20})"
)


def _address_span(text: str, start: int, end: int) -> _Span | None:
    value = text[start:end]
    if not _ADDRESS_SHAPE.search(value) and not re.search(r"\d", value):
        return None
    if value.startswith(("院", "房", "宿", "所在", "处")):
        return None
    keep = _DISTRICT.match(value) or _CITY.match(value)
    kept = keep.group(0) if keep else ""
    if len(kept) >= len(value):
        return None
    return _Span(start, end, "address", kept or MASK)


def _org_lines(text: str, parties: Sequence[KnownParty]) -> list[tuple[int, int]]:
    """Lines of the party block that describe an organisation (their 住所地 stays)."""
    orgs = {p.name for p in parties if p.kind == "organisation"}
    out = []
    for m in _ROLE_LINE.finditer(text):
        if m.group("name").strip() in orgs and m.group("role") in PARTY_ROLES:
            out.append((m.start(), m.end()))
    return out


def _personal_spans(text: str, parties: Sequence[KnownParty]) -> list[_Span]:
    spans: list[_Span] = []
    spans += _value_spans(text, _ID_LABELLED, "id_number")
    spans += _value_spans(text, _ID_BARE, "id_number")
    spans += _value_spans(text, _CERT_LABELLED, "property_certificate")
    spans += _value_spans(text, _CERT_BARE, "property_certificate")
    spans += _value_spans(text, _BANK_LABELLED, "bank_account")
    spans += _value_spans(text, _PHONE_LABELLED, "phone")
    spans += _value_spans(text, _PHONE_BARE, "phone")
    spans += _value_spans(text, _BANK_BARE, "bank_account")
    spans += _value_spans(text, _PLATE, "plate")
    spans += _value_spans(text, _HEALTH_RECORD, "health")
    spans += _value_spans(text, _HEALTH_TRIGGER, "health", HEALTH_MASK)
    spans += _value_spans(text, _HEALTH_TERMS, "health", HEALTH_MASK)
    org_lines = _org_lines(text, parties)
    for pattern in (_ADDRESS, _ADDRESS_FREE):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in org_lines):
                continue
            span = _address_span(text, m.start("v"), m.end("v"))
            if span:
                spans.append(span)
    # A home address found once is removed wherever else it is written (an estate, a venue).
    for address in {text[s.start : s.end]: s for s in spans if s.kind == "address"}.values():
        value = text[address.start : address.end]
        for m in re.finditer(re.escape(value), text):
            if m.start() != address.start:
                spans.append(_Span(m.start(), m.end(), "address", address.replacement))
    # Numbers an official record keeps (Art. 11): credit codes, 执业证号, case numbers.
    return [s for s in spans if not _KEEP_NUMBER_LABEL.search(text[max(0, s.start - 12) : s.start])]


# --- the whole --------------------------------------------------------------------------


def _resolve(spans: Iterable[_Span]) -> list[_Span]:
    """Non-overlapping spans: the one starting first wins, then the longer."""
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


def anonymize(
    text: str,
    *,
    cause: str | None = None,
    parties: Sequence[KnownParty] | None = None,
    decided_on: dt.date | None = None,
) -> Anonymized:
    """The publishable text and the replacements made (each distinct value once, in order).

    ``parties``: what the court knows (kind, role, birth date, minor, victim); the party block
    of the text is read as well, so a name the court did not list is still found.
    ``decided_on``: the judgment's date (minors are under 18 on it); default the last date
    written in the text."""
    on = decided_on or judgment_date(text)
    family = cause_hides_party_names(cause)
    known = list(parties or ()) + parse_parties(text, on=on)
    names = _names_to_hide(text, known, family=family, on=on)
    masks = _name_masks(names)
    spans = _personal_spans(text, known)
    if masks:
        pattern = re.compile("|".join(re.escape(n) for n in sorted(masks, key=len, reverse=True)))
        spans += [
            _Span(m.start(), m.end(), "name", masks[m.group(0)]) for m in pattern.finditer(text)
        ]
    chosen = _resolve(spans)
    out: list[str] = []
    seen: dict[tuple[str, str], Replacement] = {}
    pos = 0
    for span in chosen:
        original = text[span.start : span.end]
        out.append(text[pos : span.start])
        out.append(span.replacement)
        pos = span.end
        seen.setdefault((span.kind, original), Replacement(span.kind, original, span.replacement))
    out.append(text[pos:])
    return Anonymized("".join(out), tuple(seen.values()))
