"""Online mediation (《人民法院在线调解规则》, 法释〔2021〕23号) and judicial confirmation.

Pure rules: the clocks of Art. 10 (designation within 3 working days, a joint choice by the
parties within 2), the mediation period of Art. 24 (30 days before filing; 15 / 7 days after,
longer when all parties agree), the ranking of mediators by speciality, region and caseload,
and the matters a mediation agreement cannot be judicially confirmed on
(《民诉法解释》第三百五十五条).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from yunting.rules.deadlines import HolidayCalendar, add_working_days, period_end
from yunting.rules.errors import RuleError

__all__ = [
    "EXCLUDED_MATTERS",
    "MEDIATION_DAYS",
    "Candidate",
    "assignment_is_late",
    "designation_due",
    "excluded_reason",
    "joint_choice_due",
    "mediation_period_end",
    "rank_mediators",
]

# Art. 24: 立案前 30 days; after filing 15 (ordinary procedure) or 7 (summary procedure).
MEDIATION_DAYS: dict[str, int] = {"pre_filing": 30, "ordinary": 15, "summary": 7}
DESIGNATION_WORKING_DAYS = 3
JOINT_CHOICE_WORKING_DAYS = 2


def designation_due(received: dt.date, *, holidays: HolidayCalendar | None = None) -> dt.date:
    """Last day for the court to designate a mediator: 3 working days after receipt."""
    return add_working_days(received, DESIGNATION_WORKING_DAYS, holidays=holidays).date


def joint_choice_due(received: dt.date, *, holidays: HolidayCalendar | None = None) -> dt.date:
    """Last day for the parties to choose a mediator together: 2 working days after receipt."""
    return add_working_days(received, JOINT_CHOICE_WORKING_DAYS, holidays=holidays).date


def assignment_is_late(
    received: dt.date, assigned_on: dt.date, *, holidays: HolidayCalendar | None = None
) -> bool:
    """A designation after the 3-working-day clock: allowed, but flagged."""
    return assigned_on > designation_due(received, holidays=holidays)


def mediation_period_end(
    start: dt.date,
    *,
    stage: str = "pre_filing",
    extension_days: Sequence[int] = (),
    holidays: HolidayCalendar | None = None,
) -> dt.date:
    """Last day of the mediation period from ``start`` (the start day not counted; a last day
    on a rest day moves to the next working day), with the extensions the parties agreed."""
    if stage not in MEDIATION_DAYS:
        raise RuleError("bad_stage", f"Unknown mediation stage {stage!r}.")
    extra = 0
    for days in extension_days:
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise RuleError("bad_extension", "An extension is a positive number of days.")
        extra += days
    return period_end(start, days=MEDIATION_DAYS[stage] + extra, holidays=holidays).date


@dataclass(frozen=True)
class Candidate:
    """A mediator as the ranking sees it."""

    key: str
    specialities: frozenset[str]
    region: str
    caseload: int
    name: str = ""


def rank_mediators(
    candidates: Iterable[Candidate], *, speciality: str, region: str
) -> list[Candidate]:
    """Candidates best first: the dispute's speciality, then its region, then the lightest
    caseload (ties by name, so the choice is reproducible)."""
    return sorted(
        candidates,
        key=lambda c: (
            speciality not in c.specialities,
            bool(region) and c.region != region,
            c.caseload,
            c.name,
            c.key,
        ),
    )


# 《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十五条: 申请司法确认调解协议，
# 有下列情形之一的，人民法院裁定不予受理 / 驳回申请.
EXCLUDED_MATTERS: dict[str, str] = {
    "identity": "申请确认婚姻关系、亲子关系、收养关系等身份关系无效、有效或者解除的",
    "special_procedure": "涉及适用其他特别程序、公示催告程序、破产程序审理的",
    "title": "调解协议内容涉及物权、知识产权确权的",
}
EXCLUSION_BASIS = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十五条"

# Words in the terms that show an agreement concerns one of the excluded matters.
_EXCLUDED_WORDS: dict[str, tuple[str, ...]] = {
    "identity": (
        "解除婚姻关系",
        "婚姻关系无效",
        "确认婚姻",
        "亲子关系",
        "收养关系",
        "解除收养",
    ),
    "special_procedure": ("宣告失踪", "宣告死亡", "公示催告", "破产"),
    "title": ("确认所有权", "确权", "所有权归", "专利权归", "商标权归", "著作权归"),
}


def excluded_reason(*, concerns: str = "", text: str = "") -> str | None:
    """Why an agreement cannot be judicially confirmed, or None. ``concerns`` is the matter
    the mediator declared (a key of :data:`EXCLUDED_MATTERS`, or empty); the terms are read
    for the words of each excluded matter too."""
    if concerns and concerns not in EXCLUDED_MATTERS:
        raise RuleError("bad_matter", f"Unknown matter {concerns!r}.")
    found = concerns or next(
        (key for key, words in _EXCLUDED_WORDS.items() if any(w in text for w in words)), ""
    )
    if not found:
        return None
    return f"{EXCLUDED_MATTERS[found]}（{EXCLUSION_BASIS}）"
