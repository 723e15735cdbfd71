"""Court fees, 《诉讼费用交纳办法》. Expected figures are computed by hand in the comments."""

import json
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yunting.rules.errors import RuleError
from yunting.rules.fees import (
    KINDS,
    FeeSettings,
    Item,
    Segment,
    compute_fee,
    no_fee,
    property_fee,
)


def fee(kind: str, **kw: object) -> D:
    return compute_fee(kind, **kw).fee


# --- Art. 13(1) property cases: every tier boundary --------------------------------------------

PROPERTY_BOUNDARIES = [
    ("0", "50.00"),  # flat 50 per case
    ("1", "50.00"),
    ("10000", "50.00"),  # top of the flat band
    ("10040", "51.00"),  # 50 + 40 × 2.5 % = 51
    ("100000", "2300.00"),  # 50 + 90,000 × 2.5 % (2,250) = 2,300
    ("150000", "3300.00"),  # worked check: 2,300 + 50,000 × 2 % = 3,300
    ("200000", "4300.00"),  # 2,300 + 100,000 × 2 % (2,000) = 4,300
    ("500000", "8800.00"),  # 4,300 + 300,000 × 1.5 % (4,500) = 8,800
    ("1000000", "13800.00"),  # worked check: 8,800 + 500,000 × 1 % (5,000) = 13,800
    ("2000000", "22800.00"),  # 13,800 + 1,000,000 × 0.9 % (9,000) = 22,800
    ("5000000", "46800.00"),  # 22,800 + 3,000,000 × 0.8 % (24,000) = 46,800
    ("10000000", "81800.00"),  # 46,800 + 5,000,000 × 0.7 % (35,000) = 81,800
    ("20000000", "141800.00"),  # 81,800 + 10,000,000 × 0.6 % (60,000) = 141,800
    ("100000000", "541800.00"),  # 141,800 + 80,000,000 × 0.5 % (400,000) = 541,800
    ("10000.01", "50.00"),  # 50 + 0.01 × 2.5 % = 50.00025 → 50.00
    ("123456.78", "2769.14"),  # 2,300 + 23,456.78 × 2 % (469.1356) = 2,769.1356 → 2,769.14
]


@pytest.mark.parametrize(("amount", "expected"), PROPERTY_BOUNDARIES)
def test_property_fee_boundaries(amount: str, expected: str) -> None:
    assert fee("property", amount=amount) == D(expected)


def test_worked_checks_and_json() -> None:
    result = compute_fee("property", amount=D("150000"))
    assert result.fee == D("3300.00")
    data = result.to_dict()
    assert data["fee"] == "3300.00"
    assert json.loads(json.dumps(data))["fee"] == "3300.00"
    assert result.basis == "《诉讼费用交纳办法》第十三条第（一）项"
    assert compute_fee("property", amount=1_000_000).to_dict()["fee"] == "13800.00"


def test_breakdown_is_checkable_by_hand() -> None:
    result = compute_fee("property", amount="150000")
    segments = [p for p in result.breakdown if isinstance(p, Segment)]
    assert [(s.lower, s.upper, s.rate, s.base, s.part_fee) for s in segments] == [
        (D(0), D(10000), None, D(10000), D(50)),
        (D(10000), D(100000), D("0.025"), D(90000), D(2250)),
        (D(100000), D(200000), D("0.02"), D(50000), D(1000)),
    ]
    assert sum(s.part_fee for s in segments) == result.unrounded
    seg = result.to_dict()["breakdown"][1]
    assert seg == {
        "type": "segment",
        "lower": "10000.00",
        "upper": "100000.00",
        "rate": "0.025",
        "base": "90000.00",
        "part_fee": "2250.00",
        "basis": "《诉讼费用交纳办法》第十三条第（一）项",
    }
    top = compute_fee("property", amount="30000000").breakdown[-1]
    assert isinstance(top, Segment) and top.upper is None


# --- Art. 13(2)–(6) non-property, IP, labour, administrative ----------------------------------


