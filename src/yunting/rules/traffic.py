"""Road traffic accidents: compensation items computed under the SPC's personal-injury
interpretation, then the compulsory insurance (交强险) by group and limit, then the share of the
rest for the motor vehicle's responsibility.

* 《最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释》(法释〔2003〕20号, as
  amended in 2022, "人身损害赔偿解释") Arts. 6–17 (quoted at each function).
* 《机动车交通事故责任强制保险条例》第二十一条, 第二十三条 and the limits set by the insurance
  regulator: from 2008-02-01 and from 2020-09-19 (银保监发〔2020〕41号).
* 《道路交通安全法》第七十六条.

Court settings (data): the previous year's figures of the court's province (``InjuryStandard``),
and the responsibility shares (``shares``); see ``yunting.courts.rule_settings``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from yunting.rules.errors import RuleError

__all__ = [
    "GROUPS",
    "CompulsoryLimits",
    "Dependant",
    "InjuryStandard",
    "Line",
    "TrafficResult",
    "compensation_years",
    "compulsory_limits",
    "disability_ratio",
    "injury_items",
    "national_standard",
    "parse_grade",
    "traffic_compensation",
]

D = Decimal
ZERO = D("0.00")
CENT = D("0.01")
INTERPRETATION = "《最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释》"


def _fen(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Compulsory insurance limits -------------------------------------------------------------


@dataclass(frozen=True)
class CompulsoryLimits:
    """Limits by group (死亡伤残, 医疗费用, 财产损失), with and without responsibility."""

    since: dt.date
    injury: tuple[Decimal, Decimal]
    medical: tuple[Decimal, Decimal]
    property: tuple[Decimal, Decimal]
    basis: str

    def limit(self, group: str, *, at_fault: bool) -> Decimal:
        return getattr(self, group)[0 if at_fault else 1]


LIMITS: tuple[CompulsoryLimits, ...] = (
    # 《机动车交通事故责任强制保险责任限额》 (2008-02-01): 死亡伤残110,000, 医疗费用10,000,
    # 财产损失2,000; 无责任: 11,000 / 1,000 / 100.
    CompulsoryLimits(
        dt.date(2008, 2, 1),
        (D(110000), D(11000)),
        (D(10000), D(1000)),
        (D(2000), D(100)),
        "交强险责任限额（2008年2月1日起）",
    ),
    # 银保监发〔2020〕41号 (2020-09-19): 死亡伤残180,000, 医疗费用18,000, 财产损失2,000;
    # 无责任: 18,000 / 1,800 / 100.
    CompulsoryLimits(
        dt.date(2020, 9, 19),
        (D(180000), D(18000)),
        (D(18000), D(1800)),
        (D(2000), D(100)),
        "交强险责任限额（银保监发〔2020〕41号，2020年9月19日起）",
    ),
)


def compulsory_limits(accident_on: dt.date) -> CompulsoryLimits:
    """The limits in force on the day of the accident."""
    found = [lim for lim in LIMITS if lim.since <= accident_on]
    if not found:
        raise RuleError(
            "accident_too_old",
            f"Limits before {LIMITS[0].since} are not packaged (accident on {accident_on}).",
        )
    return found[-1]


# --- Standards and the computed items ---------------------------------------------------------


@dataclass(frozen=True)
class InjuryStandard:
    """The previous year's figures of the place of the court (yuan a year)."""

    region: str
    year: int
    disposable_income: Decimal  # 城镇居民人均可支配收入
    consumption: Decimal  # 城镇居民人均消费支出
    average_wage: Decimal  # 职工年平均工资
    source: str
    fallback: bool = False  # True: national figures, the court has set none


@cache
def _packaged() -> dict[str, Any]:
    path = resources.files("yunting.rules").joinpath("data/injury_standards.json")
    return json.loads(path.read_text("utf-8"))


def standard_from(region: str, year: int, data: Mapping[str, Any], *, fallback: bool = False):
    return InjuryStandard(
        region=region,
        year=year,
        disposable_income=D(str(data["disposable_income"])),
        consumption=D(str(data["consumption"])),
        average_wage=D(str(data["average_wage"])),
        source=str(data.get("source", "")),
        fallback=fallback,
    )


def national_standard(year: int | None = None) -> InjuryStandard:
    data = _packaged()
    years = sorted(int(y) for y in data["years"])
    chosen = max((y for y in years if year is None or y <= year), default=years[0])
    return standard_from(data["region"], chosen, data["years"][str(chosen)], fallback=True)


def pick_standard(
    configured: Mapping[Any, Mapping[str, Any]], *, region: str, before_year: int
) -> InjuryStandard:
    """The latest configured year before ``before_year`` (the previous statistical year, 解释
    第二十二条), else the packaged national figures."""
    years = sorted(int(y) for y in configured or {})
    usable = [y for y in years if y < before_year] or years
    if usable:
        y = usable[-1]
        return standard_from(region, y, configured.get(str(y)) or configured.get(y))
    return national_standard(before_year - 1)


