"""Who bears the acceptance fee when a case ends, and what is refunded or still owed
(《诉讼费用交纳办法》 Chapter V and Art. 53).

* Art. 29: 诉讼费用由败诉方负担，胜诉方自愿承担的除外。部分胜诉、部分败诉的，人民法院根据案件的具体
  情况决定当事人各自负担的诉讼费用数额。 — by default the share follows the amount won: the
  defendant bears fee × awarded / claimed, the plaintiff the rest (the judge may set it).
* Art. 15: 以调解方式结案或者当事人申请撤诉的，减半交纳案件受理费。
* Art. 31: 经人民法院调解达成协议的案件，诉讼费用的负担由双方当事人协商解决；协商不成的，由人民法院
  决定。 — the agreed plaintiff share (default: equal).
* Art. 34: 民事案件的原告或者上诉人申请撤诉，人民法院裁定准许的，案件受理费由原告或者上诉人负担。
* Art. 8(2) / Art. 27: 裁定不予受理、驳回起诉的案件不交纳案件受理费；已交纳的予以退还。
* 按撤诉处理 for an unpaid fee (Art. 22): nothing was paid and nothing is owed.
* Art. 53: 诉讼费用应当退还的，自法律文书生效之日起15日内退还。 — settlement: a party that
  prepaid more than it bears is refunded the difference (the winner's prepayment, 胜诉退费);
  one that bears more than it paid owes the difference.
* 《最高人民法院关于适用〈诉讼费用交纳办法〉的通知》（法发〔2007〕16号）: 对于胜诉方预交但不应
  负担的诉讼费用，人民法院应当退还，由败诉方向人民法院交纳，但胜诉方自愿承担或者同意败诉方直接
  向其支付的除外。 —
  the balance order (``balance``): first the court refunds each party what it prepaid beyond its
  share, then it bills each party what its share exceeds its prepayment; when the winner agrees
  to be paid directly, the loser pays that part to the winner instead and neither the refund
  nor the bill covers it. Co-payers on one side are refunded in proportion to what each
  prepaid (``apportion``), never oldest order first.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from yunting.rules.errors import RuleError

__all__ = [
    "OUTCOMES",
    "Burden",
    "Settlement",
    "Step",
    "apportion",
    "balance",
    "fee_burden",
    "settle",
]

ORDER = "《诉讼费用交纳办法》"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")

OUTCOMES: dict[str, str] = {
    "judgment": f"{ORDER}第二十九条",
    "mediation": f"{ORDER}第十五条、第三十一条",
    "withdrawal": f"{ORDER}第十五条、第三十四条",
    "dismissed": f"{ORDER}第八条第（二）项、第二十七条",
    "not_accepted": f"{ORDER}第八条第（二）项、第二十七条",
    "treated_withdrawn": f"{ORDER}第二十二条",
}


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value: Any, name: str) -> Decimal:
    try:
        result = Decimal(str(value))
    except Exception as exc:
        raise RuleError("bad_amount", f"{name} is not an amount: {value!r}.") from exc
    if not result.is_finite() or result < 0:
        raise RuleError("bad_amount", f"{name} must be a non-negative amount.")
    return result


@dataclass(frozen=True)
class Burden:
    outcome: str
    fee: Decimal  # the fee payable after any halving
    plaintiff: Decimal
    defendant: Decimal
    halved: bool
    basis: str

    def text(self, plaintiff: str, defendant: str) -> str:
        """The sentence a judgment prints (诉讼费负担)."""
        if self.outcome in ("dismissed", "not_accepted"):
            # Art. 8(2), Art. 27: no acceptance fee; what was prepaid is refunded.
            return "本案不交纳案件受理费，已交纳的予以退还"
        if self.fee == 0:
            return "不收取案件受理费"
        prefix = f"减半收取计{self.fee:,.2f}元，" if self.halved else ""
        if self.defendant == 0:
            return f"{prefix}由原告{plaintiff}负担"
        if self.plaintiff == 0:
            return f"{prefix}由被告{defendant}负担"
        return (
            f"{prefix}由原告{plaintiff}负担{self.plaintiff:,.2f}元，"
            f"被告{defendant}负担{self.defendant:,.2f}元"
        )


def fee_burden(
    outcome: str,
    *,
    fee: Any,
    claimed: Any = None,
    awarded: Any = None,
    plaintiff_share: Any = None,
) -> Burden:
    """Split ``fee`` (the full acceptance fee as assessed) between plaintiff and defendant.

    ``judgment``: by ``awarded`` / ``claimed`` unless ``plaintiff_share`` (a fraction 0–1) is
    given; ``mediation``: halved, ``plaintiff_share`` as agreed (default 0.5); ``withdrawal``:
    halved, the plaintiff bears it; ``dismissed`` / ``not_accepted`` / ``treated_withdrawn``:
    nothing."""
    if outcome not in OUTCOMES:
        raise RuleError("unknown_outcome", f"Unknown outcome {outcome!r}.")
    full = _dec(fee, "fee")
    share = None if plaintiff_share is None else _dec(plaintiff_share, "plaintiff_share")
    if share is not None and share > 1:
        raise RuleError("bad_share", "A share is a fraction between 0 and 1.")
    basis = OUTCOMES[outcome]
    if outcome in ("dismissed", "not_accepted", "treated_withdrawn"):
        return Burden(outcome, ZERO, ZERO, ZERO, False, basis)
    if outcome == "withdrawal":
        half = _money(full / 2)
        return Burden(outcome, half, half, ZERO, True, basis)
    if outcome == "mediation":
        half = _money(full / 2)
        p = _money(half * (Decimal("0.5") if share is None else share))
        return Burden(outcome, half, p, half - p, True, basis)
    full = _money(full)
    if share is None:
        total = _dec(claimed, "claimed") if claimed is not None else None
        won = _dec(awarded, "awarded") if awarded is not None else None
        if total is None or won is None:
            raise RuleError("needs_amounts", "A judgment's split needs claimed and awarded.")
        if total == 0:
            raise RuleError("needs_amounts", "Nothing was claimed: give the share instead.")
        if won > total:
            raise RuleError("awarded_above_claim", "More cannot be awarded than was claimed.")
        defendant = _money(full * won / total)
        return Burden(outcome, full, full - defendant, defendant, False, basis)
    p = _money(full * share)
    return Burden(outcome, full, p, full - p, False, basis)


@dataclass(frozen=True)
class Settlement:
    refund: Decimal  # back to the party (Art. 53: within 15 days of effect)
    owed: Decimal  # still to pay


def settle(*, prepaid: Any, bears: Any) -> Settlement:
    """What one party gets back or still owes once its share is known."""
    paid = _dec(prepaid, "prepaid")
    share = _dec(bears, "bears")
    if paid >= share:
        return Settlement(refund=_money(paid - share), owed=ZERO)
    return Settlement(refund=ZERO, owed=_money(share - paid))


def apportion(total: Any, parts: list[Any]) -> list[Decimal]:
    """Split ``total`` over ``parts`` in proportion to each, to the fen: each share is rounded
    down, the fen left over go one each to the largest remainders (earlier part first on a
    tie), so the shares add up to ``total`` and none exceeds its part."""
    amount = _money(_dec(total, "total"))
    weights = [_dec(p, "part") for p in parts]
    whole = sum(weights, Decimal("0"))
    if amount > whole:
        raise RuleError("bad_amount", "More cannot be apportioned than the parts hold.")
    if amount == 0 or whole == 0:
        return [ZERO for _ in weights]
    exact = [amount * w / whole for w in weights]
    shares = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int((amount - sum(shares, ZERO)) / CENT)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += CENT
    return shares


@dataclass(frozen=True)
class Step:
    kind: str  # "refund": court → party; "bill": party → court; "direct": payer → payee
    payer: str  # "court" or a party key
    payee: str  # "court" or a party key
    amount: Decimal


def balance(*, bears: dict[str, Any], prepaid: dict[str, Any], direct: bool = False) -> list[Step]:
    """The fee settlement in the order it is carried out, for parties keyed as the caller
    likes: refunds first (Art. 53: within 15 days of effect), then bills for what a party
    bears beyond its prepayment. With ``direct`` (the winner agreed to be paid by the loser),
    each party owing pays the parties owed directly, in key order, before any refund or bill.
    """
    keys = list(dict.fromkeys([*prepaid, *bears]))
    over: dict[str, Decimal] = {}
    under: dict[str, Decimal] = {}
    for key in keys:
        result = settle(prepaid=prepaid.get(key, 0), bears=bears.get(key, 0))
        over[key], under[key] = result.refund, result.owed
    steps: list[Step] = []
    if direct:
        for payer in keys:
            for payee in keys:
                amount = min(under[payer], over[payee])
                if payer != payee and amount > 0:
                    steps.append(Step("direct", payer, payee, amount))
                    under[payer] -= amount
                    over[payee] -= amount
    steps += [Step("refund", "court", k, over[k]) for k in keys if over[k] > 0]
    steps += [Step("bill", k, "court", under[k]) for k in keys if under[k] > 0]
    return steps
