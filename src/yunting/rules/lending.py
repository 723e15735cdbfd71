"""Interest on loans: the one-year LPR, when a loan contract is formed, the private-lending cap,
interest on the outstanding principal between dated repayments, and how a repayment is allocated.

Pure functions over Decimal and dates; no Django. Every amount is computed exactly and rounded
half-up to the fen only where it is shown or owed (a period's figure, the totals), so splitting a
period at a repayment never adds a fen by rounding.

Rules applied (quoted next to the code):

* 《民法典》第六百七十九条 (formation between natural persons), 第五百六十一条 (allocation),
  第二百零一条 (the first day of a period is not counted).
* 《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》(法释〔2020〕17号, the 2020 second
  revision) 第二十四条, 第二十五条, 第二十八条, 第三十一条.

Court settings (data, defaults stated): the LPR table (:func:`load_lpr`), and what happens to
interest paid above the cap (:data:`ABOVE_CAP_TREATMENTS`, default ``offset_principal``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from yunting.rules.errors import RuleError

__all__ = [
    "ABOVE_CAP_TREATMENTS",
    "PARTY_KINDS",
    "Accrual",
    "Allocation",
    "Formation",
    "LendingCap",
    "LendingResult",
    "LprTable",
    "Period",
    "RateFrom",
    "Repayment",
    "accrue",
    "formation_date",
    "load_lpr",
    "private_lending_cap",
    "private_lending_interest",
]

D = Decimal
ZERO = D(0)
CENT = D("0.01")
HUNDRED = D(100)
LENDING_RULES = "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》"

# --- The one-year LPR ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LprTable:
    """The one-year LPR history (day a figure took effect, % a year), its source, and the last
    day up to which it is known complete (``updated``)."""

    entries: tuple[tuple[dt.date, Decimal], ...]
    source: str
    updated: dt.date

    def on(self, day: dt.date) -> tuple[dt.date, Decimal]:
        """The figure in force on ``day`` and the day it was published (the first figure for a
        day before 2019-08-20, when the LPR replaced the benchmark rate)."""
        found = self.entries[0]
        for entry in self.entries:
            if entry[0] <= day:
                found = entry
        return found

    def stale(self, today: dt.date, *, grace_days: int = 35) -> bool:
        """True when a figure may have been published since ``updated`` (the LPR is published
        monthly, so a table not checked for more than a month may miss one)."""
        return (today - self.updated).days > grace_days


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@cache
def _packaged() -> dict[str, Any]:
    return json.loads(resources.files("yunting.rules").joinpath("data/lpr.json").read_text("utf-8"))


def load_lpr(extra: Iterable[Sequence[Any]] = (), updated: Any = None) -> LprTable:
    """The packaged table (``data/lpr.json``) with a court's later figures merged over it.
    ``updated`` moves the completeness date; without it, the latest added figure does."""
    data = _packaged()
    merged = {_day(day): D(str(pct)) for day, pct in data["entries"]}
    last = _day(data["updated"])
    for day, pct in extra:
        merged[_day(day)] = D(str(pct))
        last = max(last, _day(day))
    if updated:
        last = max(last, _day(updated))
    return LprTable(tuple(sorted(merged.items())), data["source"], last)


# --- Formation and the cap -------------------------------------------------------------------

PERSON, ORGANISATION = "person", "organisation"
PARTY_KINDS = (PERSON, ORGANISATION)


@dataclass(frozen=True)
class Formation:
    day: dt.date
    by: str  # "delivery", "signing" or "start" (neither date given: the day interest starts)
    basis: str


def formation_date(
    *,
    signed_on: dt.date | None,
    delivered_on: dt.date | None,
    lender: str,
    borrower: str,
    start: dt.date,
) -> Formation:
    """The day the loan contract was formed.

    《民法典》第六百七十九条：自然人之间的借款合同，自贷款人提供借款时成立。 Between natural
    persons the contract is formed when the money is handed over, whatever the date of the IOU.
    Otherwise the written contract is formed when both sign (第四百九十条：当事人采用合同书形式
    订立合同的，自当事人均签名、盖章或者按指印时合同成立). Without the date that counts, the day
    interest starts (normally the day of delivery) stands in, and ``by`` says so.
    """
    for kind in (lender, borrower):
        if kind not in PARTY_KINDS:
            raise RuleError("bad_party_kind", f"Party kind must be one of {PARTY_KINDS}: {kind!r}.")
    if lender == PERSON and borrower == PERSON:
        if delivered_on is not None:
            return Formation(delivered_on, "delivery", "《民法典》第六百七十九条")
        return Formation(start, "start", "《民法典》第六百七十九条")
    if signed_on is not None:
        return Formation(signed_on, "signing", "《民法典》第四百九十条")
    if delivered_on is not None:
        return Formation(delivered_on, "delivery", "《民法典》第四百九十条")
    return Formation(start, "start", "《民法典》第四百九十条")


# 法释〔2020〕17号 took effect on this day (第三十一条).
LENDING_RULES_REFORM = dt.date(2020, 8, 20)
LENDING_CAP_MULTIPLE = D(4)


@dataclass(frozen=True)
class LendingCap:
    """The highest annual rate a court supports for a private loan, and why."""

    percent: Decimal
    lpr: Decimal
    lpr_day: dt.date
    reference_day: dt.date
    at_filing: bool  # True for loans formed before 2020-08-20 (第三十一条)

    @property
    def basis(self) -> str:
        return f"{LENDING_RULES}第{'三十一' if self.at_filing else '二十五'}条"


def private_lending_cap(*, formed_on: dt.date, filed_on: dt.date, table: LprTable) -> LendingCap:
    """第二十五条：……双方约定的利率超过合同成立时一年期贷款市场报价利率四倍的除外。
    第三十一条：……借贷合同成立于2020年8月20日之前……对于自2020年8月20日到借款返还之日的利息
    部分，适用起诉时本规定的利率保护标准计算。 For a loan formed before 2020-08-20 the cap is
    four times the LPR at filing; the older 24 % rule for interest before that day is not applied,
    which can only make the claim smaller, never refused."""
    at_filing = formed_on < LENDING_RULES_REFORM
    reference = filed_on if at_filing else formed_on
    lpr_day, lpr = table.on(reference)
    return LendingCap(lpr * LENDING_CAP_MULTIPLE, lpr, lpr_day, reference, at_filing)


# --- Accrual between repayments ---------------------------------------------------------------

# What happens to a payment made as interest beyond the lawful interest then accrued:
# offset_principal (default): 超过法定上限部分的利息冲抵本金 (prevailing practice after the 2020
#   revision, which no longer lets a lender keep interest above the cap);
# refund: shown as owed back to the borrower, principal unchanged.
ABOVE_CAP_TREATMENTS = ("offset_principal", "refund")


@dataclass(frozen=True)
class Repayment:
    """A dated payment. ``as_interest``: the parties agreed it was paid as interest (then the
    part above the lawful interest accrued is interest paid above the cap)."""

    on: dt.date
    amount: Decimal
    as_interest: bool = False


@dataclass(frozen=True)
class RateFrom:
    """The annual rate (%) that applies from ``start`` on (e.g. the late rate from the due day)."""

    start: dt.date
    percent: Decimal
    label: str = ""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    days: int
    principal: Decimal
    rate: Decimal
    exact: Decimal
    label: str = ""

    @property
    def interest(self) -> Decimal:
        return _fen(self.exact)


@dataclass(frozen=True)
class Allocation:
    """How one repayment was applied (《民法典》第五百六十一条)."""

    on: dt.date
    amount: Decimal
    to_interest: Decimal
    to_principal: Decimal
    above_cap: Decimal  # paid as interest beyond the lawful interest accrued
    refund: Decimal  # owed back (above_cap under "refund", or paid beyond the whole debt)
    as_interest: bool


@dataclass(frozen=True)
class Accrual:
    principal: Decimal
    periods: tuple[Period, ...]
    allocations: tuple[Allocation, ...]
    accrued_exact: Decimal
    paid_interest: Decimal
    principal_outstanding: Decimal
    refund: Decimal
    unpaid_exact: Decimal  # interest accrued and not paid (due interest is paid to the fen)

    @property
    def accrued(self) -> Decimal:
        return _fen(self.accrued_exact)

    @property
    def interest_owed(self) -> Decimal:
        return _fen(self.unpaid_exact)


def _fen(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _money(value: Any, name: str) -> Decimal:
    if isinstance(value, bool | float):
        raise RuleError("bad_amount", f"{name} must be a Decimal, int or string, not {value!r}.")
    try:
        number = D(str(value).strip()) if not isinstance(value, Decimal) else value
    except ArithmeticError:
        raise RuleError("bad_amount", f"{name} is not a number: {value!r}.") from None
    if not number.is_finite():
        raise RuleError("bad_amount", f"{name} is not a number: {value!r}.")
    if number < 0:
        raise RuleError("negative_amount", f"{name} must not be negative: {value!r}.")
    if number != number.quantize(CENT):
        raise RuleError("too_many_decimals", f"{name} has more than two decimals: {value!r}.")
    return number + D("0.00")


def accrue(
    *,
    principal: Decimal,
    start: dt.date,
    end: dt.date,
    rates: Sequence[RateFrom],
    repayments: Sequence[Repayment] = (),
    day_count: int = 365,
    above_cap: str = "offset_principal",
) -> Accrual:
    """Simple interest on the outstanding principal from ``start`` to ``end``, split into periods
    at every change of rate and every repayment.

    Days: ``end − start`` (《民法典》第二百零一条：按照年、月、日计算期间的，开始的当日不计入，
    自下一日开始计算). Interest of a period = principal × rate × days ÷ ``day_count``.

    A repayment pays, in this order, the interest accrued and unpaid, then the principal
    (《民法典》第五百六十一条：……除当事人另有约定外，应当按照下列顺序履行：（一）实现债权的有关
    费用；（二）利息；（三）主债务). A payment made as interest (``as_interest``) beyond the lawful
    interest accrued is interest paid above the cap, treated as ``above_cap`` says.
    """
    if above_cap not in ABOVE_CAP_TREATMENTS:
        raise RuleError("bad_setting", f"above_cap must be one of {ABOVE_CAP_TREATMENTS}.")
    principal = _money(principal, "principal")
    if end < start:
        raise RuleError("end_before_start", f"The end {end} is before the start {start}.")
    if not rates or rates[0].start > start:
        raise RuleError("no_rate", "A rate must apply from the start.")
    for r in rates:
        if r.percent < 0:
            raise RuleError("negative_rate", f"A rate cannot be negative: {r.percent}.")
    payments = sorted(repayments, key=lambda r: r.on)
    for p in payments:
        if p.on < start or p.on > end:
            raise RuleError(
                "repayment_out_of_range",
                f"The repayment of {p.on} lies outside the interest period {start} to {end}.",
            )
        _money(p.amount, "repayment")
    # The boundaries: rate changes and repayment days inside the period, and the end.
    cuts = sorted({r.start for r in rates if start < r.start < end} | {p.on for p in payments})
    cuts = [c for c in cuts if c > start] + ([end] if end > start else [])
    outstanding = principal
    accrued = ZERO
    unpaid_exact = ZERO
    paid = ZERO
    refund = ZERO
    periods: list[Period] = []
    allocations: list[Allocation] = []
    pending = list(payments)
    cursor = start

    def pay_due(day: dt.date) -> None:
        nonlocal outstanding, paid, refund, unpaid_exact
        while pending and pending[0].on == day:
            p = pending.pop(0)
            amount = D(p.amount)
            due = _fen(unpaid_exact)  # the interest due, to the fen
            to_interest = min(amount, due)
            unpaid_exact = ZERO if to_interest == due else unpaid_exact - to_interest
            rest = amount - to_interest
            above = rest if p.as_interest else ZERO
            back = ZERO
            if p.as_interest and above_cap == "refund":
                back, rest = rest, ZERO
            to_principal = min(rest, outstanding)
            back += rest - to_principal
            paid += to_interest
            outstanding -= to_principal
            refund += back
            allocations.append(
                Allocation(p.on, amount, to_interest, to_principal, above, back, p.as_interest)
            )

    pay_due(start)
    for cut in cuts:
        if cut > cursor:
            rate = max((r for r in rates if r.start <= cursor), key=lambda r: r.start)
            days = (cut - cursor).days
            exact = outstanding * rate.percent / HUNDRED * days / day_count
            periods.append(Period(cursor, cut, days, outstanding, rate.percent, exact, rate.label))
            accrued += exact
            unpaid_exact += exact
            cursor = cut
        pay_due(cut)
    return Accrual(
        principal=principal,
        periods=tuple(periods),
        allocations=tuple(allocations),
        accrued_exact=accrued,
        paid_interest=paid,
        principal_outstanding=outstanding,
        refund=refund,
        unpaid_exact=unpaid_exact,
    )


# --- Private lending ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LendingResult:
    principal: Decimal
    start: dt.date
    end: dt.date
    formation: Formation
    cap: LendingCap
    agreed_rate: Decimal | None
    term_rate: Decimal
    late_rate: Decimal | None
    agreed_late_rate: Decimal | None
    late_from: dt.date | None
    late_basis: str
    accrual: Accrual
    table: LprTable
    notes: tuple[str, ...] = field(default=())

    @property
    def capped(self) -> bool:
        return self.agreed_rate is not None and self.agreed_rate > self.cap.percent

    def to_dict(self, *, today: dt.date | None = None) -> dict[str, Any]:
        """The JSON shape of ``yunting interest`` (amounts and rates as strings, 2 decimals)."""
        a = self.accrual
        return {
            "interest": f"{a.interest_owed:.2f}",
            "accrued": f"{a.accrued:.2f}",
            "interest_paid": f"{a.paid_interest:.2f}",
            "principal": f"{self.principal:.2f}",
            "principal_outstanding": f"{a.principal_outstanding:.2f}",
            "refund": f"{_fen(a.refund):.2f}",
            "rate": None if self.agreed_rate is None else f"{self.agreed_rate:.2f}",
            "applied_rate": f"{self.term_rate:.2f}",
            "capped": self.capped,
            "cap_rate": f"{self.cap.percent:.2f}",
            "cap_basis": self.cap.basis,
            "lpr": f"{self.cap.lpr:.2f}",
            "lpr_published": self.cap.lpr_day.isoformat(),
            "lpr_reference_day": self.cap.reference_day.isoformat(),
            "formed_on": self.formation.day.isoformat(),
            "formed_by": self.formation.by,
            "formation_basis": self.formation.basis,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "day_count": 365,
            "periods": [
                {
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "days": p.days,
                    "principal": f"{p.principal:.2f}",
                    "rate": f"{p.rate:.2f}",
                    "interest": f"{p.interest:.2f}",
                }
                for p in a.periods
            ],
            "repayments": [
                {
                    "date": x.on.isoformat(),
                    "amount": f"{x.amount:.2f}",
                    "to_interest": f"{x.to_interest:.2f}",
                    "to_principal": f"{x.to_principal:.2f}",
                    "above_cap": f"{x.above_cap:.2f}",
                    "refund": f"{x.refund:.2f}",
                }
                for x in a.allocations
            ],
            "lpr_table": {
                "source": self.table.source,
                "updated": self.table.updated.isoformat(),
                "stale": self.table.stale(today or self.end),
            },
            "notes": list(self.notes),
        }


def private_lending_interest(
    *,
    principal: Any,
    rate: Decimal | None,
    start: dt.date,
    end: dt.date,
    table: LprTable,
    filed_on: dt.date,
    signed_on: dt.date | None = None,
    delivered_on: dt.date | None = None,
    lender: str = PERSON,
    borrower: str = PERSON,
    repayments: Sequence[Repayment] = (),
    due_on: dt.date | None = None,
    late_rate: Decimal | None = None,
    above_cap: str = "offset_principal",
) -> LendingResult:
    """Interest on a private loan from ``start`` to ``end`` at the agreed annual ``rate`` within
    the cap, with a late rate from ``due_on`` if the loan fell due inside the period.

    第二十四条：借贷双方没有约定利息，出借人主张支付利息的，人民法院不予支持。
    第二十八条：借贷双方对逾期利率有约定的，从其约定，但是以不超过合同成立时一年期贷款市场报价
    利率四倍为限。未约定逾期利率或者约定不明的……（一）既未约定借期内利率，也未约定逾期利率，
    出借人主张借款人自逾期还款之日起参照当时一年期贷款市场报价利率标准计算的利息承担逾期还款
    违约责任的，人民法院应予支持；（二）约定了借期内利率但是未约定逾期利率，出借人主张借款人
    自逾期还款之日起按照借期内利率支付资金占用期间利息的，人民法院应予支持。
    """
    formation = formation_date(
        signed_on=signed_on,
        delivered_on=delivered_on,
        lender=lender,
        borrower=borrower,
        start=start,
    )
    cap = private_lending_cap(formed_on=formation.day, filed_on=filed_on, table=table)
    notes: list[str] = []
    term_rate = ZERO if rate is None else min(D(rate), cap.percent)
    schedule = [RateFrom(start, term_rate, "term")]
    late: Decimal | None = None
    late_basis = ""
    if due_on is not None and due_on < end:
        if late_rate is not None:
            late, late_basis = min(D(late_rate), cap.percent), "agreed"
        elif rate is not None:
            late, late_basis = term_rate, "term-rate"
        else:
            late, late_basis = table.on(due_on)[1], "lpr"
        schedule.append(RateFrom(max(due_on, start), late, "late"))
        if due_on <= start:
            schedule = [RateFrom(start, late, "late")]
    accrual = accrue(
        principal=principal,
        start=start,
        end=end,
        rates=schedule,
        repayments=repayments,
        day_count=365,
        above_cap=above_cap,
    )
    return LendingResult(
        principal=accrual.principal,
        start=start,
        end=end,
        formation=formation,
        cap=cap,
        agreed_rate=None if rate is None else D(rate),
        term_rate=term_rate,
        late_rate=late,
        agreed_late_rate=None if late_rate is None else D(late_rate),
        late_from=due_on if late is not None else None,
        late_basis=late_basis,
        accrual=accrual,
        table=table,
        notes=tuple(notes),
    )
