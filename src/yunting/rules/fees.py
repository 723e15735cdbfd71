"""Court fees under 《诉讼费用交纳办法》 (State Council Order No. 481, 2007).

Everything is :class:`~decimal.Decimal`; intermediate figures are exact and only the final fee is
rounded (ROUND_HALF_UP to the fen, or to the yuan when the court chose so). The breakdown lists
every segment and adjustment so that a filing officer or a litigant can check the figure by hand.

Decisions where the text is silent (documented in docs/architecture.md by the caller's team):

* Reductions by half under Arts. 15, 16 and 18 are applied **once** even when several apply
  (prevailing court practice); a court may set ``FeeSettings.cumulative_halving``.
* Reductions apply to acceptance fees (案件受理费, Art. 13) only, never to application fees
  (申请费, Art. 14), and not to the fee for a failed jurisdiction objection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

from yunting.rules.errors import RuleError

__all__ = [
    "ACCEPTANCE_KINDS",
    "EXEMPT_REASONS",
    "FEE_RANGES",
    "HALVE_REASONS",
    "JOINED_CLAIMS",
    "KINDS",
    "FeeResult",
    "FeeSettings",
    "Item",
    "Segment",
    "compute_fee",
    "no_fee",
    "property_fee",
]

D = Decimal
CENT = D("0.01")
YUAN = D("1")
ORDER = "《诉讼费用交纳办法》"

# The exact set of fee kinds accepted by compute_fee().
KINDS: tuple[str, ...] = (
    "property",
    "divorce",
    "personality",
    "non-property",
    "ip",
    "labour",
    "administrative",
    "administrative-special",
    "jurisdiction-objection",
    "execution",
    "preservation",
    "payment-order",
    "public-summons",
    "arbitration",
    "bankruptcy",
)

# Acceptance fees (案件受理费) that the halving rules of Arts. 15, 16, 18 and the appeal rule of
# Art. 17 apply to. Art. 13(6) (failed jurisdiction objection) is deliberately left out.
ACCEPTANCE_KINDS: frozenset[str] = frozenset(
    {
        "property",
        "divorce",
        "personality",
        "non-property",
        "ip",
        "labour",
        "administrative",
        "administrative-special",
    }
)

# Art. 15: "以调解方式结案或者当事人申请撤诉的，减半交纳案件受理费。"
HALVE_REASONS: dict[str, str] = {
    "mediation": "第十五条（以调解方式结案）",
    "withdrawal": "第十五条（申请撤诉）",
}

# Art. 18: "被告提起反诉、有独立请求权的第三人提出与本案有关的诉讼请求，人民法院决定合并审理的，
# 分别减半交纳案件受理费。"
JOINED_CLAIMS: dict[str, str] = {
    "counterclaim": "第十八条（反诉合并审理）",
    "third-party": "第十八条（有独立请求权的第三人的请求合并审理）",
}

# Art. 8: cases that pay no acceptance fee.
EXEMPT_REASONS: dict[str, str] = {
    "special-procedure": "第八条第（一）项：依照民事诉讼法规定的特别程序审理的案件",
    "not-accepted-or-dismissed": "第八条第（二）项：裁定不予受理、驳回起诉、驳回上诉的案件",
    "appeal-against-procedural-ruling": (
        "第八条第（三）项：对不予受理、驳回起诉和管辖权异议裁定不服，提起上诉的案件"
    ),
    "administrative-compensation": "第八条第（四）项：行政赔偿案件",
}

# Ranges inside which the province (or court) sets the per-case figure: (lower, upper, article).
FEE_RANGES: dict[str, tuple[Decimal, Decimal, str]] = {
    "divorce": (D(50), D(300), "第十三条第（二）项第1目"),
    "personality": (D(100), D(500), "第十三条第（二）项第2目"),
    "non_property": (D(50), D(100), "第十三条第（二）项第3目"),
    "ip_no_amount": (D(500), D(1000), "第十三条第（三）项"),
    "jurisdiction_objection": (D(50), D(100), "第十三条第（六）项"),
    "execution_no_amount": (D(50), D(500), "第十四条第（一）项"),
}


def _quantized(value: Decimal) -> bool:
    return value == value.quantize(CENT)


@dataclass(frozen=True)
class FeeSettings:
    """A court's choices inside the legal ranges; defaults are the lower bounds.

    Validated on construction so that a misconfigured court can never charge outside the law.
    """

    divorce: Decimal = FEE_RANGES["divorce"][0]
    personality: Decimal = FEE_RANGES["personality"][0]
    non_property: Decimal = FEE_RANGES["non_property"][0]
    ip_no_amount: Decimal = FEE_RANGES["ip_no_amount"][0]
    jurisdiction_objection: Decimal = FEE_RANGES["jurisdiction_objection"][0]
    execution_no_amount: Decimal = FEE_RANGES["execution_no_amount"][0]
    round_to_yuan: bool = False
    cumulative_halving: bool = False

    def __post_init__(self) -> None:
        for name, (lower, upper, article) in FEE_RANGES.items():
            raw = getattr(self, name)
            value = _to_decimal(raw, field_name=name)
            if value is None or not (lower <= value <= upper) or not _quantized(value):
                raise RuleError(
                    "setting_out_of_range",
                    f"Fee setting {name}={raw!r} must lie within {lower}–{upper} yuan "
                    f"({ORDER}{article}).",
                )
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class Segment:
    """One band of a cumulative (分段累计) scale: ``part_fee = base × rate``.

    ``rate`` is None for a flat per-case band (e.g. 50 yuan up to 10,000); ``upper`` is None for
    the open top band. ``base`` is the part of the amount that falls inside the band.
    """

    lower: Decimal
    upper: Decimal | None
    rate: Decimal | None
    base: Decimal
    part_fee: Decimal
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "segment",
            "lower": _money_str(self.lower),
            "upper": None if self.upper is None else _money_str(self.upper),
            "rate": None if self.rate is None else format(self.rate, "f"),
            "base": _money_str(self.base),
            "part_fee": _money_str(self.part_fee),
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Item:
    """A flat amount or an adjustment (negative for reductions and caps), with its article."""

    label: str
    amount: Decimal
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "item",
            "label": self.label,
            "amount": _money_str(self.amount),
            "basis": self.basis,
        }


# "no-prepay": due with the judgment, not in advance (Art. 20: 追索劳动报酬的案件可以不预交).
Timing = Literal["prepay", "after-execution", "after-liquidation", "no-prepay", "none"]


@dataclass(frozen=True)
class FeeResult:
    """The fee, how it was reached, and the article it rests on.

    ``breakdown`` sums to ``unrounded``; ``fee`` is ``unrounded`` rounded half-up to the fen (or
    to the yuan). ``timing`` says when it is paid (Art. 20: execution fees after execution,
    bankruptcy fees after liquidation, others in advance).
    """

    kind: str
    fee: Decimal
    breakdown: tuple[Segment | Item, ...]
    basis: str
    unrounded: Decimal
    reductions: tuple[str, ...] = ()
    capped: bool = False
    timing: Timing = "prepay"
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every amount as a string with two decimals ("3300.00")."""
        return {
            "kind": self.kind,
            "fee": format(self.fee.quantize(CENT), "f"),
            "unrounded": _money_str(self.unrounded),
            "basis": self.basis,
            "reductions": list(self.reductions),
            "capped": self.capped,
            "timing": self.timing,
            "notes": list(self.notes),
            "breakdown": [part.to_dict() for part in self.breakdown],
        }


