"""Bank loans (金融借款): penalty interest on overdue principal and compound interest on unpaid
interest, within the 24 % a year courts support.

* 《中国人民银行关于人民币贷款利率有关问题的通知》(银发〔2003〕251号) 第三条：逾期贷款（借款人
  未按合同约定日期还款的借款）罚息利率由现行按日万分之二点一计收利息，改为在借款合同载明的贷款
  利率水平上加收30%－50%……对逾期或未按合同约定用途使用借款的贷款，可按罚息利率对贷款期间内
  不能按期支付的利息计收复利。
* 《最高人民法院关于进一步加强金融审判工作的若干意见》(法发〔2017〕22号) 第二条：……请求对总计超过
  年利率24%的部分予以调减的，应予支持。

Court setting: the markup used when the contract sets no penalty rate (251号 leaves 30–50 %);
default **30 %**, the lower bound (like the fee ranges: the figure that can only make the claim
smaller, never refused). Bank contracts state a daily rate of the annual rate ÷ 360.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from yunting.rules.errors import RuleError
from yunting.rules.lending import Period, RateFrom, accrue

__all__ = ["FINANCIAL_LOAN_CAP", "MARKUP_RANGE", "BankPenalty", "bank_penalty", "penalty_rate"]

D = Decimal
FINANCIAL_LOAN_CAP = D(24)
MARKUP_RANGE = (D(30), D(50))
DEFAULT_MARKUP = MARKUP_RANGE[0]
DAY_COUNT = 360


@dataclass(frozen=True)
class PenaltyRate:
    percent: Decimal
    source: str  # "agreed" or "markup"
    markup: Decimal | None
    capped: bool
    uncapped: Decimal


def penalty_rate(
    *, contract_rate: Decimal, agreed: Decimal | None, markup: Decimal = DEFAULT_MARKUP
) -> PenaltyRate:
    """The penalty rate a year: the agreed one, else the contract rate plus ``markup`` % (251号
    第三条), never above 24 % (法发〔2017〕22号 第二条)."""
    markup = D(markup)
    if not (MARKUP_RANGE[0] <= markup <= MARKUP_RANGE[1]):
        raise RuleError("setting_out_of_range", f"The penalty markup {markup} is outside 30–50 %.")
    if agreed is not None:
        raw, source, used_markup = D(agreed), "agreed", None
    else:
        raw = D(contract_rate) * (1 + markup / 100)
        source, used_markup = "markup", markup
    return PenaltyRate(min(raw, FINANCIAL_LOAN_CAP), source, used_markup, raw > 24, raw)


@dataclass(frozen=True)
class BankPenalty:
    rate: PenaltyRate
    penalty: Decimal
    penalty_period: Period | None
    compound: Decimal
    compound_period: Period | None

    @property
    def total(self) -> Decimal:
        return self.penalty + self.compound


def bank_penalty(
    *,
    principal: Decimal,
    interest_owed: Decimal,
    contract_rate: Decimal,
    agreed_penalty_rate: Decimal | None,
    compound: bool,
    start: dt.date,
    end: dt.date,
    markup: Decimal = DEFAULT_MARKUP,
) -> BankPenalty:
    """Penalty interest on the overdue principal, and — when compound interest was agreed —
    compound interest on the unpaid contractual interest at the same penalty rate, both from
    ``start`` (the day of default) to ``end``, daily rate = annual ÷ 360. Capping each rate at
    24 % keeps the whole charge on the debt within 24 % a year."""
    rate = penalty_rate(contract_rate=contract_rate, agreed=agreed_penalty_rate, markup=markup)
    schedule = [RateFrom(start, rate.percent, "penalty")]
    main = accrue(principal=principal, start=start, end=end, rates=schedule, day_count=DAY_COUNT)
    penalty_period = main.periods[0] if main.periods else None
    comp_amount, comp_period = D("0.00"), None
    if compound and interest_owed > 0:
        comp = accrue(
            principal=interest_owed, start=start, end=end, rates=schedule, day_count=DAY_COUNT
        )
        comp_amount = comp.accrued
        comp_period = comp.periods[0] if comp.periods else None
    return BankPenalty(rate, main.accrued, penalty_period, comp_amount, comp_period)
