from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from .calculator import HALVE_LABELS, KIND_LABELS
from .models import FeeKind, OverdueDecision, RefundReason, ReliefKind


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


# --- payment, relief, refunds, finance --------------------------------------------------------

MONEY_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


class ReliefForm(forms.Form):
    kind = forms.ChoiceField(label=_("I apply for"), choices=ReliefKind.choices)
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why paying the fee now is genuinely difficult."),
    )
    percent = forms.DecimalField(
        label=_("Reduction asked (%)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text=_("Reductions only: at least 30."),
        widget=forms.NumberInput(attrs={"step": "1"}),
    )
    until = forms.DateField(
        label=_("Defer payment until"),
        required=False,
        help_text=_("Deferrals only."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    proof = forms.FileField(
        label=_("Proof"), help_text=_("E.g. a certificate of hardship: PDF, JPEG or PNG.")
    )


class TransferConfirmForm(forms.Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=20)
    amount = forms.DecimalField(
        label=_("Amount received (yuan)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        widget=forms.TextInput(attrs=MONEY_ATTRS),
    )
    bank_txn_id = forms.CharField(label=_("Bank transaction number"), max_length=64)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverdueDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=OverdueDecision.choices)
    note = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))


FEE_KIND_LABELS = [
    ("", _("(as the cause of action gives)")),
    ("property", _("Property case, by the amount (Art. 13(1))")),
    ("divorce", _("Divorce (Art. 13(2)1)")),
    ("personality", _("Personality rights (Art. 13(2)2)")),
    ("ip", _("Intellectual property (Art. 13(3))")),
    ("labour", _("Labour dispute (Art. 13(4))")),
    ("labour-wages", _("Claim for unpaid wages: no prepayment (Arts. 13(4), 20)")),
    ("no-fee", _("Special procedure: no fee (Art. 8)")),
    ("payment-order", _("Payment order (Art. 14(3))")),
    ("public-summons", _("Public summons (Art. 14(4))")),
    ("bankruptcy", _("Bankruptcy (Art. 14(6))")),
    ("preservation", _("Preservation (Art. 14(2))")),
]

REASSESS_REASONS = [
    ("claim_changed", _("The amount claimed changed")),
    ("summary_procedure", _("Summary procedure applies")),
    ("other", _("Other")),
]


class ReassessForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Why"), choices=REASSESS_REASONS)
    reason = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}))
    claim_amount = forms.DecimalField(
        label=_("Amount claimed now (yuan)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        widget=forms.TextInput(attrs=MONEY_ATTRS),
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        required=False,
        choices=[
            ("", _("(unchanged)")),
            ("ordinary", _("Ordinary procedure")),
            ("summary", _("Summary procedure")),
            ("small_claims", _("Small claims")),
        ],
    )
    fee_kind = forms.ChoiceField(
        label=_("Kind of fee"),
        required=False,
        choices=FEE_KIND_LABELS,
        help_text=_("Only to correct the kind the cause of action gives."),
    )


class ApplicationFeeForm(forms.Form):
    payer = forms.ChoiceField(label=_("Applicant (pays)"))
    kind = forms.ChoiceField(
        label=_("Fee"),
        choices=[
            (FeeKind.PRESERVATION, FeeKind.PRESERVATION.label),
            (FeeKind.EXECUTION, FeeKind.EXECUTION.label),
        ],
    )
    amount = forms.DecimalField(
        label=_("Amount preserved / executed (yuan)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        widget=forms.TextInput(attrs=MONEY_ATTRS),
    )

    def __init__(self, *args, parties=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].choices = [
            (str(p.id), f"{p.get_role_display()} {p.name}") for p in parties
        ]


class RefundRequestForm(forms.Form):
    order = forms.ChoiceField(label=_("Fee order"))
    reason = forms.ChoiceField(label=_("Reason"), choices=RefundReason.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Leave empty for half the fee (withdrawal, mediation) or all of it."),
        widget=forms.TextInput(attrs=MONEY_ATTRS),
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, orders=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [
            (str(o.id), f"{o.reference} {o.payer.name} ¥{o.paid_amount:,.2f}") for o in orders
        ]


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("Printed at the foot of the receipt, e.g. 7K3QD-M9X2P."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ReportForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