# --- scales -----------------------------------------------------------------------------------

Band = tuple[Decimal, Decimal | None, Decimal]  # lower, upper (None = open), rate


@dataclass(frozen=True)
class _Scale:
    flat_upper: Decimal | None  # None: no flat first band
    flat_fee: Decimal
    bands: tuple[Band, ...]
    basis: str


# Art. 13(1): 财产案件根据诉讼请求的金额或者价额，按照下列比例分段累计交纳：
# 不超过1万元的，每件交纳50元；超过1万元至10万元的部分，按照2.5%交纳；超过10万元至20万元的部分，
# 按照2%交纳；超过20万元至50万元的部分，按照1.5%交纳；超过50万元至100万元的部分，按照1%交纳；
# 超过100万元至200万元的部分，按照0.9%交纳；超过200万元至500万元的部分，按照0.8%交纳；
# 超过500万元至1000万元的部分，按照0.7%交纳；超过1000万元至2000万元的部分，按照0.6%交纳；
# 超过2000万元的部分，按照0.5%交纳。
PROPERTY_SCALE = _Scale(
    flat_upper=D(10_000),
    flat_fee=D(50),
    bands=(
        (D(10_000), D(100_000), D("0.025")),
        (D(100_000), D(200_000), D("0.02")),
        (D(200_000), D(500_000), D("0.015")),
        (D(500_000), D(1_000_000), D("0.01")),
        (D(1_000_000), D(2_000_000), D("0.009")),
        (D(2_000_000), D(5_000_000), D("0.008")),
        (D(5_000_000), D(10_000_000), D("0.007")),
        (D(10_000_000), D(20_000_000), D("0.006")),
        (D(20_000_000), None, D("0.005")),
    ),
    basis=f"{ORDER}第十三条第（一）项",
)

