"""Traffic-accident compensation (rules.traffic) against hand computation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from yunting.rules.errors import RuleError
from yunting.rules.traffic import (
    Dependant,
    compensation_years,
    compulsory_limits,
    injury_items,
    national_standard,
    parse_grade,
    traffic_compensation,
)

D = Decimal
ITEMS = {"medical": D("25000"), "disability": D("100000"), "property": D("3000")}


@pytest.mark.parametrize(
    ("day", "medical", "injury", "no_fault_medical"),
    [
        (dt.date(2020, 9, 18), D(10000), D(110000), D(1000)),  # before 2020-09-19
        (dt.date(2020, 9, 19), D(18000), D(180000), D(1800)),  # from that day
    ],
)
def test_compulsory_limits_depend_on_the_accident_date(day, medical, injury, no_fault_medical):
    lim = compulsory_limits(day)
    assert lim.limit("medical", at_fault=True) == medical
    assert lim.limit("injury", at_fault=True) == injury
    assert lim.limit("medical", at_fault=False) == no_fault_medical
    assert lim.limit("property", at_fault=True) == D(2000)


def test_limits_by_date_change_the_claim():
    """Main responsibility, pedestrian. 2020-09-18: medical 25,000 → 10,000; injury 100,000
    within 110,000; property 3,000 → 2,000: 112,000 covered; rest 16,000 × 70 % = 11,200.
    From 2020-09-19: 18,000 + 100,000 + 2,000 = 120,000; rest 8,000 × 70 % = 5,600."""
    before = traffic_compensation(
        accident_on=dt.date(2020, 9, 18), victim="pedestrian", liability="main", items=ITEMS
    )
    after = traffic_compensation(
        accident_on=dt.date(2020, 9, 19), victim="pedestrian", liability="main", items=ITEMS
    )
    assert (before.compulsory, before.excess_claim) == (D("112000"), D("11200.00"))
    assert (after.compulsory, after.excess_claim) == (D("120000"), D("5600.00"))


def test_a_passenger_of_the_insured_vehicle_is_not_covered_by_its_compulsory_insurance():
    """交强险条例第二十一条 (本车人员 excluded): nothing within the compulsory insurance; all
    128,000 × 70 % = 89,600 at the share."""
    r = traffic_compensation(
        accident_on=dt.date(2025, 3, 1), victim="passenger", liability="main", items=ITEMS
    )
    assert (r.compulsory, r.excess_claim, r.compulsory_excluded) == (D(0), D("89600.00"), True)
    other = traffic_compensation(
        accident_on=dt.date(2025, 3, 1), victim="passenger_other", liability="main", items=ITEMS
    )
    assert other.compulsory == D("120000")


def test_shares_are_settings():
    r = traffic_compensation(
        accident_on=dt.date(2025, 3, 1),
        victim="pedestrian",
        liability="main",
        items=ITEMS,
        shares={"main": 80},
    )
    assert r.excess_claim == D("6400.00")  # 8,000 × 80 %


def test_years_of_compensation_after_60_and_75():
    assert [compensation_years(a) for a in (30, 60, 61, 70, 74, 75, 90)] == [
        D(20),
        D(20),
        D(19),
        D(10),
        D(6),
        D(5),
        D(5),
    ]


def test_computed_items_by_hand():
    """National 2024 figures: income 54,188, consumption 34,557, wage 124,110 a year.
    Disability 十级 at 65: 54,188 × (20 − 5) × 10 % = 81,282.00 (解释第十二条).
    Death at 80: 54,188 × 5 = 270,940.00 (第十五条); funeral 124,110 ÷ 12 × 6 = 62,055.00
    (第十四条). Lost income, 90 days at the average wage: 124,110 ÷ 365 × 90 = 30,602.465… →
    30,602.47 (第七条). Dependants of the disabled person: a child of 10 with two supporters
    (8 years × ½) and an incapable parent of 70 with two (10 years × ½): years 1–8 one share,
    9–10 half = 9 shares; 34,557 × 9 × 10 % = 31,101.30 (第十七条, yearly total capped)."""
    s = national_standard(2024)
    items = {
        line.key: line.amount
        for line in injury_items(
            standard=s,
            age=65,
            grade=parse_grade("十级"),
            lost_days=90,
            dependants=(Dependant(10, 2), Dependant(70, 2, True)),
        )
    }
    assert items == {
        "lost_income": D("30602.47"),
        "disability": D("81282.00"),
        "dependants": D("31101.30"),
    }
    died = {line.key: line.amount for line in injury_items(standard=s, age=80, died=True)}
    assert died == {"death": D("270940.00"), "funeral": D("62055.00")}
    assert s.fallback and s.year == 2024
    with pytest.raises(RuleError) as raised:
        parse_grade("十一级")
    assert raised.value.code == "bad_grade"
