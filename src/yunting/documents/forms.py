from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from yunting.cases.models import CaseStatus

from .catalogue import CATALOGUE, list_title

EXTRA_HELP = _(
    "Details the case does not hold yet, one per line as name: value — for example "
    "hearing_time: 2026年12月10日上午9时30分. This document uses: %(fields)s."
)


def parse_extra(text: str) -> dict[str, str]:
    """``key: value`` lines (also ``key=value`` and full-width colons) → dict; a line without
    a key continues the previous value, so a multi-line decision can be typed naturally."""
    result: dict[str, str] = {}
    last = None
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        for sep in (":", "：", "="):
            key, found, value = line.partition(sep)
            if found and key.strip().isidentifier() and key.strip().isascii():
                last = key.strip()
                result[last] = value.strip()
                break
        else:
            if last is None:
                raise forms.ValidationError(
                    _("Start each detail with its name and a colon, e.g. hearing_time: …")
                )
            result[last] = f"{result[last]}\n{line}"
    return result


def template_choices() -> list[tuple[str, str]]:
    return [(code, list_title(code)) for code in CATALOGUE]


class IssueForm(forms.Form):
    template_code = forms.ChoiceField(label=_("Document"), choices=template_choices)
    recipient = forms.ChoiceField(label=_("Recipient"), required=False)
    extra = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=EXTRA_HELP % {"fields": "…"},
    )
    sign_as_judge = forms.BooleanField(
        label=_("Also sign with my own judge's certificate"), required=False
    )

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(p.id): p for p in case.parties.all()}
        self.fields["recipient"].choices = [("", _("— none (all parties) —"))] + [
            (pid, f"{p.get_role_display()} {p.name}") for pid, p in self.parties.items()
        ]
        fields = "; ".join(
            f"{list_title(k.code)}: {', '.join(k.extra_fields) or '—'}" for k in CATALOGUE.values()
        )
        self.fields["extra"].help_text = EXTRA_HELP % {"fields": fields}

    def clean_extra(self) -> dict[str, str]:
        return parse_extra(self.cleaned_data.get("extra", ""))

    def clean_recipient(self):
        value = self.cleaned_data.get("recipient")
        return self.parties.get(value) if value else None


class TemplateEditForm(forms.Form):
    body = forms.CharField(
        label=_("Template (Django template language, HTML)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("PDF document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class BatchFilterForm(forms.Form):
    accepted_on = forms.DateField(
        label=_("Accepted on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *CaseStatus.choices],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {"accepted_on": dt.date.today()}
        result = {}
        if self.cleaned_data.get("accepted_on"):
            result["accepted_on"] = self.cleaned_data["accepted_on"]
        if self.cleaned_data.get("status"):
            result["status"] = self.cleaned_data["status"]
        return result


class BatchCreateForm(forms.Form):
    template_code = forms.ChoiceField(label=_("Document"), choices=template_choices)
    extra = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_extra(self) -> dict[str, str]:
        return parse_extra(self.cleaned_data.get("extra", ""))
