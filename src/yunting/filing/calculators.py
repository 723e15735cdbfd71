"""The public interest and traffic-compensation calculators (诉讼服务 calculators): forms, and
one adapter each from the answers to ``yunting.rules`` — the same functions and the same lines
as the guided complaints, so a calculator and a complaint never disagree."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunting.courts.rule_settings import court_rules
from yunting.rules.bank_loans import DEFAULT_MARKUP, bank_penalty
from yunting.rules.errors import RuleError
from yunting.rules.lending import private_lending_interest
from yunting.rules.traffic import GROUPS, parse_grade, pick_standard, traffic_compensation

from .guided.fields import AmountField, DayField, RateField, RepaymentsField, parse_repayments
from .guided.interest import lpr_table
from .guided.lending_lines import bank_lines, lending_lines
from .guided.private_lending import PARTY_KIND_CHOICES
from .guided.traffic_accident import LIABILITY, VICTIM_KINDS
from .guided.traffic_lines import (
    ITEM_NAMES,
    losses_with_computed_items,
    parse_dependants,
    traffic_lines,
)

LOAN_KINDS = [
    ("private", _("Private lending (民间借贷)")),
    ("bank", _("Bank loan (金融借款)")),
]


class InterestCalculatorForm(forms.Form):
    loan = forms.ChoiceField(label=_("Kind of loan"), choices=LOAN_KINDS)
    principal = AmountField(label=_("Principal (yuan)"), required=True)
    rate = RateField(label=_("Agreed interest rate (% a year)"), required=True)
    start = DayField(label=_("Interest from (the day the money was handed over)"), required=True)
    end = DayField(label=_("Interest up to"), required=True, future=True)
    signed_on = DayField(label=_("Date of the contract or IOU"))
    lender = forms.ChoiceField(label=_("The lender is"), choices=PARTY_KIND_CHOICES)
    borrower = forms.ChoiceField(label=_("The borrower is"), choices=PARTY_KIND_CHOICES)
    due_on = DayField(label=_("Agreed repayment date"), future=True)
    late_rate = RateField(label=_("Agreed rate for late repayment (% a year)"))
    repayments = RepaymentsField(label=_("Repayments (one a line: date and amount)"))
    penalty_rate = RateField(
        label=_("Bank loans: penalty rate (% a year)"),
        help_text=_("Leave empty if the contract sets none."),
    )
    interest_owed = AmountField(label=_("Bank loans: unpaid contractual interest"))
    compound = forms.BooleanField(label=_("Bank loans: compound interest agreed"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Interest cannot be computed to a day before it starts."))
        return data


def calculate_interest(data: dict[str, Any], *, court_code: str = "") -> dict[str, Any]:
    """The interest, its lines and (private lending) the periods, or RuleError."""
    rules = court_rules(court_code)
    table = lpr_table()
    today = timezone.localdate()
    if data["loan"] == "bank":
        result = bank_penalty(
            principal=data["principal"],
            interest_owed=data.get("interest_owed") or 0,
            contract_rate=data["rate"],
            agreed_penalty_rate=data.get("penalty_rate"),
            compound=bool(data.get("compound")),
            start=data.get("due_on") or data["start"],
            end=data["end"],
            markup=rules.get("bank_penalty_markup", DEFAULT_MARKUP),
        )
        return {
            "kind": "bank",
            "total": result.total,
            "lines": bank_lines(result, contract_rate=data["rate"]),
            "periods": [p for p in (result.penalty_period, result.compound_period) if p],
            "table": table,
            "stale": table.stale(today),
        }
    result = private_lending_interest(
        principal=data["principal"],
        rate=data["rate"],
        start=data["start"],
        end=data["end"],
        table=table,
        filed_on=today,
        signed_on=data.get("signed_on"),
        delivered_on=data["start"],
        lender=data.get("lender") or "person",
        borrower=data.get("borrower") or "person",
        repayments=parse_repayments(data.get("repayments") or ""),
        due_on=data.get("due_on"),
        late_rate=data.get("late_rate"),
        above_cap=rules.get("lending_above_cap", "offset_principal"),
    )
    return {
        "kind": "private",
        "total": result.accrual.interest_owed,
        "principal_outstanding": result.accrual.principal_outstanding,
        "cap": result.cap,
        "lines": lending_lines(result),
        "periods": list(result.accrual.periods),
        "table": table,
        "stale": table.stale(today),
    }


class TrafficCalculatorForm(forms.Form):
    occurred = DayField(label=_("Date of the accident"), required=True)
    victim = forms.ChoiceField(label=_("The injured person was"), choices=VICTIM_KINDS)
    liability = forms.ChoiceField(
        label=_("Responsibility of the motor vehicle's driver"), choices=LIABILITY
    )
    share = RateField(label=_("Share claimed (%), if not the usual one"))
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=130)
    disability_grade = forms.CharField(
        label=_("Disability grade (1 to 10)"), required=False, max_length=10
    )
    died = forms.BooleanField(label=_("The injured person died"), required=False)
    lost_days = forms.IntegerField(
        label=_("Days off work"), required=False, min_value=0, max_value=3650
    )
    income_year = AmountField(
        label=_("Yearly income"), help_text=_("Empty: the average wage of the region.")
    )
    dependants = forms.CharField(
        label=_("Dependants (one a line: age, number of supporters, “incapable” for an adult)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    medical = AmountField(label=ITEM_NAMES["medical"])
    hospital_food = AmountField(label=ITEM_NAMES["hospital_food"])
    nutrition = AmountField(label=ITEM_NAMES["nutrition"])
    nursing = AmountField(label=ITEM_NAMES["nursing"])
    transport = AmountField(label=ITEM_NAMES["transport"])
    aids = AmountField(label=ITEM_NAMES["aids"])
    mental = AmountField(label=ITEM_NAMES["mental"])
    property = AmountField(label=ITEM_NAMES["property"])
    appraisal = AmountField(label=ITEM_NAMES["appraisal"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            grade = parse_grade(data.get("disability_grade"))
        except RuleError:
            self.add_error("disability_grade", _("A disability grade is 一级 to 十级 (1 to 10)."))
            grade = None
        try:
            parse_dependants(data.get("dependants") or "")
        except ValueError as exc:
            self.add_error(
                "dependants",
                _("Line %(line)s: write the age and the number of supporters, e.g. 10 2.")
                % {"line": exc.args[0]},
            )
        if (grade or data.get("died")) and data.get("age") is None:
            self.add_error("age", _("The age is needed to compute this compensation."))
        if data.get("liability") == "undetermined" and data.get("share") is None:
            self.add_error("share", _("Without an accident report, say what share you claim."))
        return data


def calculate_traffic(form: TrafficCalculatorForm, *, court_code: str = "") -> dict[str, Any]:
    rules = court_rules(court_code)
    data = form.cleaned_data
    standard = pick_standard(
        rules.get("injury_standards") or {},
        region=rules.get("province") or "",
        before_year=timezone.localdate().year,
    )
    items, lines = losses_with_computed_items(form, standard)
    result = traffic_compensation(
        accident_on=data["occurred"],
        victim=data["victim"],
        liability=data["liability"],
        items=items,
        share=data.get("share"),
        shares=rules.get("traffic_shares"),
    )
    lines += traffic_lines(result, victim="")
    rows = [
        (str(ITEM_NAMES[k]), items[k]) for keys in GROUPS.values() for k in keys if items.get(k)
    ]
    return {"result": result, "lines": lines, "rows": rows, "standard": standard}
