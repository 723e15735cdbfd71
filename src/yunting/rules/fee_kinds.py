"""Which fee an accepted case pays, from its cause of action, and that fee.

《诉讼费用交纳办法》第十三条 sets different scales by the kind of case: property cases by the
amount (第（一）项), divorce (第（二）项第1目: 50–300 per case plus 0.5 % of the property above
200,000), personality rights (第（二）项第2目: 100–500 plus a scale on damages above 50,000),
IP (第（三）项), labour disputes (第（四）项: 10 per case). The kind follows from the cause
(data: ``data/cause_fee_kinds.json``, keyed by the official catalogue ``causes_2026.json``);
the officer may override it when re-assessing.

第二十条：……追索劳动报酬的案件可以不预交案件受理费。 Such a case gets ``timing = "no-prepay"``:
no due date, so never 按撤诉处理 for non-payment.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from yunting.rules import causes
from yunting.rules.errors import RuleError
from yunting.rules.fees import ACCEPTANCE_KINDS, ORDER, FeeResult, FeeSettings, compute_fee, no_fee

__all__ = ["CAUSE_FEE_KINDS", "FeeKindChoice", "acceptance_fee", "fee_kind_for_cause"]


@cache
def _data() -> dict[str, Any]:
    path = resources.files("yunting.rules").joinpath("data/cause_fee_kinds.json")
    return json.loads(path.read_text("utf-8"))


CAUSE_FEE_KINDS: tuple[str, ...] = tuple(_data()["kinds"])


@dataclass(frozen=True)
class FeeKindChoice:
    kind: str
    key: str | None  # the catalogue key that decided it (None: the default)
    basis: str
    source: str = "cause"  # "cause", "default" or "override"


def fee_kind_for_cause(
    *, cause_code: str = "", cause_name: str = "", revision: str = ""
) -> FeeKindChoice:
    """The fee kind for a cause: the most specific mapped key on its catalogue path. A cause of
    another revision is found by its name in the 2026 catalogue; an unknown cause pays by the
    default (property by amount, else other non-property)."""
    data = _data()
    cat = causes.catalogue(data["catalogue"])
    cause = None
    if cause_code and (not revision or revision == data["catalogue"]):
        try:
            cause = cat.get(cause_code)
        except RuleError:
            cause = None
    if cause is None and cause_name:
        exact = [c for c in cat.search(cause_name) if c.name == cause_name.strip()]
        cause = exact[0] if exact else None
    if cause is not None:
        for node in reversed(cat.path(cause.key)):
            kind = data["map"].get(node.key)
            if kind is not None:
                return FeeKindChoice(kind, node.key, f"{ORDER}{data['kinds'][kind]}")
    return FeeKindChoice("property", None, f"{ORDER}{data['kinds']['property']}", "default")


def acceptance_fee(
    kind: str,
    *,
    claim_total: Decimal,
    summary: bool = False,
    settings: FeeSettings | None = None,
) -> FeeResult:
    """The acceptance fee of a case of ``kind`` (see :data:`CAUSE_FEE_KINDS`) claiming
    ``claim_total`` (for a divorce: the property to divide; for a personality right: the
    damages), halved under summary procedure where Art. 16 applies."""
    if kind not in CAUSE_FEE_KINDS:
        raise RuleError("unknown_kind", f"Unknown fee kind {kind!r}; one of {CAUSE_FEE_KINDS}.")
    amount = claim_total if claim_total and claim_total > 0 else None
    if kind == "no-fee":
        return no_fee("special-procedure")
    if kind == "property":
        rule, kwargs = ("property", {"amount": amount}) if amount else ("non-property", {})
    elif kind == "divorce":
        rule, kwargs = "divorce", {"property_amount": amount}
    elif kind == "personality":
        rule, kwargs = "personality", {"damages": amount}
    elif kind == "ip":
        rule, kwargs = "ip", {"amount": amount}
    elif kind in {"labour", "labour-wages"}:
        rule, kwargs = "labour", {}
    elif kind in {"payment-order", "bankruptcy"}:
        rule, kwargs = kind, {"amount": claim_total}
    else:  # public-summons, preservation
        rule, kwargs = kind, ({"amount": amount} if kind == "preservation" else {})
    halve = summary and rule in ACCEPTANCE_KINDS
    result = compute_fee(rule, summary=halve, settings=settings, **kwargs)
    if kind == "labour-wages":
        result = dataclasses.replace(
            result,
            timing="no-prepay",
            notes=(*result.notes, f"No prepayment: {ORDER}第二十条 (追索劳动报酬)."),
        )
    return result
