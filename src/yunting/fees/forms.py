from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .calculator import HALVE_LABELS, KIND_LABELS


class FeeCalculatorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of case"), choices=list(KIND_LABELS.items()))
    amount = forms.CharField(
        label=_("Amount (yuan)"),
        required=False,
        help_text=_("Amount claimed, executed, preserved, or the bankruptcy property."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    property_amount = forms.CharField(
        label=_("Divided property (yuan, divorce only)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    damages = forms.CharField(
        label=_("Damages claimed (yuan, personality rights only)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    summary = forms.BooleanField(label=_("Summary procedure (fee halved)"), required=False)
    halve = forms.ChoiceField(
        label=_("Case closed by"),
        required=False,
        choices=[("", _("Judgment (no reduction)")), *HALVE_LABELS.items()],
    )