def test_divorce() -> None:
    assert fee("divorce") == D("50.00")  # default: lower bound of 50–300
    assert fee("divorce", property_amount="200000") == D("50.00")  # ≤ 200,000: nothing more
    # 50 + (300,000 − 200,000) × 0.5 % = 550
    assert fee("divorce", property_amount="300000") == D("550.00")
    assert fee("divorce", settings=FeeSettings(divorce=D(300))) == D("300.00")


def test_personality_rights() -> None:
    assert fee("personality") == D("100.00")
    assert fee("personality", damages="50000") == D("100.00")  # ≤ 50,000: nothing more
    assert fee("personality", damages="100000") == D("600.00")  # 100 + 50,000 × 1 %
    assert fee("personality", damages="200000") == D("1100.00")  # 600 + 100,000 × 0.5 %
    assert fee("personality", settings=FeeSettings(personality=500)) == D("500.00")


def test_flat_fees() -> None:
    assert fee("non-property") == D("50.00")
    assert fee("non-property", settings=FeeSettings(non_property="100")) == D("100.00")
    assert fee("ip") == D("500.00")
    assert fee("ip", settings=FeeSettings(ip_no_amount=1000)) == D("1000.00")
    assert fee("ip", amount="150000") == D("3300.00")  # with an amount: as property
    assert fee("labour") == D("10.00")
    assert fee("administrative") == D("50.00")
    assert fee("administrative-special") == D("100.00")
    assert fee("jurisdiction-objection") == D("50.00")
    assert fee("jurisdiction-objection", settings=FeeSettings(jurisdiction_objection=80)) == D(
        "80.00"
    )
    assert fee("public-summons") == D("100.00")
    assert fee("arbitration") == D("400.00")


# --- Art. 14 application fees ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (None, "50.00"),  # no amount: 50–500, default 50
        ("10000", "50.00"),
        ("500000", "7400.00"),  # 50 + 490,000 × 1.5 % (7,350)
        ("5000000", "52400.00"),  # 7,400 + 4,500,000 × 1 % (45,000)
        ("10000000", "77400.00"),  # 52,400 + 5,000,000 × 0.5 % (25,000)
        ("20000000", "87400.00"),  # 77,400 + 10,000,000 × 0.1 % (10,000)
    ],
)
def test_execution(amount: str | None, expected: str) -> None:
    result = compute_fee("execution", amount=amount)
    assert result.fee == D(expected)
    assert result.timing == "after-execution"


def test_execution_setting() -> None:
    assert fee("execution", settings=FeeSettings(execution_no_amount=500)) == D("500.00")


@pytest.mark.parametrize(
    ("amount", "expected", "capped"),
    [
        (None, "30.00", False),  # no amount: 30
        ("1000", "30.00", False),
        ("100000", "1020.00", False),  # 30 + 99,000 × 1 % (990)
        ("500000", "3020.00", False),  # 1,020 + 400,000 × 0.5 % (2,000)
        ("896000", "5000.00", False),  # 1,020 + 796,000 × 0.5 % = 5,000 exactly: the cap
        ("896000.01", "5000.00", True),
        ("2000000", "5000.00", True),  # 1,020 + 950,000 × 0.5 % = 10,520 → capped
    ],
)
def test_preservation_and_cap(amount: str | None, expected: str, capped: bool) -> None:
    result = compute_fee("preservation", amount=amount)
    assert result.fee == D(expected)
    assert result.capped is capped


def test_payment_order_is_one_third() -> None:
    assert fee("payment-order", amount="150000") == D("1100.00")  # 3,300 / 3
    assert fee("payment-order", amount="5000") == D("16.67")  # 50 / 3 = 16.666…
    assert fee("payment-order", amount="5000", settings=FeeSettings(round_to_yuan=True)) == D(
        "17.00"
    )


def test_bankruptcy_half_and_cap() -> None:
    # half of 541,800
    assert fee("bankruptcy", amount="100000000") == D("270900.00")
    # property fee 541,800 + 11,640,000 × 0.5 % = 600,000 → half = 300,000: exactly the cap
    at_cap = compute_fee("bankruptcy", amount="111640000")
    assert (at_cap.fee, at_cap.capped) == (D("300000.00"), False)
    above = compute_fee("bankruptcy", amount="500000000")
    assert (above.fee, above.capped) == (D("300000.00"), True)
    assert above.timing == "after-liquidation"


