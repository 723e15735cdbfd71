"""The public fee calculator: one adapter from request parameters to ``rules.fees``, shared
by the page, the JSON API and the ``yunting fee`` command so all three answer the same."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from yunting.rules.amounts import to_uppercase_rmb
from yunting.rules.errors import RuleError
from yunting.rules.fees import KINDS, compute_fee

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

ERROR_MESSAGES: dict[str, Any] = {
    "unknown_kind": _("Choose a kind of case from the list."),
    "bad_halve": _("Halving applies only to mediation or withdrawal."),
    "bad_amount": _("Enter the amount as a number, e.g. 150000 or 150000.50."),
    "negative_amount": _("The amount cannot be negative."),
    "too_many_decimals": _("Amounts have at most two decimals (fen)."),
    "amount_too_large": _("The amount is too large."),
    "amount_required": _("This kind of case needs an amount."),
    "unexpected_amount": _("This kind of case takes no amount: leave the field empty."),
}


class FeeInputError(ValueError):
    """Bad calculator input, with a message people can act on and the field it concerns."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def _blank_to_none(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def calculate_fee(params: Mapping[str, Any]) -> dict[str, Any]:
    """Compute from loosely typed parameters (query string, form, CLI); return JSON-ready data."""
    kind = (params.get("kind") or "").strip()
    halve = _blank_to_none(params.get("halve"))
    try:
        result = compute_fee(
            kind,
            amount=_blank_to_none(params.get("amount")),
            property_amount=_blank_to_none(params.get("property_amount")),
            damages=_blank_to_none(params.get("damages")),
            summary=_flag(params.get("summary")),
            halve=halve,
        )
    except RuleError as exc:
        message = ERROR_MESSAGES.get(exc.code, exc.message)
        field = _field_for(exc, kind)
        raise FeeInputError(exc.code, str(message), field) from exc
    data = result.to_dict()
    data["fee_in_words"] = to_uppercase_rmb(result.fee)
    return data


def _field_for(exc: RuleError, kind: str) -> str | None:
    if exc.code == "unknown_kind":
        return "kind"
    if exc.code == "bad_halve":
        return "halve"
    for name in ("property_amount", "damages", "amount"):
        if name in exc.message:
            return name
    return "amount"
