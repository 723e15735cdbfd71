from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunting.cases.models import CaseStatus

from .catalogue import CATALOGUE, Field, FieldType, Kind, list_title
from .dates import chinese_number


def format_time_cn(value: dt.datetime) -> str:
    """``2026-12-10 09:30`` → ``2026年12月10日上午9时30分``, as summonses write the time."""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = value.hour
    if hour < 12:
        part, shown = "上午", hour
    elif hour == 12:
        part, shown = "中午", 12
    elif hour < 19:
        part, shown = "下午", hour - 12
    else:
        part, shown = "晚上", hour - 12
    minutes = f"{value.minute}分" if value.minute else ""
    return f"{value.year}年{value.month}月{value.day}日{part}{shown}时{minutes}"


def _form_field(spec: Field) -> forms.Field:
    common = {"label": spec.label, "help_text": spec.help, "required": spec.required}
    if spec.type == FieldType.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, **common)
    if spec.type == FieldType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if spec.type == FieldType.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            **common,
        )
    if spec.type == FieldType.MONEY:
        return forms.DecimalField(
            max_digits=14,
            decimal_places=2,
            min_value=Decimal("0"),
            widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            **common,
        )
    if spec.type == FieldType.DAYS:
        return forms.IntegerField(min_value=1, max_value=99, **common)
    return forms.CharField(max_length=500, **common)


def _printed(spec: Field, value) -> str:
    """A cleaned value as the document prints it."""
    if value in (None, ""):
        return ""
    if spec.type == FieldType.DATE:
        return f"{value.year}年{value.month}月{value.day}日"
    if spec.type == FieldType.DATETIME:
        return format_time_cn(value)
    if spec.type == FieldType.MONEY:
        return f"{value:,.2f}"
    if spec.type == FieldType.DAYS:
        return chinese_number(value)
    return str(value).strip()


class DetailsMixin:
    """The details a template declares (``catalogue.Field``), as form fields named
    ``detail_<name>``, pre-filled from the case; ``details()`` gives them as the document
    prints them."""

    PREFIX = "detail_"

    def add_detail_fields(self, kind: Kind | None, case=None) -> None:
        self.kind = kind
        for spec in kind.fields if kind else ():
            field = _form_field(spec)
            if case is not None and spec.initial is not None:
                field.initial = spec.initial(case)
            self.fields[self.PREFIX + spec.name] = field

    def details(self) -> dict[str, str]:
        result = {}
        for spec in self.kind.fields if self.kind else ():
            printed = _printed(spec, self.cleaned_data.get(self.PREFIX + spec.name))
            if printed:
                result[spec.name] = printed
        return result


def template_choices(*, issuable_only: bool = True) -> list[tuple[str, str]]:
    return [
        (code, list_title(code))
        for code, kind in CATALOGUE.items()
        if kind.issuable or not issuable_only
    ]


class TemplateChoiceForm(forms.Form):
    """Step one of issuing: which document (the form below then asks for its details)."""

    template = forms.ChoiceField(label=_("Document"), choices=template_choices, required=False)


class IssueForm(DetailsMixin, forms.Form):
    template_code = forms.ChoiceField(widget=forms.HiddenInput, choices=template_choices)
    recipient = forms.ChoiceField(label=_("Recipient"), required=False)
    sign_as_judge = forms.BooleanField(
        label=_("Also sign with my own judge's certificate"), required=False
    )

    def __init__(self, *args, case, template_code: str, drafting: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("template_code", template_code)
        kind = CATALOGUE.get(template_code)
        self.parties = {str(p.id): p for p in case.parties.all()}
        self.fields["recipient"].choices = [("", _("— none (all parties) —"))] + [
            (pid, f"{p.get_role_display()} {p.name}") for pid, p in self.parties.items()
        ]
        self.add_detail_fields(kind if kind and kind.issuable else None, case)
        if drafting:  # a preview or a Word draft may leave details for later
            for name in self.fields:
                self.fields[name].required = name == "template_code"
        # The details first, then to whom and how it is signed.
        order = [n for n in self.fields if n.startswith(self.PREFIX)]
        self.order_fields([*order, "recipient", "sign_as_judge"])

    def clean_recipient(self):
        value = self.cleaned_data.get("recipient")
        return self.parties.get(value) if value else None

    def clean(self):
        data = super().clean()
        code = data.get("template_code")
        if code and code in CATALOGUE:
            data["extra"] = self.details()
        return data


class TemplateEditForm(forms.Form):
    body = forms.CharField(
        label=_("Template (Django template language, HTML)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=40,
        help_text=_("Printed at the foot of every page, e.g. 7K3QW-9XM2P."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    file = forms.FileField(
        label=_("PDF document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Or choose the PDF file: its signature and integrity are checked too."),
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


class BatchCreateForm(DetailsMixin, forms.Form):
    """One template for many cases: its declared details apply to every case (nothing is
    pre-filled from a single case)."""

    template_code = forms.ChoiceField(widget=forms.HiddenInput, choices=template_choices)

    def __init__(self, *args, template_code: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("template_code", template_code)
        kind = CATALOGUE.get(template_code)
        self.add_detail_fields(kind if kind and kind.issuable else None)
        for name in self.fields:
            if name.startswith(self.PREFIX):
                self.fields[name].required = False  # the template's default applies

    def clean(self):
        data = super().clean()
        data["extra"] = self.details()
        return data