# Art. 13(2)1: 离婚案件……涉及财产分割，财产总额不超过20万元的，不另行交纳；超过20万元的部分，
# 按照0.5%交纳。
DIVORCE_PROPERTY_SCALE = _Scale(
    flat_upper=None,
    flat_fee=D(0),
    bands=((D(0), D(200_000), D(0)), (D(200_000), None, D("0.005"))),
    basis=f"{ORDER}第十三条第（二）项第1目",
)

# Art. 13(2)2: 侵害姓名权、名称权、肖像权、名誉权、荣誉权以及其他人格权的案件……涉及损害赔偿，
# 赔偿金额不超过5万元的，不另行交纳；超过5万元至10万元的部分，按照1%交纳；超过10万元的部分，
# 按照0.5%交纳。
PERSONALITY_DAMAGES_SCALE = _Scale(
    flat_upper=None,
    flat_fee=D(0),
    bands=(
        (D(0), D(50_000), D(0)),
        (D(50_000), D(100_000), D("0.01")),
        (D(100_000), None, D("0.005")),
    ),
    basis=f"{ORDER}第十三条第（二）项第2目",
)

# Art. 14(1): 执行金额或者价额不超过1万元的，每件交纳50元；超过1万元至50万元的部分，按照1.5%交纳；
# 超过50万元至500万元的部分，按照1%交纳；超过500万元至1000万元的部分，按照0.5%交纳；
# 超过1000万元的部分，按照0.1%交纳。
EXECUTION_SCALE = _Scale(
    flat_upper=D(10_000),
    flat_fee=D(50),
    bands=(
        (D(10_000), D(500_000), D("0.015")),
        (D(500_000), D(5_000_000), D("0.01")),
        (D(5_000_000), D(10_000_000), D("0.005")),
        (D(10_000_000), None, D("0.001")),
    ),
    basis=f"{ORDER}第十四条第（一）项",
)

# Art. 14(2): 财产数额不超过1000元或者不涉及财产数额的，每件交纳30元；超过1000元至10万元的部分，
# 按照1%交纳；超过10万元的部分，按照0.5%交纳。但是，当事人申请保全措施交纳的费用最多不超过5000元。
PRESERVATION_SCALE = _Scale(
    flat_upper=D(1_000),
    flat_fee=D(30),
    bands=((D(1_000), D(100_000), D("0.01")), (D(100_000), None, D("0.005"))),
    basis=f"{ORDER}第十四条第（二）项",
)
PRESERVATION_CAP = D(5_000)

# Art. 14(6): 破产案件依据破产财产总额计算，按照财产案件受理费标准减半交纳，但是，最高不超过30万元。
BANKRUPTCY_CAP = D(300_000)


def _apply_scale(amount: Decimal, scale: _Scale) -> list[Segment]:
    """Split ``amount`` over the bands of a cumulative scale (分段累计)."""
    parts: list[Segment] = []
    if scale.flat_upper is not None:
        parts.append(
            Segment(
                lower=D(0),
                upper=scale.flat_upper,
                rate=None,
                base=min(amount, scale.flat_upper),
                part_fee=scale.flat_fee,
                basis=scale.basis,
            )
        )
    for lower, upper, rate in scale.bands:
        if amount <= lower and not (lower == 0 and not parts):
            break
        top = amount if upper is None else min(amount, upper)
        base = max(top - lower, D(0))
        parts.append(Segment(lower, upper, rate, base, base * rate, scale.basis))
    return parts


