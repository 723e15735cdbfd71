"""Case numbers (案号) under 《最高人民法院关于人民法院案件案号的若干规定》 (2015, revised 2018).

Form (Art. 3 of the rules): ``（收案年度）法院代字[专门审判代字]类型代字案件编号号``, e.g.
``（2024）沪0105民初1234号`` or ``（2019）最高法知民终1号``. Parsing is strict and every
rejection carries a stable code, because a case number typed by a person is a common error source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from yunting.rules.errors import RuleError

__all__ = [
    "PROVINCES",
    "SPECIALISED",
    "SUPREME_COURT",
    "TYPE_CODES",
    "CaseNumber",
    "CaseType",
    "court_level",
    "parse",
]

SUPREME_COURT = "最高法"

# Province-level abbreviations used as high-court codes (法院代字), plus 兵 for the courts of the
# Xinjiang Production and Construction Corps (新疆生产建设兵团).
PROVINCES: dict[str, str] = {
    "京": "北京",
    "津": "天津",
    "沪": "上海",
    "渝": "重庆",
    "冀": "河北",
    "豫": "河南",
    "云": "云南",
    "辽": "辽宁",
    "黑": "黑龙江",
    "湘": "湖南",
    "皖": "安徽",
    "鲁": "山东",
    "新": "新疆",
    "苏": "江苏",
    "浙": "浙江",
    "赣": "江西",
    "鄂": "湖北",
    "桂": "广西",
    "甘": "甘肃",
    "晋": "山西",
    "蒙": "内蒙古",
    "陕": "陕西",
    "吉": "吉林",
    "闽": "福建",
    "贵": "贵州",
    "粤": "广东",
    "青": "青海",
    "藏": "西藏",
    "川": "四川",
    "宁": "宁夏",
    "琼": "海南",
    "兵": "新疆生产建设兵团",
}

# 2018 revision: optional one-character specialised-trial code (专门审判代字) after the court code.
SPECIALISED: dict[str, str] = {"知": "知识产权"}

Category = Literal[
    "civil",
    "criminal",
    "administrative",
    "execution",
    "bankruptcy",
    "preservation",
    "mediation",
    "judicial-aid",
]


@dataclass(frozen=True)
class CaseType:
    """One type code (类型代字) with its names and case category."""

    code: str
    name_zh: str
    name_en: str
    category: Category


def _t(code: str, zh: str, en: str, category: Category) -> tuple[str, CaseType]:
    return code, CaseType(code, zh, en, category)


# 《人民法院案件类型及其代字标准》 (annex to the rules). Codes named in DOMAIN.md §2 are all here.
TYPE_CODES: dict[str, CaseType] = dict(
    [
        _t("民初", "民事一审", "civil first instance", "civil"),
        _t("民终", "民事二审", "civil appeal", "civil"),
        _t("民申", "民事申请再审审查", "civil retrial application", "civil"),
        _t("民再", "民事再审", "civil retrial", "civil"),
        _t("民特", "民事特别程序", "civil special procedure", "civil"),
        _t("民督", "申请支付令审查", "payment order", "civil"),
        _t("民催", "公示催告", "public summons", "civil"),
        _t("民辖", "民事管辖", "civil jurisdiction", "civil"),
        _t("民辖终", "民事管辖上诉", "civil jurisdiction appeal", "civil"),
        _t("民诉前调", "民事诉前调解", "pre-litigation mediation", "mediation"),
        _t("财保", "非诉财产保全审查（含诉前保全）", "property preservation", "preservation"),
        _t("行保", "非诉行为保全审查", "conduct preservation", "preservation"),
        _t("证保", "非诉证据保全审查", "evidence preservation", "preservation"),
        _t("执", "首次执行", "execution", "execution"),
        _t("执恢", "恢复执行", "resumed execution", "execution"),
        _t("执保", "财产保全执行", "preservation execution", "execution"),
        _t("执异", "执行异议", "execution objection", "execution"),
        _t("执复", "执行复议", "execution review", "execution"),
        _t("执监", "执行监督", "execution supervision", "execution"),
        _t("执协", "执行协调", "execution coordination", "execution"),
        _t("破申", "破产申请审查", "bankruptcy application", "bankruptcy"),
        _t("破", "破产", "bankruptcy", "bankruptcy"),
        _t("刑初", "刑事一审", "criminal first instance", "criminal"),
        _t("刑终", "刑事二审", "criminal appeal", "criminal"),
        _t("刑申", "刑事申诉审查", "criminal petition", "criminal"),
        _t("刑再", "刑事再审", "criminal retrial", "criminal"),
        _t("刑核", "刑事复核", "criminal sentence review", "criminal"),
        _t("刑更", "刑罚与执行变更", "commutation and parole", "criminal"),
        _t("行初", "行政一审", "administrative first instance", "administrative"),
        _t("行终", "行政二审", "administrative appeal", "administrative"),
        _t("行申", "行政申请再审审查", "administrative retrial application", "administrative"),
        _t("行再", "行政再审", "administrative retrial", "administrative"),
        _t("行审", "非诉行政行为执行审查", "non-litigation enforcement review", "administrative"),
        _t("司救", "司法救助", "judicial aid", "judicial-aid"),
    ]
)

_YEAR_RE = re.compile(r"[0-9]{4}")
_DIGITS_RE = re.compile(r"[0-9]+")
# Court code: 最高法, or a province character, optionally 2 digits (intermediate) and 2 more
# (basic court).
_COURT_RE = re.compile(r"(最高法|[^\x00-\x7f](?:[0-9]{2}(?:[0-9]{2})?)?)")


def court_level(court_code: str) -> Literal["supreme", "high", "intermediate", "basic"]:
    """The level of court a 法院代字 denotes; raises ``bad_court_code`` if malformed."""
    _check_court_code(court_code)
    if court_code == SUPREME_COURT:
        return "supreme"
    return {1: "high", 3: "intermediate", 5: "basic"}[len(court_code)]  # type: ignore[return-value]


def _check_court_code(code: str) -> None:
    if code == SUPREME_COURT:
        return
    ok = (
        len(code) in (1, 3, 5)
        and code[0] in PROVINCES
        and code[1:].isascii()
        and (code[1:] == "" or code[1:].isdigit())
    )
    # Intermediate number 01–99 (71–99 for special jurisdictions: 铁路 71, 海事 72, 知识产权 73…);
    # basic court number 01–99 inside it. 00 is never a court.
    if ok and len(code) >= 3:
        ok = code[1:3] != "00"
    if ok and len(code) == 5:
        ok = code[3:5] != "00"
    if not ok:
        raise RuleError(
            "bad_court_code",
            f"Court code {code!r} must be 最高法 or a province abbreviation optionally followed by "
            "2 digits (intermediate court) and 2 more (basic court), e.g. 沪, 沪01, 沪0105.",
        )


def _check_year(year: int, today: dt.date | None) -> None:
    latest = (today or dt.date.today()).year + 1
    if not 1949 <= year <= latest:
        raise RuleError("year_out_of_range", f"Year {year} must lie between 1949 and {latest}.")


@dataclass(frozen=True)
class CaseNumber:
    """A parsed case number; :meth:`format` gives the canonical text."""

    year: int
    court_code: str
    type_code: str
    serial: int
    specialised: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise RuleError("bad_year", f"Year must be an integer, not {self.year!r}.")
        if not 1949 <= self.year <= 9999:  # parse() also bounds it by the current year + 1
            raise RuleError("year_out_of_range", f"Year {self.year} must not precede 1949.")
        _check_court_code(self.court_code)
        if self.specialised is not None and self.specialised not in SPECIALISED:
            raise RuleError(
                "bad_specialised_code",
                f"Unknown specialised-trial code {self.specialised!r}; "
                f"known: {sorted(SPECIALISED)}.",
            )
        if self.type_code not in TYPE_CODES:
            raise RuleError("unknown_type_code", f"Unknown case type code {self.type_code!r}.")
        if isinstance(self.serial, bool) or not isinstance(self.serial, int) or self.serial < 1:
            raise RuleError(
                "bad_serial", f"Serial must be a positive integer, not {self.serial!r}."
            )

    @property
    def case_type(self) -> CaseType:
        return TYPE_CODES[self.type_code]

    def format(self) -> str:
        """Canonical text with full-width parentheses, e.g. ``（2024）沪0105民初1234号``."""
        return (
            f"（{self.year}）{self.court_code}{self.specialised or ''}"
            f"{self.type_code}{self.serial}号"
        )

    def __str__(self) -> str:
        return self.format()


def parse(text: str, *, today: dt.date | None = None) -> CaseNumber:
    """Parse a case number strictly; raise :class:`RuleError` with a specific code if malformed.

    ``today`` fixes the upper bound of the year (current year + 1) for tests.
    """
    if not isinstance(text, str):
        raise RuleError("missing_parentheses", "A case number must be text.")
    s = text.strip()
    if s.startswith("(") or ")" in s[:7]:
        raise RuleError(
            "ascii_parentheses",
            "Case numbers use full-width parentheses （ ）, e.g. （2024）沪0105民初1234号; "
            "ASCII ( ) are not accepted.",
        )
    if not s.startswith("（") or "）" not in s:
        raise RuleError(
            "missing_parentheses",
            "A case number starts with the year in full-width parentheses, e.g. （2024）.",
        )
    close = s.index("）")
    year_text = s[1:close]
    if not _YEAR_RE.fullmatch(year_text):
        raise RuleError("bad_year", f"The year {year_text!r} must be four digits, e.g. 2024.")
    year = int(year_text)
    _check_year(year, today)

    rest = s[close + 1 :]
    m = _COURT_RE.match(rest)
    if not m:
        raise RuleError("bad_court_code", f"No court code after the year in {text!r}.")
    court = m.group(1)
    _check_court_code(court)
    rest = rest[m.end() :]
    if rest[:1].isdigit():  # e.g. 沪010 or 沪010511: wrong number of digits
        raise RuleError(
            "bad_court_code",
            f"Court code in {text!r} must have 0, 2 or 4 digits after the province.",
        )

    specialised: str | None = None
    if rest[:1] in SPECIALISED:
        specialised, rest = rest[0], rest[1:]

    digits = _DIGITS_RE.search(rest)
    type_code = rest[: digits.start()] if digits else rest.removesuffix("号")
    if type_code not in TYPE_CODES:
        raise RuleError("unknown_type_code", f"Unknown case type code {type_code!r} in {text!r}.")
    if not digits:
        raise RuleError("bad_serial", f"No serial number in {text!r}.")
    serial_text = digits.group(0)
    tail = rest[digits.end() :]
    if serial_text.startswith("0"):
        raise RuleError(
            "bad_serial", f"Serial {serial_text!r} must be a positive integer without leading 0."
        )
    if tail == "":
        raise RuleError("missing_hao_suffix", f"A case number ends with 号: {text!r}.")
    if tail != "号":
        raise RuleError(
            "bad_serial", f"Unexpected text {tail!r} after the serial number in {text!r}."
        )
    return CaseNumber(
        year=year,
        court_code=court,
        type_code=type_code,
        serial=int(serial_text),
        specialised=specialised,
    )