# --- reductions ---------------------------------------------------------------------------------


def test_each_reduction_halves() -> None:
    assert fee("property", amount="150000", summary=True) == D("1650.00")  # Art. 16
    assert fee("property", amount="150000", halve="mediation") == D("1650.00")  # Art. 15
    assert fee("property", amount="150000", halve="withdrawal") == D("1650.00")  # Art. 15
    assert fee("property", amount="150000", joined_claim="counterclaim") == D("1650.00")  # 18
    assert fee("property", amount="150000", joined_claim="third-party") == D("1650.00")  # 18
    assert fee("labour", summary=True) == D("5.00")
    assert fee("divorce", halve="mediation") == D("25.00")


def test_halving_grounds_are_not_cumulative_by_default() -> None:
    once = compute_fee("property", amount="150000", summary=True, halve="mediation")
    assert once.fee == D("1650.00")
    assert once.reductions == ("summary", "mediation")
    twice = compute_fee(
        "property",
        amount="150000",
        summary=True,
        halve="mediation",
        settings=FeeSettings(cumulative_halving=True),
    )
    assert twice.fee == D("825.00")


def test_appeal_is_on_the_amount_appealed() -> None:
    # Art. 17: first instance on 1,000,000, appeal only against 150,000 of it.
    result = compute_fee("property", amount="150000", appeal=True)
    assert result.fee == D("3300.00")
    assert "appeal" in result.reductions
    assert fee("property", amount="150000", appeal=True, halve="withdrawal") == D("1650.00")


@pytest.mark.parametrize(
    "reason",
    [
        "special-procedure",
        "not-accepted-or-dismissed",
        "appeal-against-procedural-ruling",
        "administrative-compensation",
    ],
)
def test_no_fee_cases(reason: str) -> None:
    result = no_fee(reason)
    assert result.fee == D("0.00")
    assert "第八条" in result.basis
    assert result.to_dict()["fee"] == "0.00"


def test_round_to_yuan() -> None:
    # 50 + 20 × 2.5 % = 50.50 → 51 when rounding to the yuan (half up)
    assert fee("property", amount="10020") == D("50.50")
    assert fee("property", amount="10020", settings=FeeSettings(round_to_yuan=True)) == D("51.00")


