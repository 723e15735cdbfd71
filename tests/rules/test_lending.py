"""Private-lending and bank-loan interest (rules.lending, rules.bank_loans) against hand
computation, and properties that must hold for any input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yunting.rules.bank_loans import bank_penalty, penalty_rate
from yunting.rules.errors import RuleError
from yunting.rules.lending import (
    Repayment,
    formation_date,
    load_lpr,
    private_lending_cap,
    private_lending_interest,
)

D = Decimal
TABLE = load_lpr()
TODAY = dt.date(2026, 12, 1)


def _interest(**kw):
    base = {
        "principal": D("100000"),
        "rate": D("15"),
        "start": dt.date(2024, 8, 1),
        "end": dt.date(2025, 7, 31),
        "table": TABLE,
        "filed_on": TODAY,
    }
    return private_lending_interest(**(base | kw))


def test_lpr_table_is_data_with_source_and_staleness():
    assert TABLE.on(dt.date(2024, 8, 1)) == (dt.date(2024, 7, 22), D("3.35"))
    assert "全国银行间同业拆借中心" in TABLE.source
    assert TABLE.updated == dt.date(2025, 5, 20)
    assert TABLE.stale(dt.date(2026, 12, 1)) and not TABLE.stale(dt.date(2025, 6, 1))
    newer = load_lpr([("2026-01-20", "2.90")], "2026-11-20")
    assert newer.on(dt.date(2026, 2, 1))[1] == D("2.90") and not newer.stale(TODAY)


@pytest.mark.parametrize(
    ("signed", "delivered", "formed", "cap"),
    [
        # IOU 2024-07-01, money 2024-08-01: formed on delivery (民法典第六百七十九条), LPR 3.35 %
        # (since 2024-07-22) → 13.40 %, not 13.80 % (the LPR of the IOU date, 3.45 %).
        (dt.date(2024, 7, 1), dt.date(2024, 8, 1), dt.date(2024, 8, 1), D("13.40")),
        # Money 2024-07-15 (LPR 3.45 %), IOU 2024-10-25 (LPR 3.10 %): formed 2024-07-15 →
        # 13.80 %, not 12.40 %.
        (dt.date(2024, 10, 25), dt.date(2024, 7, 15), dt.date(2024, 7, 15), D("13.80")),
    ],
)
def test_between_natural_persons_the_contract_is_formed_on_delivery(signed, delivered, formed, cap):
    f = formation_date(
        signed_on=signed,
        delivered_on=delivered,
        lender="person",
        borrower="person",
        start=delivered,
    )
    assert (f.day, f.by) == (formed, "delivery")
    assert private_lending_cap(formed_on=f.day, filed_on=TODAY, table=TABLE).percent == cap
    # With a company on one side the written contract counts (第四百九十条).
    g = formation_date(
        signed_on=signed,
        delivered_on=delivered,
        lender="organisation",
        borrower="person",
        start=delivered,
    )
    assert (g.day, g.by) == (signed, "signing")


def test_the_command_example_by_hand():
    """100,000 at 15 % from 2024-08-01 to 2025-07-31 (364 days, the first day not counted,
    民法典第二百零一条); cap 4 × 3.35 % = 13.40 %: 100,000 × 13.40 % × 364 / 365 = 13,363.287…
    → 13,363.29."""
    r = _interest()
    d = r.to_dict(today=TODAY)
    assert (d["interest"], d["cap_rate"], d["formed_on"]) == ("13363.29", "13.40", "2024-08-01")
    assert d["periods"] == [
        {
            "start": "2024-08-01",
            "end": "2025-07-31",
            "days": 364,
            "principal": "100000.00",
            "rate": "13.40",
            "interest": "13363.29",
        }
    ]


def test_repayment_interest_first_then_principal_by_hand():
    """2024-08-01 → 2025-01-01 = 153 days: 100,000 × 13.40 % × 153 / 365 = 5,616.98630… →
    5,616.99 due. 20,000 paid on 2025-01-01: 5,616.99 interest, 14,383.01 principal →
    85,616.99. 2025-01-01 → 2025-07-31 = 211 days: 85,616.99 × 13.40 % × 211 / 365 =
    6,632.1480… → 6,632.15 owed."""
    r = _interest(repayments=[Repayment(dt.date(2025, 1, 1), D("20000"))])
    a = r.accrual
    assert [p.interest for p in a.periods] == [D("5616.99"), D("6632.15")]
    x = a.allocations[0]
    assert (x.to_interest, x.to_principal) == (D("5616.99"), D("14383.01"))
    assert (a.interest_owed, a.principal_outstanding) == (D("6632.15"), D("85616.99"))


def test_a_repayment_outside_the_period_is_refused():
    with pytest.raises(RuleError) as exc:
        _interest(repayments=[Repayment(dt.date(2025, 8, 1), D("1"))])
    assert exc.value.code == "repayment_out_of_range"


def test_bank_penalty_without_agreed_rate_uses_the_251_markup_and_compound():
    """Contract 4.35 %, no penalty rate: 4.35 % × 1.3 = 5.655 % (251号, default markup 30 %);
    300,000 × 5.655 % × 181 / 360 = 8,529.625 → 8,529.63; compound on 2,345.67 unpaid
    interest: 2,345.67 × 5.655 % × 181 / 360 = 66.6923 → 66.69. With markup 50 %: 6.525 %."""
    r = bank_penalty(
        principal=D("300000"),
        interest_owed=D("2345.67"),
        contract_rate=D("4.35"),
        agreed_penalty_rate=None,
        compound=True,
        start=dt.date(2025, 1, 21),
        end=dt.date(2025, 7, 21),
    )
    assert (r.rate.percent, r.penalty, r.compound) == (D("5.655"), D("8529.63"), D("66.69"))
    assert penalty_rate(contract_rate=D("4.35"), agreed=None, markup=D("50")).percent == D("6.525")
    with pytest.raises(RuleError) as raised:
        penalty_rate(contract_rate=D("4.35"), agreed=None, markup=D("60"))
    assert raised.value.code == "setting_out_of_range"
    assert penalty_rate(contract_rate=D("20"), agreed=None).percent == D("24")  # 法发〔2017〕22号


# --- properties ---------------------------------------------------------------------------

days = st.integers(min_value=0, max_value=2000)
amounts = st.integers(min_value=1, max_value=10**8).map(lambda c: D(c) / 100)
rates = st.integers(min_value=0, max_value=3600).map(lambda b: D(b) / 100)
starts = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2026, 6, 1))


@settings(max_examples=150, deadline=None)
@given(starts, days, days, amounts, rates, st.lists(st.tuples(days, amounts), max_size=4))
def test_interest_never_decreases_as_the_end_moves_later(start, d1, d2, principal, rate, pays):
    end1 = start + dt.timedelta(days=d1)
    end2 = end1 + dt.timedelta(days=d2)
    payments = [Repayment(start + dt.timedelta(days=min(d, d1)), a) for d, a in pays]
    one = _interest(principal=principal, rate=rate, start=start, end=end1, repayments=payments)
    two = _interest(principal=principal, rate=rate, start=start, end=end2, repayments=payments)
    assert two.accrual.interest_owed >= one.accrual.interest_owed


@settings(max_examples=150, deadline=None)
@given(starts, days, amounts, rates, days, amounts, st.booleans())
def test_a_repayment_never_increases_interest(start, d, principal, rate, when, paid, as_interest):
    end = start + dt.timedelta(days=d)
    payment = Repayment(start + dt.timedelta(days=min(when, d)), paid, as_interest)
    without = _interest(principal=principal, rate=rate, start=start, end=end)
    with_it = _interest(principal=principal, rate=rate, start=start, end=end, repayments=[payment])
    assert with_it.accrual.interest_owed <= without.accrual.interest_owed
    assert with_it.accrual.principal_outstanding <= without.accrual.principal_outstanding


@settings(max_examples=150, deadline=None)
@given(starts, st.one_of(st.none(), starts), rates, st.sampled_from(["person", "organisation"]))
def test_the_cap_never_exceeds_four_times_the_lpr_at_formation(delivered, signed, rate, lender):
    r = _interest(
        rate=rate,
        start=delivered,
        end=delivered + dt.timedelta(days=100),
        delivered_on=delivered,
        signed_on=signed,
        lender=lender,
    )
    reference = TODAY if r.formation.day < dt.date(2020, 8, 20) else r.formation.day
    assert r.cap.percent <= 4 * TABLE.on(reference)[1]
    assert all(p.rate <= r.cap.percent for p in r.accrual.periods)
