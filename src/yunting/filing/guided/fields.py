"""The question types shared by every questionnaire: amount, rate and date fields, the
base form of one screen (cross-screen checks, what is saved, the element table) and how an
answer is written in the complaint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..forms import AMOUNT_ERRORS
from .interest import HUNDRED, cn_date, pct, yuan


class AmountField(forms.DecimalField):
    """Yuan: a Decimal ≥ 0 with at most two decimals (fen)."""

    def __init__(self, *, label: Any, required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "")
        super().__init__(
            label=label,
            required=required,
            min_value=Decimal("0"),
            max_digits=14,
            decimal_places=2,
            error_messages=AMOUNT_ERRORS,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )


RATE_ERRORS = {
    "invalid": _("Enter the rate as a number, e.g. 12 or 3.65."),
    "min_value": _("The rate cannot be negative."),
    "max_value": _("The rate cannot be above 100."),
    "max_decimal_places": _("Give the rate with at most four decimals."),
    "max_digits": _("Give the rate with at most four decimals."),
}


class RateField(forms.DecimalField):
    """A rate in percent."""

    def __init__(self, *, label: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            required=required,
            min_value=Decimal("0"),
            max_value=HUNDRED,
            max_digits=8,
            decimal_places=4,
            error_messages=RATE_ERRORS,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )


DATE_ERRORS = {"invalid": _("Enter a real date, e.g. 2025-03-01.")}


class DayField(forms.DateField):
    """A real calendar date (2025-02-30 is refused), not in the future unless ``future``."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *, label: Any, required: bool = False, future: bool = False, **kw) -> None:
        self.future = future
        super().__init__(label=label, required=required, error_messages=DATE_ERRORS, **kw)


def yes_no() -> list[tuple[str, Any]]:
    return [("yes", _("Yes")), ("no", _("No"))]


def text_field(label: Any, *, required: bool = False, rows: int = 0, **kw: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=required, max_length=2000 if rows else 200, widget=widget, **kw
    )


# --- Forms: one screen of elements each ------------------------------------------------------


class GuidedForm(forms.Form):
    """One screen. ``answers`` holds the other screens' saved answers, so that dates can be
    checked against each other across screens; ``today`` is the filing date."""

    def __init__(
        self,
        *args: Any,
        answers: Mapping[str, Any] | None = None,
        today: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.answers = answers or {}
        self.today = today or timezone.localdate()

    def earlier(self, step: str, name: str) -> Any:
        """A saved answer of another screen, parsed like its field (None if absent)."""
        raw = (self.answers.get(step) or {}).get(name)
        if raw in (None, ""):
            return None
        try:
            if name.endswith(("_on", "_date", "_until", "_since")) or name in {"occurred"}:
                return dt.date.fromisoformat(raw)
            return Decimal(str(raw))
        except (ValueError, ArithmeticError):
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in list(data.items()):
            f = self.fields[name]
            if isinstance(f, DayField) and value and not f.future and value > self.today:
                self.add_error(name, _("This date is in the future."))
        return data

    def require(self, data: Mapping[str, Any], *names: str) -> None:
        for name in names:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("This element is required for your answer above."))

    def serialize(self) -> dict[str, Any]:
        """What is kept in ``Filing.guided_answers``: strings, numbers as strings, booleans."""
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, dt.date):
                out[name] = value.isoformat()
            elif isinstance(value, Decimal):
                out[name] = str(value)
            elif value is None:
                out[name] = ""
            else:
                out[name] = value
        return out

    def elements(self) -> list[tuple[Any, str]]:
        """(label, answer as written in the complaint) for the element table."""
        rows = []
        for name, f in self.fields.items():
            value = self.cleaned_data.get(name)
            rows.append((f.label, display(f, value)))
        return rows


def display(f: forms.Field, value: Any) -> str:
    if value in (None, ""):
        return gettext("None")
    if isinstance(f, forms.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(f, forms.ChoiceField):
        return str(dict(f.choices).get(value, value))
    if isinstance(f, AmountField):
        return yuan(value)
    if isinstance(f, RateField):
        return pct(value)
    if isinstance(f, forms.DateField):
        return cn_date(value)
    return str(value)