def compensation_years(age: int) -> Decimal:
    """解释第十二条/第十五条：……按二十年计算。但六十周岁以上的，年龄每增加一岁减少一年；七十五周岁
    以上的，按五年计算。"""
    if age < 0:
        raise RuleError("bad_age", f"Age cannot be negative: {age}.")
    if age >= 75:
        return D(5)
    if age > 60:
        return D(20 - (age - 60))
    return D(20)


GRADES = "一二三四五六七八九十"


def parse_grade(text: str | int | None) -> int | None:
    """``十级`` / ``10`` / ``10级`` → 10; empty → None."""
    if text in (None, ""):
        return None
    raw = str(text).strip().removesuffix("级").strip()
    if raw.isdigit():
        grade = int(raw)
    elif raw in GRADES:
        grade = GRADES.index(raw) + 1
    else:
        raise RuleError("bad_grade", f"A disability grade is 一级 to 十级 (1–10), not {text!r}.")
    if not 1 <= grade <= 10:
        raise RuleError("bad_grade", f"A disability grade is 1–10, not {grade}.")
    return grade


def disability_ratio(grade: int) -> Decimal:
    """The share of the full compensation for a grade: 一级 100 %, each grade 10 % less, 十级
    10 % (《人体损伤致残程度分级》 as courts apply 解释第十二条 "根据受害人丧失劳动能力程度或者
    伤残等级")."""
    return D(11 - grade) / 10


@dataclass(frozen=True)
class Dependant:
    age: int
    supporters: int = 1  # people who owe this dependant maintenance, the victim included
    incapable_adult: bool = False


@dataclass(frozen=True)
class Line:
    key: str
    amount: Decimal
    formula: str  # numbers and operators only, the same in every language
    basis: str
    computed: bool = True


def _num(value: Decimal) -> str:
    value = D(value)
    if value == value.to_integral():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def injury_items(
    *,
    standard: InjuryStandard,
    age: int | None = None,
    grade: int | None = None,
    died: bool = False,
    lost_days: int | None = None,
    income_year: Decimal | None = None,
    dependants: tuple[Dependant, ...] = (),
) -> list[Line]:
    """The items computed from the standard (the rest are typed by the person)."""
    lines: list[Line] = []
    s = standard
    if lost_days:
        # 第七条：误工费根据受害人的误工时间和收入状况确定……受害人不能举证证明其最近三年的平均
        # 收入状况的，可以参照受诉法院所在地相同或者相近行业上一年度职工的平均工资计算。
        yearly = D(income_year) if income_year else s.average_wage
        amount = _fen(yearly * lost_days / 365)
        lines.append(
            Line(
                "lost_income",
                amount,
                f"{_num(yearly)} ÷ 365 × {lost_days}",
                f"{INTERPRETATION}第七条",
            )
        )
    ratio = D(1)
    if died:
        if age is None:
            raise RuleError("age_required", "The age is needed for the death compensation.")
        # 第十五条：死亡赔偿金按照受诉法院所在地上一年度城镇居民人均可支配收入标准，按二十年计算……
        years = compensation_years(age)
        lines.append(
            Line(
                "death",
                _fen(s.disposable_income * years),
                f"{_num(s.disposable_income)} × {years}",
                f"{INTERPRETATION}第十五条",
            )
        )
        # 第十四条：丧葬费按照受诉法院所在地上一年度职工月平均工资标准，以六个月总额计算。
        lines.append(
            Line(
                "funeral",
                _fen(s.average_wage / 12 * 6),
                f"{_num(s.average_wage)} ÷ 12 × 6",
                f"{INTERPRETATION}第十四条",
            )
        )
    elif grade is not None:
        if age is None:
            raise RuleError("age_required", "The age is needed for the disability compensation.")
        # 第十二条：残疾赔偿金根据受害人丧失劳动能力程度或者伤残等级，按照受诉法院所在地上一年度
        # 城镇居民人均可支配收入标准，自定残之日起按二十年计算。但六十周岁以上的，年龄每增加一岁
        # 减少一年；七十五周岁以上的，按五年计算。
        years = compensation_years(age)
        ratio = disability_ratio(grade)
        lines.append(
            Line(
                "disability",
                _fen(s.disposable_income * years * ratio),
                f"{_num(s.disposable_income)} × {years} × {ratio:.0%}",
                f"{INTERPRETATION}第十二条",
            )
        )
    if dependants and (died or grade is not None):
        lines.append(_dependants_line(dependants, s, ratio))
    return lines


