"""Yuan amounts as written in court documents: 大写金额 and ``¥3,300.00``.

The upper-case form follows the People's Bank of China rules for writing amounts
(《支付结算办法》附件《正确填写票据和结算凭证的基本规定》):
整 after 元 when there is no 角/分; no 整 after 角 or 分; 零 for zeros in the middle
(one 零 for a run of zeros, also across the 万/亿 boundary); 零 between 元 and 分 when
角 is zero. cn2an gets most of these right but drops the 零 when the zeros end a 4-digit
section (1,001,000 → 壹佰万壹仟 instead of 壹佰万零壹仟), so the conversion is done here;
the tests compare with cn2an on the cases it handles correctly.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from yunting.rules.errors import RuleError

__all__ = ["MAX_AMOUNT", "format_yuan", "normalize_amount_text", "to_uppercase_rmb"]

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_SECTION = ("", "拾", "佰", "仟")  # positions inside a 4-digit section, low to high
_SECTIONS = ("", "万", "亿")  # 4-digit sections, low to high
MAX_AMOUNT = Decimal("999999999999.99")  # below 1 万亿: three sections of 4 digits
CENT = Decimal("0.01")


def _to_amount(value: Any) -> Decimal:
    if isinstance(value, bool | float):
        raise RuleError("bad_amount", f"Amount must be a Decimal, int or string, not {value!r}.")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise RuleError("bad_amount", f"Amount is not a number: {value!r}.") from None
    if not number.is_finite():
        raise RuleError("bad_amount", f"Amount must be finite: {value!r}.")
    return number


def _integer_words(n: int) -> str:
    """Upper-case words for a non-negative integer below 10^12 (no unit 元)."""
    if n == 0:
        return DIGITS[0]
    digits = str(n)
    words: list[str] = []
    pending_zero = False
    length = len(digits)
    for i, ch in enumerate(digits):
        place = length - 1 - i  # 0 = units
        section, pos = divmod(place, 4)
        d = int(ch)
        if d == 0:
            pending_zero = bool(words)
        else:
            if pending_zero:
                words.append(DIGITS[0])
                pending_zero = False
            words.append(DIGITS[d] + _IN_SECTION[pos])
        if pos == 0 and section > 0:
            # Close a section: its unit only if any of its four digits is non-zero.
            start = max(0, i - 3)
            if int(digits[start : i + 1]) != 0:
                words.append(_SECTIONS[section])
    return "".join(words)


def to_uppercase_rmb(amount: Any) -> str:
    """Chinese upper-case amount: 3300 → 叁仟叁佰元整, 10010.01 → 壹万零壹拾元零壹分."""
    value = _to_amount(amount)
    if value < 0:
        raise RuleError("negative_amount", "An upper-case amount cannot be negative.")
    if value != value.quantize(CENT):
        raise RuleError("too_many_decimals", f"Amount has more than two decimals: {amount!r}.")
    if value > MAX_AMOUNT:
        raise RuleError("amount_too_large", f"Amount is too large to write out: {amount!r}.")
    cents = int(value * 100)
    yuan, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)
    if yuan == 0 and fraction == 0:
        return "零元整"
    out = ""
    if yuan:
        out = _integer_words(yuan) + "元"
    if fraction == 0:
        return out + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += DIGITS[0]  # 元 then 零 then 分: 壹元零伍分
    if fen:
        out += DIGITS[fen] + "分"
    return out


def format_yuan(amount: Any) -> str:
    """``¥3,300.00``: thousands separators, two decimals rounded half-up, minus before ¥."""
    value = _to_amount(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"


# Full-width digits and signs (U+FF10–FF19, ．，) as typed by a Chinese input method.
_FULL_WIDTH = {ord("０") + i: str(i) for i in range(10)} | {
    ord("．"): ".",
    ord("。"): ".",
    ord("，"): ",",
    ord("－"): "-",
    ord("＋"): "+",
}
_GROUP_SEPARATORS = (",", " ", "\u00a0", "\u202f", "\u3000", "'", "_")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def normalize_amount_text(text: str) -> str:
    """An amount as people type it, as a plain number string: ``1,000,000``, ``1 000 000``,
    ``１０００００``, ``¥3,300.00`` and ``3300元`` all become ``1000000`` / ``3300.00`` etc.
    Commas must group by thousands (``1,00`` is left alone so that it fails as a number rather
    than being read as 100); everything else is passed through for the caller to refuse."""
    value = text.translate(_FULL_WIDTH).strip()
    for sign in ("¥", "￥", "RMB", "人民币"):
        value = value.removeprefix(sign).strip()
    value = value.removesuffix("元").strip()
    if "," in value and not _GROUPED.match(value.replace(" ", "")):
        return value
    for sep in _GROUP_SEPARATORS:
        value = value.replace(sep, "")
    return value
