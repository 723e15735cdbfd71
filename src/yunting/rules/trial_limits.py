"""Trial time limits (审理期限, 审限) of civil cases: the limit by procedure, the periods the law
does not count (recorded as suspensions), approved extensions and the change from summary (or
small-claims) to ordinary procedure.

The limit runs from the day of filing (立案之日) to the pronouncement of the judgment or the
service of the mediation statement (《民诉法解释》第二百四十三条). The day of filing is not
counted and a limit ending on a rest day ends on the next working day (CPL Art. 85, via
``rules.deadlines.period_end``, the same computation every other period uses).

Decisions where the texts are silent (docs/architecture.md, "Judgments"):

* An excluded period from ``start`` to ``end`` takes every day from ``start`` to ``end``
  inclusive out of the count (both days are spent on the excluded matter); overlapping or
  adjoining periods are merged so no day is taken out twice. A period still open is counted
  up to ``today``, so the limit moves later each day while the case is suspended.
* Excluded days are added to the nominal end (month arithmetic first, then the days), and the
  rest-day rule applies once, to the final day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from yunting.rules.deadlines import HolidayCalendar, add_months, period_end
from yunting.rules.errors import RuleError

__all__ = [
    "CONVERSIONS",
    "DUE_SOON_DAYS",
    "EXCLUDED_PERIODS",
    "LIMITS",
    "Conversion",
    "Extension",
    "Limit",
    "Suspension",
    "TrialLimit",
    "excluded_days",
    "trial_limit",
]

CPL = "《民事诉讼法》(2023)"
INTERP = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
SPC_2000 = "《最高人民法院关于严格执行案件审理期限制度的若干规定》(法释〔2000〕29号)"

# A case whose limit ends within this many days is 临期 on the dashboards.
DUE_SOON_DAYS = 15


@dataclass(frozen=True)
class Limit:
    """One procedure's limit: ``months`` or ``days``, the extension a president may approve
    (same unit) and the article, quoted."""

    months: int = 0
    days: int = 0
    max_extension: int = 0
    basis: str = ""
    extension_basis: str = ""


LIMITS: dict[str, Limit] = {
    # CPL Art. 152: 人民法院适用普通程序审理的案件，应当在立案之日起六个月内审结。有特殊情况需要延
    # 长的，
    # 经本院院长批准，可以延长六个月；还需要延长的，报请上级人民法院批准。
    "ordinary": Limit(
        months=6,
        max_extension=6,
        basis=f"{CPL}第一百五十二条",
        extension_basis=f"{CPL}第一百五十二条（经本院院长批准，可以延长六个月）",
    ),
    # CPL Art. 164: 人民法院适用简易程序审理案件，应当在立案之日起三个月内审结。有特殊情况需要延长
    # 的，经本院院长批准，可以延长一个月。
    "summary": Limit(
        months=3,
        max_extension=1,
        basis=f"{CPL}第一百六十四条",
        extension_basis=f"{CPL}第一百六十四条（经本院院长批准，可以延长一个月）",
    ),
    # CPL Art. 168: 人民法院适用小额诉讼的程序审理案件，应当在立案之日起两个月内审结。有特殊情况需要
    # 延长的，经本院院长批准，可以延长一个月。
    "small_claims": Limit(
        months=2,
        max_extension=1,
        basis=f"{CPL}第一百六十八条",
        extension_basis=f"{CPL}第一百六十八条（经本院院长批准，可以延长一个月）",
    ),
    # CPL Art. 183: 人民法院审理对判决的上诉案件，应当在第二审立案之日起三个月内审结。有特殊情况需要
    # 延长的，由本院院长批准。 SPC 2000 rules Art. 2: ……可以延长三个月。
    "appeal_judgment": Limit(
        months=3,
        max_extension=3,
        basis=f"{CPL}第一百八十三条第一款",
        extension_basis=f"{CPL}第一百八十三条第一款、{SPC_2000}第二条",
    ),
    # CPL Art. 183: 人民法院审理对裁定的上诉案件，应当在第二审立案之日起三十日内作出终审裁定。
    "appeal_ruling": Limit(days=30, basis=f"{CPL}第一百八十三条第二款"),
}

# Periods not counted in the limit, each with the article that excludes it.
# 《民诉法解释》第二百四十三条：民事诉讼法第一百五十二条规定的审限，是指从立案之日起至裁判宣告、调
# 解书
# 送达之日止的期间，但公告期间、鉴定期间、双方当事人和解期间、审理当事人提出的管辖异议以及处理人民
# 法院
# 之间的管辖争议期间不应计算在内。
# SPC 2000 rules Art. 9: 下列期间不计入审理、执行期限：……（六）民事、行政案件公告、鉴定的期间；
# （七）审理当事人提出的管辖权异议和处理法院之间的管辖争议的期间；（八）民事、行政、执行案件由有关
# 专业
# 机构进行审计、评估、资产清理的期间；（九）中止诉讼（审理）或执行至恢复诉讼（审理）或执行的期间……
EXCLUDED_PERIODS: dict[str, str] = {
    "public_notice": f"{INTERP}第二百四十三条（公告期间）；{SPC_2000}第九条第（六）项",
    "appraisal": f"{INTERP}第二百四十三条（鉴定期间）；{SPC_2000}第九条第（六）项",
    "settlement": f"{INTERP}第二百四十三条（双方当事人和解期间）",
    "jurisdiction_objection": (
        f"{INTERP}第二百四十三条（审理当事人提出的管辖异议期间）；{SPC_2000}第九条第（七）项"
    ),
    "jurisdiction_dispute": (
        f"{INTERP}第二百四十三条（处理人民法院之间的管辖争议期间）；{SPC_2000}第九条第（七）项"
    ),
    "audit_valuation": f"{SPC_2000}第九条第（八）项（专业机构审计、评估、资产清理的期间）",
    "suspension": f"{SPC_2000}第九条第（九）项（中止诉讼至恢复诉讼的期间）",
}

# Changes of procedure: the limit is then computed again from the day of filing.
# 《民诉法解释》第二百五十八条第三款：案件转为普通程序审理的，审理期限自人民法院立案之日计算。
# CPL Art. 170: 人民法院在审理过程中，发现案件不宜适用小额诉讼的程序的，应当适用简易程序的其他规定
# 审理或者裁定转为普通程序。
CONVERSIONS: dict[tuple[str, str], str] = {
    ("summary", "ordinary"): f"{INTERP}第二百五十八条",
    ("small_claims", "ordinary"): f"{CPL}第一百七十条",
    ("small_claims", "summary"): f"{CPL}第一百七十条",
}


@dataclass(frozen=True)
class Suspension:
    """A period not counted: from ``start`` to ``end`` inclusive (``end`` None: still open)."""

    kind: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class Extension:
    """An approved extension, in the unit of the procedure's limit (months, or days)."""

    length: int
    approved_on: dt.date


