"""The public fee calculator: one adapter from request parameters to ``rules.fees``, shared
by the page, the JSON API and the ``yunting fee`` command so all three answer the same."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yunting.rules.amounts import normalize_amount_text, to_uppercase_rmb
from yunting.rules.errors import RuleError
from yunting.rules.fees import KINDS, compute_fee

from .errors import CalculatorErrorCode, FeeInputError

KIND_LABELS: dict[str, Any] = {
    "property": _("Property case (by amount claimed)"),
    "divorce": _("Divorce"),
    "personality": _("Personality rights (name, likeness, reputation, honour)"),
    "non-property": _("Other non-property case"),
    "ip": _("Intellectual property"),
    "labour": _("Labour dispute"),
    "administrative": _("Administrative case"),
    "administrative-special": _("Administrative case: trademark, patent, maritime"),
    "jurisdiction-objection": _("Objection to jurisdiction not upheld"),
    "execution": _("Application for execution"),
    "preservation": _("Application for preservation"),
    "payment-order": _("Application for a payment order"),
    "public-summons": _("Application for public summons"),
    "arbitration": _("Setting aside an arbitral award / validity of an arbitration agreement"),
    "bankruptcy": _("Bankruptcy"),
}
assert set(KIND_LABELS) == set(KINDS)

HALVE_LABELS = {"mediation": _("Settled by mediation"), "withdrawal": _("Withdrawn")}


def _blank_to_none(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


# The reductions by their name and article (what the page shows instead of the code).
REDUCTION_LABELS: dict[str, Any] = {
    "summary": _("Summary procedure: halved (Art. 16)"),
    "mediation": _("Settled by mediation: halved (Art. 15)"),
    "withdrawal": _("Withdrawn: halved (Art. 15)"),
    "counterclaim": _("Counterclaim heard together: halved (Art. 18)"),
    "third-party": _("Third party's independent claim heard together: halved (Art. 18)"),
    "appeal": _("Appeal: on the amount appealed (Art. 17)"),
}


def _amount_param(value: Any) -> Any:
    """An amount as typed: ``1,000,000``, ``1 000 000`` and full-width digits are accepted."""
    value = _blank_to_none(value)
    return normalize_amount_text(value) if isinstance(value, str) else value


def _plain(value: Decimal) -> str:
    """20 → "20", 0.5 → "0.5" (no exponent, no trailing zeros after the point)."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _in_wan(value: Decimal) -> str:
    """200000 → 20万元 (Chinese) / ¥200,000 (other languages), as bands are written."""
    if (get_language() or "").startswith("zh") and value and value % 10000 == 0:
        return _plain(value / 10000) + "万元"
    if (get_language() or "").startswith("zh"):
        return _plain(value) + "元"
    return f"¥{value:,.0f}"


def band_label(lower: Decimal, upper: Decimal | None, flat: bool) -> str:
    """A band as the Measures write it: 不超过1万元 / 超过10万元至20万元的部分 / 20万元以上部分."""
    if flat or (lower == 0 and upper is not None):
        return str(_("Up to %(upper)s")) % {"upper": _in_wan(upper)}
    if upper is None:
        return str(_("The part above %(lower)s")) % {"lower": _in_wan(lower)}
    return str(_("The part from %(lower)s to %(upper)s")) % {
        "lower": _in_wan(lower),
        "upper": _in_wan(upper),
    }


def calculate_fee(params: Mapping[str, Any]) -> dict[str, Any]:
    """Compute from loosely typed parameters (query string, form, CLI); return JSON-ready data."""
    kind = (params.get("kind") or "").strip()
    halve = _blank_to_none(params.get("halve"))
    try:
        result = compute_fee(
            kind,
            amount=_amount_param(params.get("amount")),
            property_amount=_amount_param(params.get("property_amount")),
            damages=_amount_param(params.get("damages")),
            summary=_flag(params.get("summary")),
            halve=halve,
        )
    except RuleError as exc:
        field = _field_for(exc, kind)
        if exc.code in {c.value for c in CalculatorErrorCode}:
            raise FeeInputError(CalculatorErrorCode(exc.code), field=field) from exc
        raise FeeInputError(CalculatorErrorCode.INVALID, field=field, message=exc.message) from exc
    data = result.to_dict()
    data["fee_in_words"] = to_uppercase_rmb(result.fee)
    data["reduction_labels"] = [str(REDUCTION_LABELS[code]) for code in result.reductions]
    for part, raw in zip(data["breakdown"], result.breakdown, strict=True):
        if part["type"] == "segment":
            part["band"] = band_label(raw.lower, raw.upper, raw.rate is None)
    return data


def _field_for(exc: RuleError, kind: str) -> str:
    if exc.code == "unknown_kind":
        return "kind"
    if exc.code == "bad_halve":
        return "halve"
    for name in ("property_amount", "damages", "amount"):
        if name in exc.message:
            return name
    return "amount"