def _dependants_line(people: tuple[Dependant, ...], s: InjuryStandard, ratio: Decimal) -> Line:
    """第十七条：被扶养人生活费根据扶养人丧失劳动能力程度，按照受诉法院所在地上一年度城镇居民
    人均消费支出标准计算。被扶养人为未成年人的，计算至十八周岁；被扶养人无劳动能力又无其他生活
    来源的，计算二十年。但六十周岁以上的，年龄每增加一岁减少一年；七十五周岁以上的，按五年计算。
    ……被扶养人还有其他扶养人的，赔偿义务人只赔偿受害人依法应当负担的部分。被扶养人有数人的，
    年赔偿总额累计不超过上一年度城镇居民人均消费支出额。 (第十六条: 计入残疾赔偿金或者死亡赔偿金.)
    """
    spans: list[tuple[int, Decimal]] = []
    for p in people:
        if p.supporters < 1:
            raise RuleError("bad_supporters", "A dependant has at least one supporter.")
        if p.age < 18 and not p.incapable_adult:
            years = 18 - p.age
        elif p.incapable_adult:
            years = int(compensation_years(p.age))
        else:
            raise RuleError(
                "not_a_dependant", "An adult is a dependant only without capacity and income."
            )
        spans.append((years, D(1) / p.supporters))
    total_years = max(y for y, _ in spans)
    total = D(0)
    parts = []
    for year in range(total_years):
        share = min(sum((f for y, f in spans if year < y), D(0)), D(1))  # yearly cap: 1 ×
        total += share
    amount = _fen(s.consumption * total * ratio)
    for y, f in spans:
        parts.append(f"{y}×{_num(f.quantize(D('0.0001')))}")
    return Line(
        "dependants",
        amount,
        f"{_num(s.consumption)} × ({' + '.join(parts)} → {_num(total.quantize(D('0.0001')))}) "
        f"× {ratio:.0%}",
        f"{INTERPRETATION}第十六条、第十七条",
    )


# --- Apportionment ----------------------------------------------------------------------------

GROUPS: dict[str, tuple[str, ...]] = {
    "medical": ("medical", "hospital_food", "nutrition"),
    "injury": (
        "nursing",
        "lost_income",
        "transport",
        "disability",
        "dependants",
        "aids",
        "death",
        "funeral",
        "mental",
    ),
    "property": ("property",),
    "uninsured": ("appraisal", "other"),
}
DEFAULT_SHARES = {"full": 100, "main": 70, "equal": 50, "minor": 30, "none": 10}
LIABILITIES = ("full", "main", "equal", "minor", "none", "undetermined")
VICTIMS = ("pedestrian", "non_motor", "passenger", "passenger_other", "driver")


@dataclass(frozen=True)
class GroupCover:
    group: str
    subtotal: Decimal
    limit: Decimal
    covered: Decimal


@dataclass(frozen=True)
class TrafficResult:
    limits: CompulsoryLimits
    covers: tuple[GroupCover, ...]
    compulsory: Decimal
    total: Decimal
    excess: Decimal
    share: Decimal
    share_source: str  # "claimed", "setting", "no-fault"
    excess_claim: Decimal
    compulsory_excluded: bool  # a passenger of the insured vehicle
    notes: tuple[str, ...] = field(default=())

    @property
    def claim(self) -> Decimal:
        return self.compulsory + self.excess_claim


def traffic_compensation(
    *,
    accident_on: dt.date,
    victim: str,
    liability: str,
    items: Mapping[str, Decimal],
    share: Decimal | None = None,
    shares: Mapping[str, Any] | None = None,
) -> TrafficResult:
    """The losses (by item key, see :data:`GROUPS`) through the compulsory insurance, then the
    share of the rest.

    交强险条例第二十一条：被保险机动车发生道路交通事故造成本车人员、被保险人以外的受害人人身伤亡、
    财产损失的，由保险公司依法在机动车交通事故责任强制保险责任限额范围内予以赔偿。 — a passenger
    of the vehicle that caused the accident is not covered by its compulsory insurance.
    道路交通安全法第七十六条：……超过责任限额的部分……机动车一方没有过错的，承担不超过百分之十的
    赔偿责任。
    """
    if victim not in VICTIMS:
        raise RuleError("bad_victim", f"Victim must be one of {VICTIMS}: {victim!r}.")
    if liability not in LIABILITIES:
        raise RuleError("bad_liability", f"Liability must be one of {LIABILITIES}.")
    shares = {**DEFAULT_SHARES, **(shares or {})}
    limits = compulsory_limits(accident_on)
    at_fault = liability != "none"
    excluded = victim == "passenger"
    covers = []
    compulsory = ZERO
    total = ZERO
    for group, keys in GROUPS.items():
        subtotal = sum((D(items.get(k) or 0) for k in keys), ZERO)
        total += subtotal
        if group == "uninsured" or not subtotal:
            continue
        limit = ZERO if excluded else limits.limit(group, at_fault=at_fault)
        covered = min(subtotal, limit)
        compulsory += covered
        covers.append(GroupCover(group, subtotal, limit, covered))
    excess = total - compulsory
    if share is not None:
        pct, source = D(share), "claimed"
    elif liability == "undetermined":
        raise RuleError("share_required", "Without a responsibility finding, give the share.")
    elif liability == "none":
        pct = D(str(shares["none"])) if victim in {"pedestrian", "non_motor"} else D(0)
        source = "no-fault"
    else:
        pct, source = D(str(shares[liability])), "setting"
    if not D(0) <= pct <= D(100):
        raise RuleError("bad_share", f"A share is 0–100 %, not {pct}.")
    excess_claim = _fen(excess * pct / 100)
    return TrafficResult(
        limits, tuple(covers), compulsory, total, excess, pct, source, excess_claim, excluded
    )
