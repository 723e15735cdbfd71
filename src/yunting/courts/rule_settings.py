"""The choices a court (or its province) makes inside the law, as data.

``settings.YUNTING_COURT_RULES`` maps a court-code prefix to the values it sets: ``""`` for the
whole platform, ``"沪"`` for a province (every court whose code starts with 沪), ``"沪01"`` for
an intermediate court and its basic courts, ``"沪0105"`` for one court. The most specific prefix
wins, key by key; dictionaries (the responsibility shares, the injury standards) are merged.
What each key means and its default:

* ``lending_above_cap`` — interest paid above the private-lending cap: ``"offset_principal"``
  (default: set against the principal) or ``"refund"`` (shown as owed back).
* ``bank_penalty_markup`` — % added to the contract rate for a bank loan without an agreed
  penalty rate (银发〔2003〕251号 第三条: 30–50 %); default ``"30"``.
* ``traffic_shares`` — the share (%) of the loss above the compulsory insurance borne by the
  motor-vehicle side for each responsibility: defaults full 100, main 70, equal 50, minor 30,
  and ``none`` 10 for a pedestrian or non-motor victim (《道路交通安全法》第七十六条: 机动车一方
  没有过错的，承担不超过百分之十的赔偿责任); provinces publish their own ranges.
* ``injury_standards`` — ``{year: {"disposable_income": …, "consumption": …, "average_wage": …,
  "source": …}}``: the province's figures of the previous year (人身损害赔偿解释 2022); without
  them the packaged national figures are used and the page says so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "lending_above_cap": "offset_principal",
    "bank_penalty_markup": "30",
    "traffic_shares": {"full": 100, "main": 70, "equal": 50, "minor": 30, "none": 10},
    "injury_standards": {},
}


def _prefixes(code: str) -> list[str]:
    if not code or code == "最高法":
        return [code] if code else []
    return [code[:n] for n in (1, 3, 5) if len(code) >= n]


def court_rules(court_code: str | None = None) -> dict[str, Any]:
    """The rule settings for the court with this code (the platform's without one)."""
    configured: dict[str, dict[str, Any]] = getattr(settings, "YUNTING_COURT_RULES", {}) or {}
    merged: dict[str, Any] = {
        k: (dict(v) if isinstance(v, dict) else v) for k, v in DEFAULTS.items()
    }
    for prefix in ["", *_prefixes(court_code or "")]:
        for key, value in (configured.get(prefix) or {}).items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    merged["province"] = (court_code or "")[:1] if court_code and court_code != "最高法" else ""
    return merged