@dataclass(frozen=True)
class Conversion:
    """The case changed procedure on ``on``: the limit is the new procedure's, from filing."""

    from_procedure: str
    to_procedure: str
    on: dt.date


@dataclass(frozen=True)
class TrialLimit:
    procedure: str
    accepted_on: dt.date
    nominal_end: dt.date  # filing + limit + extensions, before excluded days
    excluded_days: int
    extension: int
    end: dt.date  # the last day, excluded days added and moved off rest days
    moved_off_rest_day: bool
    suspended: bool  # an excluded period is still open
    calendar_known: bool
    basis: tuple[str, ...] = field(default=())

    def days_left(self, today: dt.date) -> int:
        """Days from ``today`` to the last day (0 on the last day, negative once past)."""
        return (self.end - today).days

    def state(self, today: dt.date) -> str:
        """``overdue`` (超期) past the last day, ``due_soon`` (临期) within 15 days, else
        ``running``; a suspended case is ``suspended`` (its end is not yet fixed)."""
        if self.suspended:
            return "suspended"
        left = self.days_left(today)
        if left < 0:
            return "overdue"
        if left <= DUE_SOON_DAYS:
            return "due_soon"
        return "running"


def _merged(intervals: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def excluded_days(
    suspensions: Sequence[Suspension], *, accepted_on: dt.date, today: dt.date | None = None
) -> int:
    """Days not counted: every day of every excluded period, each day once."""
    intervals = []
    for s in suspensions:
        if s.kind not in EXCLUDED_PERIODS:
            raise RuleError("unknown_suspension", f"{s.kind!r} is not a period the law excludes.")
        if s.start < accepted_on:
            raise RuleError("suspension_before_filing", "An excluded period starts after filing.")
        end = s.end
        if end is None:
            if today is None:
                raise RuleError("open_suspension", "An open period needs today's date.")
            end = max(today, s.start)
        if end < s.start:
            raise RuleError(
                "suspension_ends_before_start",
                f"The period ends ({end}) before it starts ({s.start}).",
            )
        intervals.append((s.start, end))
    return sum((end - start).days + 1 for start, end in _merged(intervals))


def trial_limit(
    procedure: str,
    accepted_on: dt.date,
    *,
    suspensions: Sequence[Suspension] = (),
    extensions: Sequence[Extension] = (),
    conversions: Sequence[Conversion] = (),
    today: dt.date | None = None,
    holidays: HolidayCalendar | None = None,
) -> TrialLimit:
    """The trial limit of a case filed on ``accepted_on`` under ``procedure`` (the procedure at
    filing; ``conversions`` say how it changed). Extensions granted under an earlier procedure
    lapse with it: a converted case starts afresh from filing under its new limit."""
    basis: list[str] = []
    current = procedure
    if current not in LIMITS:
        raise RuleError("unknown_procedure", f"Unknown procedure {procedure!r}.")
    for conv in sorted(conversions, key=lambda c: c.on):
        if conv.from_procedure != current:
            raise RuleError(
                "bad_conversion", f"The case is under {current!r}, not {conv.from_procedure!r}."
            )
        if (conv.from_procedure, conv.to_procedure) not in CONVERSIONS:
            raise RuleError(
                "bad_conversion",
                f"A case cannot change from {conv.from_procedure!r} to {conv.to_procedure!r}.",
            )
        if conv.on < accepted_on:
            raise RuleError("bad_conversion", "A case changes procedure after filing.")
        basis.append(CONVERSIONS[(conv.from_procedure, conv.to_procedure)])
        current = conv.to_procedure
    limit = LIMITS[current]
    basis.insert(0, limit.basis)
    last_conversion = max((c.on for c in conversions), default=None)
    granted = [e for e in extensions if last_conversion is None or e.approved_on >= last_conversion]
    for ext in granted:
        if isinstance(ext.length, bool) or ext.length <= 0:
            raise RuleError("bad_extension", "An extension is a positive length.")
    extension = sum(e.length for e in granted)
    if extension > limit.max_extension:
        raise RuleError(
            "extension_too_long",
            f"{current!r} may be extended by at most {limit.max_extension}, not {extension}.",
        )
    if extension:
        basis.append(limit.extension_basis)
    if limit.months:
        nominal = add_months(accepted_on, limit.months + extension)
    else:
        nominal = accepted_on + dt.timedelta(days=limit.days + extension)
    excluded = excluded_days(suspensions, accepted_on=accepted_on, today=today)
    basis.extend(sorted({EXCLUDED_PERIODS[s.kind] for s in suspensions}))
    # period_end counts the days after the nominal end and applies the rest-day rule once.
    if excluded:
        deadline = period_end(nominal, days=excluded, holidays=holidays)
    else:
        deadline = period_end(accepted_on, days=(nominal - accepted_on).days, holidays=holidays)
    return TrialLimit(
        procedure=current,
        accepted_on=accepted_on,
        nominal_end=nominal,
        excluded_days=excluded,
        extension=extension,
        end=deadline.date,
        moved_off_rest_day=deadline.extended,
        suspended=any(s.end is None for s in suspensions),
        calendar_known=deadline.calendar_known,
        basis=tuple(basis),
    )
