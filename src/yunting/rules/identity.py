"""Identity numbers: citizen ID (GB 11643-1999) and unified social credit code (GB 32100-2015).

Real-name verification (《人民法院在线诉讼规则》 Art. 7) starts with a well-formed number; these
checks catch typing errors before any external verification is attempted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from yunting.rules.errors import RuleError

__all__ = [
    "PROVINCE_CODES",
    "USCC_ALPHABET",
    "IdCheck",
    "check_citizen_id",
    "check_identity",
    "check_uscc",
    "citizen_birth_date",
    "citizen_check_char",
    "normalize_identity",
    "uscc_check_char",
]

# GB/T 2260 province-level codes (the first two digits of a citizen ID).
PROVINCE_CODES: frozenset[str] = frozenset(
    [f"{n}" for n in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37)]
    + [f"{n}" for n in (41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65)]
    + ["71", "81", "82"]
)

# GB 11643-1999 §5: weights Wi = 2^(17-i) mod 11 over the first 17 digits; the check character
# is "10X98765432"[sum mod 11].
_CITIZEN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CITIZEN_CHECK = "10X98765432"

# GB 32100-2015 §4: alphabet without I, O, Z, S, V; weights 3^(i-1) mod 31; check = 31 - sum
# mod 31 (31 maps to 0).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_INDEX = {c: i for i, c in enumerate(USCC_ALPHABET)}

_EARLIEST_BIRTH = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class IdCheck:
    """Outcome of a check: ``code``/``reason`` are None exactly when ``valid``."""

    valid: bool
    kind: Literal["citizen", "uscc"] | None
    code: str | None  # stable failure code, None when valid
    reason: str | None  # English sentence, None when valid


def normalize_identity(value: str) -> str:
    """Strip surrounding whitespace and upper-case (a lower-case x is accepted as X)."""
    return value.strip().upper()


def citizen_check_char(first17: str) -> str:
    """The GB 11643 check character for 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _CITIZEN_WEIGHTS, strict=True))
    return _CITIZEN_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(_USCC_INDEX[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _fail(kind: Literal["citizen", "uscc"] | None, code: str, reason: str) -> IdCheck:
    return IdCheck(valid=False, kind=kind, code=code, reason=reason)


def _birth_date(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def check_citizen_id(value: str) -> IdCheck:
    """Check an 18-character citizen ID: shape, province, birth date, check character."""
    if not isinstance(value, str):
        return _fail("citizen", "bad_characters", "An ID number must be text.")
    s = normalize_identity(value)
    if len(s) != 18:
        return _fail("citizen", "wrong_length", f"A citizen ID has 18 characters, not {len(s)}.")
    if not (s[:17].isascii() and s[:17].isdigit() and (s[17].isdigit() or s[17] == "X")):
        return _fail(
            "citizen",
            "bad_characters",
            "A citizen ID is 17 digits followed by a digit or X.",
        )
    if s[:2] not in PROVINCE_CODES:
        return _fail("citizen", "bad_region", f"{s[:2]} is not a province code (GB/T 2260).")
    born = _birth_date(s)
    if born is None or not (_EARLIEST_BIRTH <= born <= dt.date.today()):
        return _fail(
            "citizen",
            "impossible_birth_date",
            f"The birth date {s[6:14]} is not a real date between 1900-01-01 and today.",
        )
    if citizen_check_char(s[:17]) != s[17]:
        return _fail(
            "citizen", "bad_check_digit", "The last character does not match the check digit."
        )
    return IdCheck(valid=True, kind="citizen", code=None, reason=None)


def check_uscc(value: str) -> IdCheck:
    """Check an 18-character unified social credit code: alphabet and check character."""
    if not isinstance(value, str):
        return _fail("uscc", "bad_characters", "A credit code must be text.")
    s = normalize_identity(value)
    if len(s) != 18:
        return _fail("uscc", "wrong_length", f"A credit code has 18 characters, not {len(s)}.")
    bad = sorted({c for c in s if c not in _USCC_INDEX})
    if bad:
        return _fail(
            "uscc",
            "bad_characters",
            f"A credit code uses digits and capital letters except I, O, Z, S, V; found {bad}.",
        )
    if uscc_check_char(s[:17]) != s[17]:
        return _fail(
            "uscc", "bad_check_digit", "The last character does not match the check character."
        )
    return IdCheck(valid=True, kind="uscc", code=None, reason=None)


def check_identity(value: str) -> IdCheck:
    """Check a number whose kind is not known: a valid reading wins, else the likelier kind.

    A citizen ID is 17 digits plus digit/X; anything else of 18 characters is taken to be a
    credit code. Both kinds can be all digits, so a valid reading of either kind is accepted.
    """
    if not isinstance(value, str):
        return _fail(None, "bad_characters", "An identity number must be text.")
    s = normalize_identity(value)
    if len(s) != 18:
        return _fail(
            None, "wrong_length", f"An ID number or credit code has 18 characters, not {len(s)}."
        )
    citizen = check_citizen_id(s)
    if citizen.valid:
        return citizen
    uscc = check_uscc(s)
    if uscc.valid:
        return uscc
    citizen_shaped = s[:17].isascii() and s[:17].isdigit() and (s[17].isdigit() or s[17] == "X")
    return citizen if citizen_shaped else uscc


def citizen_birth_date(value: str) -> dt.date:
    """Birth date encoded in a valid citizen ID; raises :class:`RuleError` otherwise."""
    result = check_citizen_id(value)
    if not result.valid:
        raise RuleError(result.code or "invalid", result.reason or "Invalid citizen ID.")
    born = _birth_date(normalize_identity(value))
    assert born is not None  # guaranteed by the check above
    return born
