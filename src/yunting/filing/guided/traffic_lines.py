"""Traffic-accident computations (``rules.traffic``) shown line by line with their basis: used by
the guided complaint and by the public compensation calculator alike."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunting.rules.traffic import (
    GROUPS,
    Dependant,
    InjuryStandard,
    TrafficResult,
    injury_items,
    parse_grade,
)

from .interest import pct, yuan

ITEM_NAMES: dict[str, Any] = {
    "medical": _("Medical expenses"),
    "hospital_food": _("Hospital meal allowance"),
    "nutrition": _("Nutrition"),
    "nursing": _("Nursing care"),
    "lost_income": _("Lost income"),
    "transport": _("Transport"),
    "disability": _("Disability compensation"),
    "dependants": _("Dependants' living expenses"),
    "aids": _("Disability aids"),
    "death": _("Death compensation"),
    "funeral": _("Funeral expenses"),
    "mental": _("Emotional damage"),
    "property": _("Property loss"),
    "appraisal": _("Appraisal fees"),
    "other": _("Other losses"),
}
GROUP_NAMES: dict[str, Any] = {
    "medical": _("medical expenses"),
    "injury": _("death and injury"),
    "property": _("property loss"),
}


def item_name(key: str) -> str:
    return str(ITEM_NAMES[key])


def parse_dependants(text: str) -> tuple[Dependant, ...]:
    """``10 2`` (age 10, two supporters), ``70 1 无劳动能力``; ValueError(line) on a bad line."""
    out = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        parts = line.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        try:
            incapable = parts[-1] in {"无劳动能力", "incapable"}
            numbers = parts[:-1] if incapable else parts
            if not 1 <= len(numbers) <= 2:
                raise ValueError
            age = int(numbers[0])
            supporters = int(numbers[1]) if len(numbers) == 2 else 1
            if age < 0 or supporters < 1 or (age >= 18 and not incapable):
                raise ValueError
        except ValueError:
            raise ValueError(number) from None
        out.append(Dependant(age, supporters, incapable))
    return tuple(out)


def losses_with_computed_items(
    form: Any, standard: InjuryStandard
) -> tuple[dict[str, Decimal], list[str]]:
    """The typed losses, with the items the answers let us compute replaced by the computed
    figure (each shown with its formula and article)."""
    data: Mapping[str, Any] = form.cleaned_data
    keys = [k for keys in GROUPS.values() for k in keys]
    items = {
        k: data[k] if isinstance(data.get(k), Decimal) else Decimal("0.00") for k in keys
    }  # ("dependants" is also the text answer listing them: computed below, never typed)
    age = data.get("age")
    computed = injury_items(
        standard=standard,
        age=age,
        grade=parse_grade(data.get("disability_grade")) if age is not None else None,
        died=bool(data.get("died")) and age is not None,
        lost_days=data.get("lost_days") or None,
        income_year=data.get("income_year"),
        dependants=parse_dependants(data.get("dependants") or ""),
    )
    lines = []
    if computed:
        lines.append(standard_line(standard))
    for line in computed:
        items[line.key] = line.amount
        lines.append(
            gettext("%(item)s: %(formula)s = %(amount)s (%(basis)s).")
            % {
                "item": item_name(line.key),
                "formula": line.formula,
                "amount": yuan(line.amount),
                "basis": line.basis,
            }
        )
    return items, lines


def standard_line(s: InjuryStandard) -> str:
    text = gettext(
        "Figures of %(region)s for %(year)s: per-capita disposable income %(income)s, "
        "consumption %(consumption)s, average wage %(wage)s a year (%(source)s)."
    ) % {
        "region": s.region,
        "year": s.year,
        "income": yuan(s.disposable_income),
        "consumption": yuan(s.consumption),
        "wage": yuan(s.average_wage),
        "source": s.source,
    }
    if s.fallback:
        text += " " + gettext(
            "The court has not set its province's figures: national figures are used."
        )
    return text


def traffic_lines(r: TrafficResult, *, victim: str) -> list[str]:
    lines = []
    if r.compulsory_excluded:
        lines.append(
            gettext(
                "A passenger of the vehicle that caused the accident is not covered by its "
                "compulsory insurance (Regulations on Compulsory Motor Vehicle Insurance, "
                "Art. 21): nothing is claimed within it."
            )
        )
    else:
        lines.append(gettext("Compulsory insurance limits: %(basis)s.") % {"basis": r.limits.basis})
    for c in r.covers:
        if r.compulsory_excluded:
            continue
        lines.append(
            gettext(
                "%(group)s: %(subtotal)s, within the compulsory insurance limit of %(limit)s: "
                "%(covered)s."
            )
            % {
                "group": GROUP_NAMES[c.group],
                "subtotal": yuan(c.subtotal),
                "limit": yuan(c.limit),
                "covered": yuan(c.covered),
            }
        )
    why = {
        "claimed": gettext("the share claimed"),
        "setting": gettext("the share for this responsibility (court setting)"),
        "no-fault": gettext("no responsibility (Art. 76 of the Road Traffic Safety Law)"),
    }[r.share_source]
    lines.append(
        gettext(
            "Total losses %(total)s; above the compulsory insurance %(excess)s × %(share)s "
            "(%(why)s) = %(claim)s."
        )
        % {
            "total": yuan(r.total),
            "excess": yuan(r.excess),
            "share": pct(r.share),
            "why": why,
            "claim": yuan(r.excess_claim),
        }
    )
    return lines