# --- invalid input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "property", "amount": "-1"}, "negative_amount"),
        ({"kind": "property", "amount": "abc"}, "bad_amount"),
        ({"kind": "property", "amount": "NaN"}, "bad_amount"),
        ({"kind": "property", "amount": "Infinity"}, "bad_amount"),
        ({"kind": "property", "amount": 1.5}, "bad_amount"),
        ({"kind": "property", "amount": True}, "bad_amount"),
        ({"kind": "property", "amount": [1]}, "bad_amount"),
        ({"kind": "property", "amount": "1.001"}, "too_many_decimals"),
        ({"kind": "property"}, "amount_required"),
        ({"kind": "payment-order"}, "amount_required"),
        ({"kind": "bankruptcy"}, "amount_required"),
        ({"kind": "nonsense", "amount": "1"}, "unknown_kind"),
        ({"kind": "property", "amount": "1", "halve": "summary"}, "bad_halve"),
        ({"kind": "property", "amount": "1", "joined_claim": "x"}, "bad_joined_claim"),
        ({"kind": "execution", "amount": "1", "summary": True}, "reduction_not_applicable"),
        ({"kind": "jurisdiction-objection", "halve": "withdrawal"}, "reduction_not_applicable"),
        ({"kind": "property", "amount": "1", "summary": True, "appeal": True}, "summary_on_appeal"),
        ({"kind": "labour", "amount": "5"}, "unexpected_amount"),
        ({"kind": "divorce", "amount": "5"}, "unexpected_amount"),
    ],
)
def test_invalid_input(kwargs: dict[str, object], code: str) -> None:
    kind = kwargs.pop("kind")
    with pytest.raises(RuleError) as info:
        compute_fee(kind, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == code


@pytest.mark.parametrize(
    "kwargs",
    [
        {"divorce": 301},
        {"divorce": 49},
        {"personality": "99"},
        {"non_property": "50.001"},
        {"ip_no_amount": 1001},
        {"jurisdiction_objection": 101},
        {"execution_no_amount": 501},
        {"divorce": "x"},
    ],
)
def test_settings_outside_the_legal_range(kwargs: dict[str, object]) -> None:
    with pytest.raises(RuleError) as info:
        FeeSettings(**kwargs)  # type: ignore[arg-type]
    assert info.value.code in {"setting_out_of_range", "bad_amount"}


def test_unknown_no_fee_reason() -> None:
    with pytest.raises(RuleError) as info:
        no_fee("because")
    assert info.value.code == "unknown_exempt_reason"


def test_every_kind_is_computable() -> None:
    needs_amount = {"property", "payment-order", "bankruptcy"}
    for kind in KINDS:
        result = compute_fee(kind, amount="1000" if kind in needs_amount else None)
        assert result.fee >= 0
        assert result.basis.startswith("《诉讼费用交纳办法》")
        assert all(isinstance(p, Segment | Item) for p in result.breakdown)


# --- properties ----------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=D("300000000"), places=2, allow_nan=False)
TIERED = [
    ("property", "amount"),
    ("execution", "amount"),
    ("preservation", "amount"),
    ("payment-order", "amount"),
    ("bankruptcy", "amount"),
    ("ip", "amount"),
    ("divorce", "property_amount"),
    ("personality", "damages"),
]
BOUNDS = {
    "property": [
        10_000,
        100_000,
        200_000,
        500_000,
        1_000_000,
        2_000_000,
        5_000_000,
        10_000_000,
        20_000_000,
    ],
    "execution": [10_000, 500_000, 5_000_000, 10_000_000],
    "preservation": [1_000, 100_000, 896_000],
    "payment-order": [10_000, 100_000, 200_000, 500_000, 1_000_000, 20_000_000],
    "bankruptcy": [10_000, 1_000_000, 20_000_000, 111_640_000],
    "ip": [10_000, 100_000, 20_000_000],
    "divorce": [200_000],
    "personality": [50_000, 100_000],
}


@given(st.sampled_from(TIERED), money, money)
def test_fees_never_decrease(kind_field: tuple[str, str], a: D, b: D) -> None:
    kind, field = kind_field
    low, high = sorted((a, b))
    assert fee(kind, **{field: low}) <= fee(kind, **{field: high})


@pytest.mark.parametrize(("kind", "field"), TIERED)
def test_continuous_at_segment_bounds(kind: str, field: str) -> None:
    for bound in BOUNDS[kind]:
        at = compute_fee(kind, **{field: D(bound)}).fee
        right = compute_fee(kind, **{field: D(bound) + D("0.01")}).fee
        assert D(0) <= right - at <= D("0.01"), (kind, bound)


@given(st.sampled_from(TIERED), money)
def test_continuous_everywhere(kind_field: tuple[str, str], a: D) -> None:
    kind, field = kind_field
    step = fee(kind, **{field: a + D("0.01")}) - fee(kind, **{field: a})
    assert D(0) <= step <= D("0.01")


@given(money, st.sampled_from(["summary", "mediation", "withdrawal", "counterclaim"]))
def test_halving_halves(amount: D, how: str) -> None:
    full = compute_fee("property", amount=amount)
    kwargs: dict[str, object] = {
        "summary": {"summary": True},
        "mediation": {"halve": "mediation"},
        "withdrawal": {"halve": "withdrawal"},
        "counterclaim": {"joined_claim": "counterclaim"},
    }[how]
    half = compute_fee("property", amount=amount, **kwargs)  # type: ignore[arg-type]
    assert half.unrounded * 2 == full.unrounded
    assert abs(half.fee * 2 - full.fee) <= D("0.01")


@given(money)
def test_breakdown_sums_to_the_fee(amount: D) -> None:
    for kind in ("property", "execution", "preservation", "payment-order", "bankruptcy"):
        result = compute_fee(kind, amount=amount)
        total = sum(
            (p.part_fee if isinstance(p, Segment) else p.amount for p in result.breakdown), D(0)
        )
        assert total == result.unrounded
        assert result.fee == result.unrounded.quantize(D("0.01"), rounding="ROUND_HALF_UP")


def test_property_fee_helper() -> None:
    assert property_fee("150000") == D("3300")
