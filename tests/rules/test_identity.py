"""Citizen ID (GB 11643) and unified social credit code (GB 32100)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yunting.rules.errors import RuleError
from yunting.rules.identity import (
    USCC_ALPHABET,
    IdCheck,
    check_citizen_id,
    check_identity,
    check_uscc,
    citizen_birth_date,
)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def make_id(region: str = "110105", birth: str = "19900307", seq: str = "123") -> str:
    """Build a citizen ID with the check character computed here, independently of the code."""
    body = region + birth + seq
    total = sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def make_uscc(body: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def test_known_public_example() -> None:
    # The example number printed in GB 11643-1999 itself.
    assert check_citizen_id("11010519491231002X") == IdCheck(True, "citizen", None, None)


def test_valid_citizen_id() -> None:
    value = make_id()
    assert check_citizen_id(value).valid
    assert citizen_birth_date(value) == dt.date(1990, 3, 7)


def test_lower_case_x_is_accepted() -> None:
    seq = next(f"{n:03d}" for n in range(1000) if make_id(seq=f"{n:03d}").endswith("X"))
    value = make_id(seq=seq)
    assert check_citizen_id(value.lower()).valid
    assert check_identity(value.lower()).kind == "citizen"
    assert citizen_birth_date(value.lower()) == dt.date(1990, 3, 7)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("11010519900307123", "wrong_length"),
        ("1101051990030712345", "wrong_length"),
        ("", "wrong_length"),
        ("1101051990030712A4", "bad_characters"),
        ("11010519900307123Y", "bad_characters"),
        ("１１０１０５１９９００３０７１２３４", "bad_characters"),  # full-width digits
        (make_id(region="990105"), "bad_region"),
        (make_id(region="910105"), "bad_region"),
        (make_id(region="000000"), "bad_region"),
        (make_id(birth="19990230"), "impossible_birth_date"),
        (make_id(birth="19991301"), "impossible_birth_date"),
        (make_id(birth="18991231"), "impossible_birth_date"),
        (make_id(birth="20991231"), "impossible_birth_date"),
    ],
)
def test_citizen_failures(value: str, code: str) -> None:
    result = check_citizen_id(value)
    assert (result.valid, result.code) == (False, code)
    assert result.reason and result.kind == "citizen"


def test_bad_check_digit() -> None:
    value = make_id()
    wrong = value[:17] + ("0" if value[17] != "0" else "1")
    assert check_citizen_id(wrong).code == "bad_check_digit"
    with pytest.raises(RuleError) as info:
        citizen_birth_date(wrong)
    assert info.value.code == "bad_check_digit"


@pytest.mark.parametrize(
    "region",
    [
        "110000",
        "150000",
        "230000",
        "370000",
        "460000",
        "540000",
        "650000",
        "710000",
        "810000",
        "820000",
    ],
)
def test_all_kinds_of_province_codes(region: str) -> None:
    assert check_citizen_id(make_id(region=region)).valid


def test_valid_uscc() -> None:
    value = make_uscc("91310000MA1FL0000")
    assert check_uscc(value) == IdCheck(True, "uscc", None, None)
    assert check_identity(value).kind == "uscc"
    assert check_uscc(value.lower()).valid


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91310000MA1FL000", "wrong_length"),
        ("91310000MA1FL0000IX", "wrong_length"),
        ("91310000MA1FL000I0", "bad_characters"),
        ("91310000MA1FL000O0", "bad_characters"),
        ("91310000MA1FL000Z0", "bad_characters"),
        ("91310000MA1FL000S0", "bad_characters"),
        ("91310000MA1FL000V0", "bad_characters"),
    ],
)
def test_uscc_failures(value: str, code: str) -> None:
    result = check_uscc(value)
    assert (result.valid, result.code, result.kind) == (False, code, "uscc")


def test_uscc_bad_check_character() -> None:
    value = make_uscc("91310000MA1FL0000")
    wrong = value[:17] + ("0" if value[17] != "0" else "1")
    assert check_uscc(wrong).code == "bad_check_digit"
    assert check_identity(wrong).kind == "uscc"


def test_check_identity_guesses_the_kind() -> None:
    assert check_identity(make_id()).kind == "citizen"
    bad = make_id()[:17] + ("0" if make_id()[17] != "0" else "1")
    assert check_identity(bad).code == "bad_check_digit"
    assert check_identity(bad).kind == "citizen"
    short = check_identity("123")
    assert (short.valid, short.kind, short.code) == (False, None, "wrong_length")


def test_non_text_input() -> None:
    assert check_citizen_id(None).code == "bad_characters"  # type: ignore[arg-type]
    assert check_uscc(123).code == "bad_characters"  # type: ignore[arg-type]
    assert check_identity(None).code == "bad_characters"  # type: ignore[arg-type]


regions = st.sampled_from(["110105", "310104", "440305", "650102", "820000"])
births = st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)).map(lambda d: d.strftime("%Y%m%d"))
seqs = st.integers(0, 999).map(lambda n: f"{n:03d}")


@given(regions, births, seqs)
def test_generated_ids_are_valid_and_any_other_check_char_is_not(
    region: str, birth: str, seq: str
) -> None:
    value = make_id(region, birth, seq)
    assert check_citizen_id(value).valid
    assert citizen_birth_date(value).strftime("%Y%m%d") == birth
    for other in "0123456789X":
        if other != value[17]:
            assert check_citizen_id(value[:17] + other).code == "bad_check_digit"


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_generated_usccs_are_valid(body: str) -> None:
    value = make_uscc(body)
    assert check_uscc(value).valid
    for other in USCC_ALPHABET[:5]:
        if other != value[17]:
            assert check_uscc(value[:17] + other).code == "bad_check_digit"
