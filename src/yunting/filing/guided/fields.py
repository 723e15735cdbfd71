"""The question types shared by every questionnaire: amount, rate and date fields, the
base form of one screen (cross-screen checks, what is saved, the element table) and how an
answer is written in the complaint."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunting.rules.amounts import normalize_amount_text
from yunting.rules.lending import Repayment

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

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = normalize_amount_text(value)
        return super().to_python(value)


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


REPAYMENT_LINE = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*[:：,，\s]\s*([^\s:：]+?)\s*(利息|interest)?\s*$",
    re.IGNORECASE,
)


def parse_repayments(text: str) -> list[Repayment]:
    """One repayment a line: ``2024-12-01 5000`` (date, amount), ``… 利息`` when it was paid as
    interest. Raises ValueError with the line number of the first bad line."""
    out: list[Repayment] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = REPAYMENT_LINE.match(line.translate({0x3000: " "}))
        try:
            if not m:
                raise ValueError
            day = dt.date.fromisoformat(
                "-".join(f"{int(p):02d}" if i else p for i, p in enumerate(m[1].split("-")))
            )
            amount = Decimal(normalize_amount_text(m[2]))
            if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
                raise ValueError
        except (ValueError, ArithmeticError):
            raise ValueError(number) from None
        out.append(Repayment(day, amount, as_interest=bool(m[3])))
    return sorted(out, key=lambda r: r.on)


class RepaymentsField(forms.CharField):
    """Dated repayments, one a line (date, amount, and 利息 if paid as interest)."""

    def __init__(self, *, label: Any, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            max_length=4000,
            widget=forms.Textarea(
                attrs={"rows": 3, "placeholder": _("2024-12-01 5000\n2025-01-01 2000 interest")}
            ),
            **kwargs,
        )

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        try:
            items = parse_repayments(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Line %(line)s: write a date and an amount, e.g. 2024-12-01 5000.")
                % {"line": exc.args[0]}
            ) from None
        return "\n".join(
            f"{r.on.isoformat()} {r.amount:.2f}" + (" 利息" if r.as_interest else "") for r in items
        )


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
