"""Case numbers, 《最高人民法院关于人民法院案件案号的若干规定》."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yunting.rules.case_numbers import (
    PROVINCES,
    SPECIALISED,
    SUPREME_COURT,
    TYPE_CODES,
    CaseNumber,
    court_level,
    parse,
)
from yunting.rules.errors import RuleError

TODAY = dt.date(2026, 11, 22)


def test_parse_basic_court() -> None:
    n = parse("（2024）沪0105民初1234号", today=TODAY)
    assert n == CaseNumber(2024, "沪0105", "民初", 1234)
    assert n.format() == "（2024）沪0105民初1234号"
    assert str(n) == n.format()
    assert n.case_type.category == "civil"
    assert court_level(n.court_code) == "basic"


def test_parse_specialised_supreme_court() -> None:
    n = parse("（2019）最高法知民终1号", today=TODAY)
    assert (n.court_code, n.specialised, n.type_code, n.serial) == ("最高法", "知", "民终", 1)
    assert n.format() == "（2019）最高法知民终1号"
    assert court_level("最高法") == "supreme"


def test_pre_litigation_mediation_and_other_levels() -> None:
    n = parse("（2024）沪0105民诉前调88号", today=TODAY)
    assert (n.type_code, n.case_type.category) == ("民诉前调", "mediation")
    assert court_level(parse("（2024）沪民终5号", today=TODAY).court_code) == "high"
    assert court_level(parse("（2024）沪01民终5号", today=TODAY).court_code) == "intermediate"
    assert parse("（2024）沪72民初3号", today=TODAY).court_code == "沪72"  # maritime court
    assert parse("（2024）兵0101执12号", today=TODAY).court_code == "兵0101"
    assert parse("  （2024）京0105执恢2号 ", today=TODAY).type_code == "执恢"


@pytest.mark.parametrize(
    "code",
    [
        "民初",
        "民终",
        "民申",
        "民再",
        "民特",
        "民督",
        "民催",
        "民辖",
        "民诉前调",
        "财保",
        "执",
        "执恢",
        "执保",
        "执异",
        "执复",
        "破申",
        "破",
        "刑初",
        "刑终",
        "刑更",
        "行初",
        "行终",
        "司救",
    ],
)
def test_every_code_of_domain_section_2_is_known(code: str) -> None:
    case_type = TYPE_CODES[code]
    assert case_type.name_zh and case_type.name_en and case_type.category
    assert parse(f"（2024）沪0105{code}7号", today=TODAY).type_code == code


def test_province_table() -> None:
    expected = set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼") | {"兵"}
    assert set(PROVINCES) == expected
    assert len(PROVINCES) == 32


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024沪0105民初1号", "missing_parentheses"),
        ("【2024】沪0105民初1号", "missing_parentheses"),
        ("（2024沪0105民初1号", "missing_parentheses"),
        ("(2024)沪0105民初1号", "ascii_parentheses"),
        ("（2024)沪0105民初1号", "ascii_parentheses"),
        ("（24）沪0105民初1号", "bad_year"),
        ("（２０２４）沪0105民初1号", "bad_year"),
        ("（二〇二四）沪0105民初1号", "bad_year"),
        ("（1948）沪0105民初1号", "year_out_of_range"),
        ("（2028）沪0105民初1号", "year_out_of_range"),
        ("（2024）X0105民初1号", "bad_court_code"),
        ("（2024）港0105民初1号", "bad_court_code"),
        ("（2024）沪010民初1号", "bad_court_code"),
        ("（2024）沪010511民初1号", "bad_court_code"),
        ("（2024）沪00民初1号", "bad_court_code"),
        ("（2024）沪0100民初1号", "bad_court_code"),
        ("（2024）沪0105民X1号", "unknown_type_code"),
        ("（2024）沪0105刑事1号", "unknown_type_code"),
        ("（2024）沪0105民初0号", "bad_serial"),
        ("（2024）沪0105民初01号", "bad_serial"),
        ("（2024）沪0105民初号", "bad_serial"),
        ("（2024）沪0105民初1号之一", "bad_serial"),
        ("（2024）沪0105民初1234", "missing_hao_suffix"),
    ],
)
def test_parse_errors(text: str, code: str) -> None:
    with pytest.raises(RuleError) as info:
        parse(text, today=TODAY)
    assert info.value.code == code
    assert info.value.message


def test_ascii_parentheses_message_says_full_width() -> None:
    with pytest.raises(RuleError) as info:
        parse("(2024)沪0105民初1号")
    assert "full-width" in info.value.message


def test_year_upper_bound_is_next_year() -> None:
    assert parse("（2027）沪0105民初1号", today=TODAY).year == 2027


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"year": 1900}, "year_out_of_range"),
        ({"court_code": "沪1"}, "bad_court_code"),
        ({"type_code": "民X"}, "unknown_type_code"),
        ({"serial": 0}, "bad_serial"),
        ({"specialised": "X"}, "bad_specialised_code"),
    ],
)
def test_constructor_validates(kwargs: dict[str, object], code: str) -> None:
    base: dict[str, object] = {
        "year": 2024,
        "court_code": "沪0105",
        "type_code": "民初",
        "serial": 1,
    }
    with pytest.raises(RuleError) as info:
        CaseNumber(**{**base, **kwargs})  # type: ignore[arg-type]
    assert info.value.code == code


two_digits = st.integers(1, 99).map(lambda n: f"{n:02d}")
courts = st.one_of(
    st.just(SUPREME_COURT),
    st.sampled_from(sorted(PROVINCES)),
    st.builds(lambda p, a: p + a, st.sampled_from(sorted(PROVINCES)), two_digits),
    st.builds(
        lambda p, a, b: p + a + b, st.sampled_from(sorted(PROVINCES)), two_digits, two_digits
    ),
)
numbers = st.builds(
    CaseNumber,
    year=st.integers(1949, TODAY.year),
    court_code=courts,
    type_code=st.sampled_from(sorted(TYPE_CODES)),
    serial=st.integers(1, 10**7),
    specialised=st.none() | st.sampled_from(sorted(SPECIALISED)),
)


@given(numbers)
def test_format_parse_round_trip(number: CaseNumber) -> None:
    assert parse(number.format(), today=TODAY) == number
