from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yunting.courts.models import Court

from .models import MatterConcerned, Speciality


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a refused operation's messages on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class RegisterForm(forms.Form):
    court = forms.ModelChoiceField(
        queryset=Court.objects.filter(is_active=True, level="basic").order_by("code"),
        label=_("Court"),
        help_text=_("The court whose mediation network handles the dispute."),
    )
    cause_name = forms.CharField(
        label=_("Cause of action"), max_length=100, help_text=_("e.g. 民间借贷纠纷")
    )
    speciality = forms.ChoiceField(label=_("Kind of dispute"), choices=Speciality.choices)
    region = forms.CharField(label=_("Region (street or town)"), max_length=40, required=False)
    claim = forms.CharField(label=_("What you ask for"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.CharField(label=_("Amount (yuan)"), required=False, max_length=20)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 5}))
    my_address = forms.CharField(label=_("Your address for service"), max_length=200)
    respondent_kind = forms.ChoiceField(
        label=_("The other side is"),
        choices=[("person", _("a person")), ("legal_person", _("a company or organisation"))],
    )
    respondent_name = forms.CharField(label=_("Name of the other side"), max_length=100)
    respondent_phone = forms.CharField(
        label=_("Mobile phone of the other side"),
        max_length=11,
        help_text=_("The invitation to mediation is sent to this number."),
    )
    respondent_address = forms.CharField(
        label=_("Address of the other side"), max_length=200, required=False
    )


class ReferForm(forms.Form):
    consent = forms.CharField(
        label=_("How the plaintiff consented"),
        max_length=200,
        help_text=_("e.g. 原告在立案窗口当面同意诉前调解"),
    )
    speciality = forms.ChoiceField(label=_("Kind of dispute"), choices=Speciality.choices)
    region = forms.CharField(label=_("Region"), max_length=40, required=False)


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Evidence"), max_length=200)
    purpose = forms.CharField(label=_("What it proves"), max_length=300, required=False)


class AddressForm(forms.Form):
    address = forms.CharField(label=_("Address for service"), max_length=200)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class FactsForm(forms.Form):
    text = forms.CharField(
        label=_("Undisputed facts (无争议事实记载)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (days)"), min_value=1, max_value=30)
    consent = forms.CharField(label=_("How every party consented"), max_length=200)


class AgreementForm(forms.Form):
    text = forms.CharField(label=_("Terms"), widget=forms.Textarea(attrs={"rows": 6}))
    concerns = forms.ChoiceField(
        label=_("The agreement concerns"), choices=MatterConcerned.choices, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RuleForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class StatsForm(forms.Form):
    """The statistics page's filter (GET ``from``, ``to``, ``by``). Empty dates mean the last
    twelve months; a bad or reversed date is an error on the form, not a guess."""

    MAX_DAYS = 3660  # ten years: 120 months, what a table or chart still shows

    by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("month", _("month")),
            ("quarter", _("quarter")),
            ("year", _("year")),
            ("organisation", _("mediation organisation")),
            ("mediator", _("mediator")),
            ("cause", _("cause of action")),
        ],
    )

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        # "from" is a Python keyword, so these two fields are added here.
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(
            label=_("Received from"), required=False, widget=widget, input_formats=["%Y-%m-%d"]
        )
        self.fields["to"] = forms.DateField(
            label=_("Received to"), required=False, widget=widget, input_formats=["%Y-%m-%d"]
        )
        self.order_fields(["from", "to", "by"])

    def default_start(self) -> dt.date:
        index = self.today.year * 12 + self.today.month - 1 - 11
        return dt.date(index // 12, index % 12 + 1, 1)

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        start = data.get("from") or self.default_start()
        end = data.get("to") or self.today
        if end < start:
            self.add_error("to", _("The end of the range is before its start."))
        elif (end - start).days > self.MAX_DAYS:
            self.add_error("to", _("Choose a range of at most ten years."))
        data["from"], data["to"] = start, end
        data["by"] = data.get("by") or "month"
        return data
