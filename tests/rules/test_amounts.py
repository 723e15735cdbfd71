"""Amounts in Chinese upper case (大写金额) and ¥ formatting."""

from decimal import Decimal as D

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yunting.rules.amounts import MAX_AMOUNT, format_yuan, to_uppercase_rmb
from yunting.rules.errors import RuleError

CASES = [
    ("3300", "叁仟叁佰元整"),
    ("3300.50", "叁仟叁佰元伍角"),  # 角 without 分: no 整
    ("0.05", "伍分"),  # 分 only
    ("10010.01", "壹万零壹拾元零壹分"),  # zeros in the middle; 零 between 元 and 分
    ("0", "零元整"),
    ("0.5", "伍角"),
    ("0.55", "伍角伍分"),
    ("1.05", "壹元零伍分"),  # 分 without 角
    ("10", "壹拾元整"),
    ("10.5", "壹拾元伍角"),
    ("105.06", "壹佰零伍元零陆分"),
    ("1010", "壹仟零壹拾元整"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("10000", "壹万元整"),  # 万 boundary
    ("10001", "壹万零壹元整"),
    ("10000.5", "壹万元伍角"),
    ("100000.1", "壹拾万元壹角"),
    ("1001000", "壹佰万零壹仟元整"),  # zeros closing the 万 section still need 零
    ("10000001", "壹仟万零壹元整"),
    ("99999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("100000000", "壹亿元整"),  # 亿 boundary
    ("100000001", "壹亿零壹元整"),
    ("100010000", "壹亿零壹万元整"),
    ("100100000", "壹亿零壹拾万元整"),
    ("110000000", "壹亿壹仟万元整"),
    ("1000000000.01", "壹拾亿元零壹分"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize(("amount", "expected"), CASES)
def test_uppercase(amount: str, expected: str) -> None:
    assert to_uppercase_rmb(D(amount)) == expected
    assert to_uppercase_rmb(amount) == expected


def test_the_zero_after_a_wan_section_is_written() -> None:
    # Where cn2an (the reason this is not delegated to it) writes 壹佰万壹仟元整.
    assert to_uppercase_rmb(D("1001000")) == "壹佰万零壹仟元整"


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-1", "negative_amount"),
        ("1.001", "too_many_decimals"),
        ("abc", "bad_amount"),
        (1.5, "bad_amount"),
        ("1000000000000", "amount_too_large"),
    ],
)
def test_uppercase_errors(amount: object, code: str) -> None:
    with pytest.raises(RuleError) as info:
        to_uppercase_rmb(amount)
    assert info.value.code == code


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False))
def test_uppercase_is_well_formed(amount: D) -> None:
    text = to_uppercase_rmb(amount)
    assert "零零" not in text
    assert not text.endswith("零")
    assert text.endswith(("整", "角", "分"))
    assert text.count("元") <= 1


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=99))
def test_matches_cn2an_below_ten_thousand(yuan: int, fen: int) -> None:
    amount = f"{yuan}.{fen:02d}"
    assert to_uppercase_rmb(amount) == cn2an.an2cn(amount, "rmb")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (D("3300"), "¥3,300.00"),
        (D("0"), "¥0.00"),
        (D("1234567.891"), "¥1,234,567.89"),
        (D("0.005"), "¥0.01"),  # half up
        (D("-50.5"), "-¥50.50"),
        (1000, "¥1,000.00"),
        ("999.999", "¥1,000.00"),
    ],
)
def test_format_yuan(amount: object, expected: str) -> None:
    assert format_yuan(amount) == expected