def property_fee(amount: Any) -> Decimal:
    """The unrounded Art. 13(1) property-case fee for ``amount`` (used by other rules too)."""
    value = _require_amount(amount, "amount")
    return sum((p.part_fee for p in _apply_scale(value, PROPERTY_SCALE)), D(0))


# --- input ------------------------------------------------------------------------------------


def _to_decimal(value: Any, *, field_name: str) -> Decimal | None:
    """Accept Decimal, int or a numeric string; refuse floats (money is never float)."""
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise RuleError(
            "bad_amount",
            f"{field_name} must be a Decimal, an integer or a numeric string, not {value!r}.",
        )
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = D(value)
    elif isinstance(value, str):
        try:
            number = D(value.strip())
        except InvalidOperation:
            raise RuleError("bad_amount", f"{field_name} is not a number: {value!r}.") from None
    else:
        raise RuleError("bad_amount", f"{field_name} is not a number: {value!r}.")
    if not number.is_finite():
        raise RuleError("bad_amount", f"{field_name} must be a finite number, not {value!r}.")
    return number


def _amount(value: Any, field_name: str) -> Decimal | None:
    number = _to_decimal(value, field_name=field_name)
    if number is None:
        return None
    if number < 0:
        raise RuleError("negative_amount", f"{field_name} must not be negative: {value!r}.")
    if not _quantized(number):
        raise RuleError(
            "too_many_decimals", f"{field_name} has more than two decimals (fen): {value!r}."
        )
    return number + D("0.00")  # normalise the exponent so figures print as "1000.00"


def _require_amount(value: Any, field_name: str) -> Decimal:
    number = _amount(value, field_name)
    if number is None:
        raise RuleError("amount_required", f"{field_name} is required for this kind of fee.")
    return number


def _forbid(kind: str, **given: Any) -> None:
    for name, value in given.items():
        if value is not None:
            raise RuleError(
                "unexpected_amount", f"{name} does not apply to a {kind!r} fee; leave it out."
            )


def _money_str(value: Decimal) -> str:
    """Two decimals when exact at the fen, else the exact figure (a segment at 0.9 % etc.)."""
    if _quantized(value):
        return format(value.quantize(CENT), "f")
    return format(value.quantize(D("0.000001"), rounding=ROUND_HALF_UP).normalize(), "f")


def _round(value: Decimal, settings: FeeSettings) -> Decimal:
    if settings.round_to_yuan:
        return value.quantize(YUAN, rounding=ROUND_HALF_UP).quantize(CENT)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _total(parts: list[Segment | Item]) -> Decimal:
    return sum(
        (p.part_fee if isinstance(p, Segment) else p.amount for p in parts),
        D(0),
    )


# --- entry points ------------------------------------------------------------------------------


def no_fee(reason: str) -> FeeResult:
    """Art. 8: no acceptance fee for special-procedure cases, dismissals, etc."""
    if reason not in EXEMPT_REASONS:
        raise RuleError(
            "unknown_exempt_reason",
            f"Unknown no-fee reason {reason!r}; expected one of {sorted(EXEMPT_REASONS)}.",
        )
    basis = f"{ORDER}{EXEMPT_REASONS[reason]}"
    return FeeResult(
        kind="no-fee",
        fee=D("0.00"),
        breakdown=(Item("不交纳案件受理费", D("0.00"), basis),),
        basis=basis,
        unrounded=D("0.00"),
        timing="none",
    )


def compute_fee(
    kind: str,
    *,
    amount: Any = None,
    property_amount: Any = None,
    damages: Any = None,
    summary: bool = False,
    halve: str | None = None,
    joined_claim: str | None = None,
    appeal: bool = False,
    settings: FeeSettings | None = None,
) -> FeeResult:
    """Compute one fee of ``kind`` (see :data:`KINDS`).

    ``amount`` is the amount claimed / executed / preserved / the bankruptcy property (for an
    appeal, the amount appealed, Art. 17); ``property_amount`` is the divided property in a
    divorce; ``damages`` the damages claimed for a personality right. ``summary`` (Art. 16),
    ``halve`` in {"mediation", "withdrawal"} (Art. 15) and ``joined_claim`` in
    {"counterclaim", "third-party"} (Art. 18) halve an acceptance fee.
    """
    settings = settings if settings is not None else FeeSettings()
    if kind not in KINDS:
        raise RuleError("unknown_kind", f"Unknown fee kind {kind!r}; expected one of {KINDS}.")
    if halve is not None and halve not in HALVE_REASONS:
        raise RuleError(
            "bad_halve", f"halve must be one of {sorted(HALVE_REASONS)} or None, not {halve!r}."
        )
    if joined_claim is not None and joined_claim not in JOINED_CLAIMS:
        raise RuleError(
            "bad_joined_claim",
            f"joined_claim must be one of {sorted(JOINED_CLAIMS)} or None, not {joined_claim!r}.",
        )
    wants_reduction = summary or halve is not None or joined_claim is not None or appeal
    if wants_reduction and kind not in ACCEPTANCE_KINDS:
        raise RuleError(
            "reduction_not_applicable",
            f"Reductions under Arts. 15–18 apply to acceptance fees only, not to {kind!r}.",
        )
    if summary and appeal:
        raise RuleError(
            "summary_on_appeal", "An appeal is never heard under the summary procedure."
        )

    parts: list[Segment | Item] = []
    notes: list[str] = []
    capped = False
    timing: Timing = "prepay"

    if kind == "property":
        _forbid(kind, property_amount=property_amount, damages=damages)
        value = _require_amount(amount, "amount")
        parts.extend(_apply_scale(value, PROPERTY_SCALE))
        basis = PROPERTY_SCALE.basis
    elif kind == "divorce":
        # Art. 13(2)1: 离婚案件每件交纳50元至300元。
        _forbid(kind, amount=amount, damages=damages)
        basis = f"{ORDER}第十三条第（二）项第1目"
        parts.append(Item("离婚案件每件", settings.divorce, basis))
        value = _amount(property_amount, "property_amount")
        if value is not None:
            parts.extend(_apply_scale(value, DIVORCE_PROPERTY_SCALE))
    elif kind == "personality":
        # Art. 13(2)2: 侵害……人格权的案件，每件交纳100元至500元。
        _forbid(kind, amount=amount, property_amount=property_amount)
        basis = f"{ORDER}第十三条第（二）项第2目"
        parts.append(Item("人格权案件每件", settings.personality, basis))
        value = _amount(damages, "damages")
        if value is not None:
            parts.extend(_apply_scale(value, PERSONALITY_DAMAGES_SCALE))
    elif kind == "non-property":
        # Art. 13(2)3: 其他非财产案件每件交纳50元至100元。
        _forbid(kind, amount=amount, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十三条第（二）项第3目"
        parts.append(Item("其他非财产案件每件", settings.non_property, basis))
    elif kind == "ip":
        # Art. 13(3): 知识产权民事案件，没有争议金额或者价额的，每件交纳500元至1000元；
        # 有争议金额或者价额的，按照财产案件的标准交纳。
        _forbid(kind, property_amount=property_amount, damages=damages)
        value = _amount(amount, "amount")
        if value is None:
            basis = f"{ORDER}第十三条第（三）项"
            parts.append(Item("知识产权案件（无争议金额）每件", settings.ip_no_amount, basis))
        else:
            basis = f"{ORDER}第十三条第（三）项、第（一）项"
            parts.extend(_apply_scale(value, PROPERTY_SCALE))
    elif kind == "labour":
        # Art. 13(4): 劳动争议案件每件交纳10元。
        _forbid(kind, amount=amount, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十三条第（四）项"
        parts.append(Item("劳动争议案件每件", D("10.00"), basis))
    elif kind == "administrative":
        # Art. 13(5): 其他行政案件每件交纳50元。
        _forbid(kind, amount=amount, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十三条第（五）项"
        parts.append(Item("行政案件每件", D("50.00"), basis))
    elif kind == "administrative-special":
        # Art. 13(5): 商标、专利、海事行政案件每件交纳100元。
        _forbid(kind, amount=amount, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十三条第（五）项"
        parts.append(Item("商标、专利、海事行政案件每件", D("100.00"), basis))
    elif kind == "jurisdiction-objection":
        # Art. 13(6): 当事人提出案件管辖权异议，异议不成立的，每件交纳50元至100元。
        _forbid(kind, amount=amount, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十三条第（六）项"
        parts.append(Item("管辖权异议不成立每件", settings.jurisdiction_objection, basis))
        notes.append("Payable only when the objection fails (异议不成立).")
    elif kind == "execution":
        # Art. 14(1): 没有执行金额或者价额的，每件交纳50元至500元。
        _forbid(kind, property_amount=property_amount, damages=damages)
        basis = EXECUTION_SCALE.basis
        value = _amount(amount, "amount")
        if value is None:
            parts.append(Item("执行申请（无执行金额）每件", settings.execution_no_amount, basis))
        else:
            parts.extend(_apply_scale(value, EXECUTION_SCALE))
        # Art. 20: 执行申请费执行后交纳。
        timing = "after-execution"
    elif kind == "preservation":
        _forbid(kind, property_amount=property_amount, damages=damages)
        basis = PRESERVATION_SCALE.basis
        value = _amount(amount, "amount")
        parts.extend(_apply_scale(D(0) if value is None else value, PRESERVATION_SCALE))
        subtotal = _total(parts)
        if subtotal > PRESERVATION_CAP:
            parts.append(Item("最多不超过5000元", PRESERVATION_CAP - subtotal, basis))
            capped = True
    elif kind == "payment-order":
        # Art. 14(3): 依法申请支付令的，比照财产案件受理费标准的1/3交纳。
        _forbid(kind, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十四条第（三）项"
        value = _require_amount(amount, "amount")
        parts.extend(_apply_scale(value, PROPERTY_SCALE))
        subtotal = _total(parts)
        parts.append(Item("按财产案件标准的1/3交纳", subtotal / 3 - subtotal, basis))
    elif kind == "public-summons":
        # Art. 14(4): 依法申请公示催告的，每件交纳100元。
        _forbid(kind, amount=amount, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十四条第（四）项"
        parts.append(Item("公示催告每件", D("100.00"), basis))
    elif kind == "arbitration":
        # Art. 14(5): 申请撤销仲裁裁决或者认定仲裁协议效力的，每件交纳400元。
        _forbid(kind, amount=amount, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十四条第（五）项"
        parts.append(Item("撤销仲裁裁决 / 认定仲裁协议效力每件", D("400.00"), basis))
    else:  # bankruptcy
        _forbid(kind, property_amount=property_amount, damages=damages)
        basis = f"{ORDER}第十四条第（六）项"
        value = _require_amount(amount, "amount")
        parts.extend(_apply_scale(value, PROPERTY_SCALE))
        subtotal = _total(parts)
        parts.append(Item("按财产案件受理费标准减半", -subtotal / 2, basis))
        if subtotal / 2 > BANKRUPTCY_CAP:
            parts.append(Item("最高不超过30万元", BANKRUPTCY_CAP - subtotal / 2, basis))
            capped = True
        # Art. 20: 破产申请费清算后交纳。
        timing = "after-liquidation"

    reductions: list[str] = []
    if appeal:
        # Art. 17: 对财产案件提起上诉的，按照不服一审判决部分的上诉请求数额交纳案件受理费。
        reductions.append("appeal")
        notes.append(f"Appeal: computed on the amount appealed ({ORDER}第十七条).")
    halvings: list[tuple[str, str]] = []
    if summary:
        # Art. 16: 适用简易程序审理的案件减半交纳案件受理费。
        halvings.append(("summary", "第十六条（适用简易程序）"))
    if halve is not None:
        halvings.append((halve, HALVE_REASONS[halve]))
    if joined_claim is not None:
        halvings.append((joined_claim, JOINED_CLAIMS[joined_claim]))
    if halvings:
        applied = halvings if settings.cumulative_halving else halvings[:1]
        for _code, article in applied:
            subtotal = _total(parts)
            parts.append(Item(f"减半交纳：{article}", -subtotal / 2, f"{ORDER}{article}"))
        reductions.extend(code for code, _ in halvings)
        if len(halvings) > 1 and not settings.cumulative_halving:
            notes.append("Several halving grounds apply; the fee is halved once.")

    unrounded = _total(parts)
    return FeeResult(
        kind=kind,
        fee=_round(unrounded, settings),
        breakdown=tuple(parts),
        basis=basis,
        unrounded=unrounded,
        reductions=tuple(reductions),
        capped=capped,
        timing=timing,
        notes=tuple(notes),
    )
