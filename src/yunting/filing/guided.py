"""Guided element-style complaints (要素式起诉状) for people who cannot write a complaint.

The questions follow the elements of the Supreme People's Court's model complaints
(最高人民法院、司法部、中华全国律师协会《民事起诉状、答辩状示范文本（试行）》, in use
since 4 March 2024 and applied in all courts from 1 January 2025) for three causes:
民间借贷纠纷, 金融借款合同纠纷 and 机动车交通事故责任纠纷. Each screen asks one group of
elements; the answers are kept in ``Filing.guided_answers`` as they are given, so a person
can stop and come back. At the end the answers are turned into claims with amounts, a
facts-and-reasons text and an element-table PDF, and the filing is filled through the
ordinary filing services, so the court reviews a guided filing like any other.

Everything that turns answers into claims is pure (``compose``), so the interest
computations can be checked by hand in the tests. The complaint is written in the court's
language (``settings.LANGUAGE_CODE``) whatever language the person uses on screen: it is a
court document (《民事诉讼法》第二百六十二条 requires the common language of the PRC).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunting.cases.models import PartyRole
from yunting.rules import causes
from yunting.rules.amounts import format_yuan, to_uppercase_rmb

from . import errors, services
from .errors import FilingError
from .forms import AMOUNT_ERRORS
from .models import AttachmentKind, Filing

if TYPE_CHECKING:
    from yunting.accounts.models import User
    from yunting.courts.models import Court

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
PARTIES_STEP = "parties"
REVIEW_STEP = "review"

# --- The one-year Loan Prime Rate (一年期贷款市场报价利率, LPR) --------------------------------
#
# Published by the National Interbank Funding Center on the 20th of each month (next working
# day if a holiday), under the authority of the People's Bank of China, since 20 August 2019.
# Each entry is the day a new figure took effect and the figure in percent a year. The last
# figure known when this table was written is 3.00 % (20 May 2025). Later figures are added
# without a code change through the setting ``YUNTING_LPR_ONE_YEAR``: a sequence of
# ``("YYYY-MM-DD", "percent")`` pairs, merged over this table.
LPR_ONE_YEAR: tuple[tuple[dt.date, Decimal], ...] = (
    (dt.date(2019, 8, 20), Decimal("4.25")),
    (dt.date(2019, 9, 20), Decimal("4.20")),
    (dt.date(2019, 11, 20), Decimal("4.15")),
    (dt.date(2020, 2, 20), Decimal("4.05")),
    (dt.date(2020, 4, 20), Decimal("3.85")),
    (dt.date(2021, 12, 20), Decimal("3.80")),
    (dt.date(2022, 1, 20), Decimal("3.70")),
    (dt.date(2022, 8, 22), Decimal("3.65")),
    (dt.date(2023, 6, 20), Decimal("3.55")),
    (dt.date(2023, 8, 21), Decimal("3.45")),
    (dt.date(2024, 7, 22), Decimal("3.35")),
    (dt.date(2024, 10, 21), Decimal("3.10")),
    (dt.date(2025, 5, 20), Decimal("3.00")),
)
# 《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》(法释〔2020〕17号) took effect
# on this day; loans made before it are capped at four times the LPR at filing (第三十一条).
LENDING_RULES_REFORM = dt.date(2020, 8, 20)
LENDING_CAP_MULTIPLE = Decimal("4")
# 《最高人民法院关于进一步加强金融审判工作的若干意见》(法发〔2017〕22号) 第二条: interest,
# compound and penalty interest and fees of a bank loan above 24 % a year are reduced.
FINANCIAL_LOAN_CAP = Decimal("24")

LprTable = tuple[tuple[dt.date, Decimal], ...]


def lpr_table() -> LprTable:
    """The built-in LPR history with the figures added by the setting, oldest first."""
    merged = dict(LPR_ONE_YEAR)
    for day, percent in getattr(settings, "YUNTING_LPR_ONE_YEAR", ()):
        merged[dt.date.fromisoformat(str(day))] = Decimal(str(percent))
    return tuple(sorted(merged.items()))


def lpr_on(day: dt.date, table: LprTable) -> tuple[dt.date, Decimal]:
    """The LPR in force on ``day`` and the day it was published (the first one before 2019)."""
    found = table[0]
    for entry in table:
        if entry[0] <= day:
            found = entry
    return found


@dataclass(frozen=True)
class LendingCap:
    """The highest annual rate a court supports for a private loan, and why."""

    percent: Decimal
    lpr: Decimal
    lpr_day: dt.date
    at_filing: bool  # True for loans made before 2020-08-20 (第三十一条)


def private_lending_cap(*, formed_on: dt.date, filed_on: dt.date, table: LprTable) -> LendingCap:
    """Four times the one-year LPR when the contract was formed (第二十五条); for a loan made
    before 20 August 2020, four times the LPR when the suit is filed (第三十一条). The older
    24 % rule for interest accrued before that day is not applied, which can only make the
    claim smaller, never refused."""
    at_filing = formed_on < LENDING_RULES_REFORM
    lpr_day, lpr = lpr_on(filed_on if at_filing else formed_on, table)
    return LendingCap(lpr * LENDING_CAP_MULTIPLE, lpr, lpr_day, at_filing)


def simple_interest(
    principal: Decimal, percent: Decimal, start: dt.date, end: dt.date, *, basis: int
) -> tuple[Decimal, int]:
    """Simple interest from ``start`` to ``end`` (days counted as ``end - start``), rounded
    half-up to the fen; ``basis`` days a year (365 for private loans, 360 for bank loans,
    whose contracts set a daily rate of the annual rate ÷ 360)."""
    days = max((end - start).days, 0)
    amount = principal * percent / HUNDRED * days / basis
    return amount.quantize(CENT, rounding=ROUND_HALF_UP), days


def yuan(amount: Decimal) -> str:
    return format_yuan(amount)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def pct(value: Decimal) -> str:
    """A rate as written: two decimals at least, more only when the contract has them
    (5.655%, never a rounded 5.66% that the computation does not use)."""
    exact = value.quantize(Decimal("0.0001")).normalize()
    shown = exact if -exact.as_tuple().exponent > 2 else value.quantize(CENT)
    return f"{shown:f}%"


# --- Fields ---------------------------------------------------------------------------------


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


def _yes_no() -> list[tuple[str, Any]]:
    return [("yes", _("Yes")), ("no", _("No"))]


def _text(label: Any, *, required: bool = False, rows: int = 0, **kw: Any) -> forms.CharField:
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


# Private lending (民间借贷纠纷) ------------------------------------------------------------------

LOAN_DOCUMENTS = [
    ("contract", _("Loan contract (借款合同)")),
    ("iou", _("IOU (借条)")),
    ("debt_note", _("Note of debt (欠条)")),
    ("none", _("No written document")),
]
DELIVERY_METHODS = [
    ("transfer", _("Bank or online transfer")),
    ("cash", _("Cash")),
    ("both", _("Partly cash, partly transfer")),
]
RATE_UNITS = [("year", _("% a year")), ("month", _("% a month (e.g. 月息2分 = 2)"))]
REPAYMENT_METHODS = [
    ("lump_sum", _("All at once when due, with the interest")),
    ("interest_monthly", _("Interest monthly, principal when due")),
    ("instalments", _("In instalments")),
    ("other", _("Other")),
]


class LendingLoanForm(GuidedForm):
    """借款合同签订情况、借款金额、出借方式、借款提供时间、借款期限."""

    document = forms.ChoiceField(label=_("Written proof of the loan"), choices=LOAN_DOCUMENTS)
    signed_on = DayField(label=_("Date of the contract or IOU"))
    signed_place = _text(_("Place where it was signed"))
    amount = AmountField(label=_("Amount lent (as written)"), required=True)
    delivery = forms.ChoiceField(label=_("How the money was handed over"), choices=DELIVERY_METHODS)
    delivered_on = DayField(label=_("Date the money was handed over"), required=True)
    delivered_amount = AmountField(
        label=_("Amount actually handed over"),
        required=True,
        help_text=_("If interest was deducted in advance, the amount actually received."),
    )
    due_on = DayField(label=_("Agreed repayment date"), future=True)
    demanded_on = DayField(
        label=_("If no repayment date was agreed: the date you asked for repayment")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("document") and data["document"] != "none":
            self.require(data, "signed_on")
        amount, delivered = data.get("amount"), data.get("delivered_amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("The amount lent must be more than zero."))
        if delivered is not None and delivered <= 0:
            self.add_error("delivered_amount", _("The amount handed over must be more than zero."))
        if amount and delivered and delivered > amount:
            self.add_error(
                "delivered_amount", _("The amount handed over cannot exceed the amount written.")
            )
        start, due = data.get("delivered_on"), data.get("due_on")
        if start and due and due <= start:
            self.add_error(
                "due_on", _("The repayment date must be after the money was handed over.")
            )
        demanded = data.get("demanded_on")
        if start and demanded and demanded < start:
            self.add_error("demanded_on", _("You cannot have asked for repayment before lending."))
        return data


class LendingInterestForm(GuidedForm):
    """借款利率、还款方式、还款情况."""

    rate = RateField(
        label=_("Agreed interest rate"), help_text=_("Leave empty if no interest was agreed.")
    )
    rate_unit = forms.ChoiceField(label=_("The rate is"), choices=RATE_UNITS, initial="year")
    overdue_rate = RateField(
        label=_("Agreed rate for late repayment (% a year)"),
        help_text=_("Only if the contract sets a separate late-payment rate."),
    )
    repayment = forms.ChoiceField(label=_("Agreed way of repayment"), choices=REPAYMENT_METHODS)
    repaid_principal = AmountField(label=_("Principal already repaid"), initial=Decimal("0"))
    repaid_interest = AmountField(label=_("Interest already paid"), initial=Decimal("0"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        delivered = self.earlier("loan", "delivered_amount")
        repaid = data.get("repaid_principal")
        if delivered is not None and repaid is not None and repaid > delivered:
            self.add_error(
                "repaid_principal", _("More principal repaid than was lent: check both amounts.")
            )
        return data


def annual_rate(data: Mapping[str, Any]) -> Decimal | None:
    """The agreed rate a year (a monthly rate such as 月息2分 is 2 % × 12 = 24 % a year)."""
    rate = data.get("rate")
    if rate is None:
        return None
    return rate * 12 if data.get("rate_unit") == "month" else rate


SECURITY_KINDS = [
    ("none", _("No security")),
    ("joint_guarantee", _("Guarantee, joint and several (连带责任保证)")),
    ("general_guarantee", _("Guarantee, general (一般保证)")),
    ("mortgage", _("Mortgage (抵押)")),
    ("pledge", _("Pledge (质押)")),
]


class SecurityForm(GuidedForm):
    """担保情况: 物的担保合同、担保人与担保物、保证方式; 是否主张担保权利."""

    kind = forms.ChoiceField(label=_("Security for the loan"), choices=SECURITY_KINDS)
    signed_on = DayField(label=_("Date the security was agreed"))
    provider = _text(_("Guarantor or owner of the security"))
    thing = _text(_("Property given as security"))
    registered = forms.ChoiceField(
        label=_("Mortgage or pledge registered"), choices=[("", "—"), *_yes_no()], required=False
    )
    claim = forms.BooleanField(
        label=_("Also claim against the security"),
        required=False,
        help_text=_("A guarantor you claim against must also be added as a defendant."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind and kind != "none":
            self.require(data, "provider")
        if kind in {"mortgage", "pledge"}:
            self.require(data, "thing")
        if kind == "none" and data.get("claim"):
            self.add_error("claim", _("There is no security to claim against."))
        return data


class LendingClaimsForm(GuidedForm):
    """诉讼请求: 利息计算截至日、至实际清偿之日止、实现债权的费用、其他请求; 管辖与保全."""

    until = DayField(
        label=_("Compute interest up to"), required=True, help_text=_("Usually today.")
    )
    to_payment = forms.BooleanField(
        label=_("Also claim interest from then until the debt is paid"),
        required=False,
        initial=True,
    )
    lawyer_fee = AmountField(
        label=_("Lawyer's fee paid to recover the debt"),
        help_text=_("Only if the contract says the borrower bears it."),
    )
    other = _text(_("Other claims"), rows=2)
    jurisdiction = _text(_("Agreed court or arbitration clause"))
    preservation = forms.BooleanField(label=_("I will apply to freeze assets"), required=False)
    evidence = _text(_("Evidence (one per line)"), rows=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, until = self.earlier("loan", "delivered_on"), data.get("until")
        if start and until and until < start:
            self.add_error("until", _("Interest cannot be computed to a day before the loan."))
        return data


# Financial loans (金融借款合同纠纷) -------------------------------------------------------------

BANK_REPAYMENT = [
    ("equal_instalments", _("Equal instalments (等额本息)")),
    ("equal_principal", _("Equal principal (等额本金)")),
    ("lump_sum", _("All at once when due")),
    ("interest_monthly", _("Interest monthly, principal when due")),
    ("other", _("Other")),
]
ACCELERATION = [
    ("none", _("No")),
    ("accelerate", _("Declare the whole loan due (加速到期)")),
    ("terminate", _("Terminate the contract (解除合同)")),
]


class BankContractForm(GuidedForm):
    """合同签订情况（名称、编号、签订时间、地点）、借款金额、借款期限、借款利率、还款方式."""

    name = _text(_("Name of the contract"), required=True)
    number = _text(_("Contract number"), required=True)
    signed_on = DayField(label=_("Date signed"), required=True)
    signed_place = _text(_("Place signed"))
    amount = AmountField(label=_("Loan amount agreed"), required=True)
    disbursed = AmountField(label=_("Amount actually paid out"), required=True)
    disbursed_on = DayField(label=_("Date paid out"), required=True)
    term_start = DayField(label=_("Loan term from"), required=True)
    term_end = DayField(label=_("Loan term to"), required=True, future=True)
    rate = RateField(label=_("Interest rate (% a year)"), required=True)
    penalty_rate = RateField(
        label=_("Penalty interest rate for overdue principal (% a year)"),
        help_text=_("As written in the contract (罚息利率)."),
    )
    compound = forms.BooleanField(label=_("Compound interest agreed"), required=False)
    repayment = forms.ChoiceField(label=_("Way of repayment"), choices=BANK_REPAYMENT)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        amount, disbursed = data.get("amount"), data.get("disbursed")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("The loan amount must be more than zero."))
        if amount and disbursed is not None and disbursed > amount:
            self.add_error("disbursed", _("More cannot be paid out than the loan amount."))
        signed, paid = data.get("signed_on"), data.get("disbursed_on")
        if signed and paid and paid < signed:
            self.add_error("disbursed_on", _("The loan cannot be paid out before it was signed."))
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        return data


class BankDefaultForm(GuidedForm):
    """还款情况、逾期情况、是否要求提前还款或解除合同."""

    repaid_principal = AmountField(label=_("Principal repaid"), initial=Decimal("0"))
    repaid_interest = AmountField(label=_("Interest repaid"), initial=Decimal("0"))
    principal_owed = AmountField(label=_("Principal still owed"), required=True)
    interest_owed = AmountField(
        label=_("Unpaid contractual interest up to the day of default"),
        initial=Decimal("0"),
        help_text=_("From the loan account statement (期内利息)."),
    )
    overdue_since = DayField(label=_("Overdue since"), required=True)
    acceleration = forms.ChoiceField(
        label=_("Ask for early repayment or termination"), choices=ACCELERATION
    )
    demanded_on = DayField(label=_("Date the borrower was last asked to pay"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        owed = data.get("principal_owed")
        paid_out = self.earlier("contract", "disbursed")
        if owed is not None and owed <= 0:
            self.add_error("principal_owed", _("The principal owed must be more than zero."))
        if owed and paid_out is not None and owed > paid_out:
            self.add_error("principal_owed", _("More is owed than was paid out: check the amount."))
        since, disbursed_on = data.get("overdue_since"), self.earlier("contract", "disbursed_on")
        if since and disbursed_on and since < disbursed_on:
            self.add_error("overdue_since", _("A loan cannot be overdue before it was paid out."))
        return data


class BankClaimsForm(GuidedForm):
    """诉讼请求: 利息罚息截至日、至实际清偿之日止、实现债权的费用、其他请求; 管辖与保全."""

    until = DayField(label=_("Compute penalty interest up to"), required=True)
    to_payment = forms.BooleanField(
        label=_("Also claim penalty interest from then until paid"), required=False, initial=True
    )
    lawyer_fee = AmountField(label=_("Lawyer's fee (if the contract puts it on the borrower)"))
    other = _text(_("Other claims"), rows=2)
    jurisdiction = _text(_("Agreed court or arbitration clause"))
    preservation = forms.BooleanField(label=_("I will apply to freeze assets"), required=False)
    evidence = _text(_("Evidence (one per line)"), rows=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = self.earlier("default", "overdue_since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Penalty interest cannot end before the loan was overdue."))
        return data


# Traffic accidents (机动车交通事故责任纠纷) ---------------------------------------------------

VICTIM_KINDS = [
    ("pedestrian", _("Pedestrian")),
    ("non_motor", _("Cyclist or other non-motor vehicle")),
    ("passenger", _("Passenger")),
    ("driver", _("Driver of another motor vehicle")),
]
LIABILITY = [
    ("full", _("Full responsibility (全部责任)")),
    ("main", _("Main responsibility (主要责任)")),
    ("equal", _("Equal responsibility (同等责任)")),
    ("minor", _("Minor responsibility (次要责任)")),
    ("none", _("No responsibility (无责任)")),
    ("undetermined", _("Not determined")),
]
# The share of the loss above the compulsory insurance usually borne by the motor vehicle
# side in each band of responsibility; a person may claim another share (courts set it).
LIABILITY_SHARE = {"full": 100, "main": 70, "equal": 50, "minor": 30}


class AccidentForm(GuidedForm):
    """交通事故发生情况: 时间、地点、经过、车辆."""

    occurred = DayField(label=_("Date of the accident"), required=True)
    place = _text(_("Place of the accident"), required=True)
    course = _text(_("What happened"), required=True, rows=4)
    victim = forms.ChoiceField(label=_("You were"), choices=VICTIM_KINDS)
    plate = _text(_("Number plate of the vehicle that caused it"), required=True)
    driver = _text(_("Its driver"), required=True)
    owner = _text(_("Its owner, if not the driver"))


class LiabilityForm(GuidedForm):
    """交通事故责任认定、机动车投保情况（交强险、商业三者险）."""

    report_number = _text(_("Number of the accident report (事故认定书)"))
    authority = _text(_("Police department that issued it"))
    liability = forms.ChoiceField(label=_("Responsibility of the other driver"), choices=LIABILITY)
    share = RateField(
        label=_("Share of the loss you claim from them (%)"),
        help_text=_("Leave empty to use the usual share for their responsibility."),
    )
    compulsory_insurer = _text(_("Compulsory insurance (交强险) insurer"))
    commercial_insurer = _text(_("Third-party liability insurance (商业三者险) insurer"))
    commercial_limit = AmountField(label=_("Third-party liability insurance limit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("report_number"):
            self.require(data, "authority")
        if data.get("liability") == "undetermined" and data.get("share") is None:
            self.add_error("share", _("Without an accident report, say what share you claim."))
        if data.get("commercial_limit") and not data.get("commercial_insurer"):
            self.add_error("commercial_insurer", _("Name the insurer of this limit."))
        return data


class LossesForm(GuidedForm):
    """损失项目: 医疗费、误工费、护理费、交通费、残疾赔偿金、财产损失等."""

    medical = AmountField(label=_("Medical expenses (医疗费)"))
    hospital_food = AmountField(label=_("Hospital meal allowance (住院伙食补助费)"))
    nutrition = AmountField(label=_("Nutrition (营养费)"))
    nursing = AmountField(label=_("Nursing care (护理费)"))
    lost_income = AmountField(label=_("Lost income (误工费)"))
    transport = AmountField(label=_("Transport (交通费)"))
    disability = AmountField(label=_("Disability compensation (残疾赔偿金)"))
    disability_grade = _text(_("Disability grade, if assessed (e.g. 十级)"))
    aids = AmountField(label=_("Disability aids (残疾辅助器具费)"))
    death = AmountField(label=_("Death compensation (死亡赔偿金)"))
    funeral = AmountField(label=_("Funeral expenses (丧葬费)"))
    mental = AmountField(label=_("Emotional damage (精神损害抚慰金)"))
    property = AmountField(label=_("Property loss, e.g. vehicle repair (财产损失)"))
    appraisal = AmountField(label=_("Appraisal fees (鉴定费)"))
    other = AmountField(label=_("Other losses"))
    other_note = _text(_("What the other losses are"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(name) for name in LOSS_GROUPS_ALL):
            self.add_error(None, _("Enter at least one loss with its amount."))
        if data.get("other"):
            self.require(data, "other_note")
        return data


class TrafficClaimsForm(GuidedForm):
    """诉讼请求之外的要素: 其他请求、诉讼保全、申请鉴定、证据清单."""

    other = _text(_("Other claims"), rows=2)
    preservation = forms.BooleanField(label=_("I will apply to freeze assets"), required=False)
    appraisal_request = forms.BooleanField(
        label=_("I will ask the court for an appraisal (鉴定)"), required=False
    )
    evidence = _text(_("Evidence (one per line)"), rows=4)


# 《机动车交通事故责任强制保险责任限额》(2020年9月19日起): with / without responsibility.
COMPULSORY_LIMITS = {
    "medical": (Decimal("18000"), Decimal("1800")),
    "injury": (Decimal("180000"), Decimal("18000")),
    "property": (Decimal("2000"), Decimal("100")),
}
LOSS_GROUPS = {
    "medical": ("medical", "hospital_food", "nutrition"),
    "injury": (
        "nursing",
        "lost_income",
        "transport",
        "disability",
        "aids",
        "death",
        "funeral",
        "mental",
    ),
    "property": ("property",),
    "uninsured": ("appraisal", "other"),
}
LOSS_GROUPS_ALL = tuple(name for names in LOSS_GROUPS.values() for name in names)


# --- The questionnaires ----------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    title: Any
    form: type[GuidedForm]


@dataclass(frozen=True)
class Questionnaire:
    kind: str
    cause_name: str  # the name in the official catalogue of causes of action
    title: Any
    hint: Any
    steps: tuple[Step, ...]
    composer: Callable[[Answers, ComposeContext], Composition]

    @property
    def step_keys(self) -> list[str]:
        return [PARTIES_STEP, *(s.key for s in self.steps), REVIEW_STEP]

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def step_titles(self) -> list[tuple[str, Any]]:
        return [
            (PARTIES_STEP, _("Parties")),
            *((s.key, s.title) for s in self.steps),
            (REVIEW_STEP, _("Check and generate")),
        ]


Answers = dict[str, GuidedForm]  # step key → the validated form of that step


@dataclass
class ClaimLine:
    text: str
    amount: Decimal | None = None


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]]


@dataclass
class Composition:
    """Everything the complaint says, ready for the filing and the PDF."""

    cause_name: str
    title: str
    claims: list[ClaimLine]
    computation: list[str]
    facts: str
    sections: list[Section]
    evidence: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.claims if c.amount is not None), Decimal("0"))

    @property
    def total_upper(self) -> str:
        return to_uppercase_rmb(self.total)


@dataclass(frozen=True)
class ComposeContext:
    today: dt.date
    plaintiffs: tuple[str, ...]
    defendants: tuple[str, ...]
    lpr: LprTable

    @property
    def plaintiff(self) -> str:
        return "、".join(self.plaintiffs) or gettext("the plaintiff")

    @property
    def defendant(self) -> str:
        return "、".join(self.defendants) or gettext("the defendant")


def _sections(answers: Answers, q: Questionnaire) -> list[Section]:
    return [
        Section(str(s.title), [(str(label), value) for label, value in answers[s.key].elements()])
        for s in q.steps
    ]


def _evidence(form: GuidedForm) -> list[str]:
    text = form.cleaned_data.get("evidence") or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _security_claims(sec: GuidedForm, ctx: ComposeContext) -> tuple[list[ClaimLine], str]:
    """The claim against the security, if asked for, and a sentence for the facts."""
    data = sec.cleaned_data
    kind = data["kind"]
    if kind == "none":
        return [], ""
    who, thing = data.get("provider") or "", data.get("thing") or ""
    fact = gettext("%(provider)s provided security for the loan (%(kind)s%(thing)s).") % {
        "provider": who,
        "kind": display(sec.fields["kind"], kind),
        "thing": f"：{thing}" if thing else "",
    }
    if not data.get("claim"):
        return [], fact
    if kind == "joint_guarantee":
        text = gettext("Order %(who)s to be jointly and severally liable for the above debts.")
    elif kind == "general_guarantee":
        text = gettext("Order %(who)s to bear guarantee liability for the above debts.")
    else:
        text = gettext(
            "Declare that the plaintiff has priority to be paid the above debts from the "
            "proceeds of %(thing)s provided by %(who)s."
        )
    return [ClaimLine(text % {"who": who, "thing": thing})], fact


def _closing_claims(form: GuidedForm) -> list[ClaimLine]:
    lines = []
    fee = form.cleaned_data.get("lawyer_fee")
    if fee:
        lines.append(
            ClaimLine(
                gettext("Order the defendant to pay the lawyer's fee of %(amount)s.")
                % {"amount": yuan(fee)},
                fee,
            )
        )
    other = (form.cleaned_data.get("other") or "").strip()
    if other:
        lines.append(ClaimLine(other))
    lines.append(ClaimLine(gettext("Order the defendant to bear the costs of this case.")))
    return lines


def compose_private_lending(a: Answers, ctx: ComposeContext) -> Composition:
    """民间借贷: principal = the amount actually handed over (第二十六条) less repayments;
    interest at the agreed rate capped at four times the LPR (第二十五条), late interest at the
    agreed late rate, else the agreed rate, else the LPR (第二十八条), within the same cap
    (第二十九条); no interest if none was agreed (第二十四条)."""
    loan, rate, sec, cl = a["loan"], a["interest"], a["security"], a["claims"]
    ld, rd, cd = loan.cleaned_data, rate.cleaned_data, cl.cleaned_data
    principal = ld["delivered_amount"] - (rd.get("repaid_principal") or Decimal("0"))
    formed_on = ld.get("signed_on") or ld["delivered_on"]
    cap = private_lending_cap(formed_on=formed_on, filed_on=ctx.today, table=ctx.lpr)
    until: dt.date = cd["until"]
    steps: list[str] = []
    steps.append(
        gettext("Principal owed: %(lent)s handed over − %(repaid)s repaid = %(owed)s.")
        % {
            "lent": yuan(ld["delivered_amount"]),
            "repaid": yuan(rd.get("repaid_principal") or Decimal("0")),
            "owed": yuan(principal),
        }
    )
    basis = (
        gettext("the day of filing, %(day)s (loan made before 20 August 2020, Art. 31)")
        if cap.at_filing
        else gettext("the day the contract was formed, %(day)s (Art. 25)")
    )
    steps.append(
        gettext(
            "Legal cap: four times the one-year LPR of %(lpr)s (published %(published)s) in "
            "force on %(basis)s = %(cap)s a year, under the Provisions of the Supreme People's "
            "Court on Private Lending Cases."
        )
        % {
            "lpr": pct(cap.lpr),
            "published": cn_date(cap.lpr_day),
            "basis": basis % {"day": cn_date(ctx.today if cap.at_filing else formed_on)},
            "cap": pct(cap.percent),
        }
    )
    agreed = annual_rate(rd)

    def capped(percent: Decimal, what: str) -> Decimal:
        if percent > cap.percent:
            steps.append(
                gettext("The agreed %(what)s of %(rate)s a year is above the cap: %(cap)s is used.")
                % {"what": what, "rate": pct(percent), "cap": pct(cap.percent)}
            )
            return cap.percent
        return percent

    term_rate = capped(agreed, gettext("interest rate")) if agreed else None
    overdue_from = ld.get("due_on") or ld.get("demanded_on")
    if rd.get("overdue_rate") is not None:
        late_rate: Decimal | None = capped(rd["overdue_rate"], gettext("late-payment rate"))
        late_why = gettext("the agreed late-payment rate")
    elif term_rate is not None:
        late_rate, late_why = term_rate, gettext("the agreed rate (Art. 28)")
    else:
        late_rate = lpr_on(overdue_from or ctx.today, ctx.lpr)[1]
        late_why = gettext("the one-year LPR, as no rate was agreed (Art. 28)")

    interest = Decimal("0")
    term_end = min(overdue_from, until) if overdue_from else until
    if term_rate:
        amount, days = simple_interest(
            principal, term_rate, ld["delivered_on"], term_end, basis=365
        )
        interest += amount
        steps.append(
            gettext(
                "Interest for the term, %(start)s to %(end)s: %(principal)s × %(rate)s × "
                "%(days)s days ÷ 365 = %(amount)s."
            )
            % {
                "start": cn_date(ld["delivered_on"]),
                "end": cn_date(term_end),
                "principal": yuan(principal),
                "rate": pct(term_rate),
                "days": days,
                "amount": yuan(amount),
            }
        )
    elif agreed is None:
        steps.append(gettext("No interest was agreed: none is claimed for the term (Art. 24)."))
    if overdue_from and overdue_from < until and late_rate:
        amount, days = simple_interest(principal, late_rate, overdue_from, until, basis=365)
        interest += amount
        steps.append(
            gettext(
                "Late interest at %(why)s, %(start)s to %(end)s: %(principal)s × %(rate)s × "
                "%(days)s days ÷ 365 = %(amount)s."
            )
            % {
                "why": late_why,
                "start": cn_date(overdue_from),
                "end": cn_date(until),
                "principal": yuan(principal),
                "rate": pct(late_rate),
                "days": days,
                "amount": yuan(amount),
            }
        )
    paid = rd.get("repaid_interest") or Decimal("0")
    owed_interest = max(interest - paid, Decimal("0"))
    if paid:
        steps.append(
            gettext("Less interest already paid %(paid)s: interest claimed %(owed)s.")
            % {"paid": yuan(paid), "owed": yuan(owed_interest)}
        )

    claims: list[ClaimLine] = []
    if principal > 0:
        claims.append(
            ClaimLine(
                gettext("Order the defendant to repay the loan principal of %(amount)s.")
                % {"amount": yuan(principal)},
                principal,
            )
        )
    ongoing_rate = late_rate if overdue_from else term_rate
    if owed_interest > 0 or (cd.get("to_payment") and ongoing_rate and principal > 0):
        text = gettext("Order the defendant to pay interest of %(amount)s up to %(until)s") % {
            "amount": yuan(owed_interest),
            "until": cn_date(until),
        }
        if cd.get("to_payment") and ongoing_rate and principal > 0:
            text += gettext(
                ", and interest on %(principal)s at %(rate)s a year from %(next)s until the "
                "day it is repaid"
            ) % {
                "principal": yuan(principal),
                "rate": pct(ongoing_rate),
                "next": cn_date(until + dt.timedelta(days=1)),
            }
        claims.append(ClaimLine(text + gettext("."), owed_interest))
    security_claims, security_fact = _security_claims(sec, ctx)
    claims += security_claims
    claims += _closing_claims(cl)

    document = display(loan.fields["document"], ld["document"])
    facts = [
        gettext(
            "On %(date)s the plaintiff %(plaintiff)s lent the defendant %(defendant)s "
            "%(amount)s, handed over by %(method)s (%(delivered)s actually handed over); "
            "written proof: %(document)s."
        )
        % {
            "date": cn_date(ld["delivered_on"]),
            "plaintiff": ctx.plaintiff,
            "defendant": ctx.defendant,
            "amount": yuan(ld["amount"]),
            "method": display(loan.fields["delivery"], ld["delivery"]),
            "delivered": yuan(ld["delivered_amount"]),
            "document": document,
        }
    ]
    if agreed is not None:
        facts.append(
            gettext("The agreed interest rate was %(rate)s a year.") % {"rate": pct(agreed)}
        )
    if ld.get("due_on"):
        facts.append(
            gettext("The loan was to be repaid by %(date)s.") % {"date": cn_date(ld["due_on"])}
        )
    elif ld.get("demanded_on"):
        facts.append(
            gettext("No repayment date was agreed; the plaintiff asked for repayment on %(date)s.")
            % {"date": cn_date(ld["demanded_on"])}
        )
    facts.append(
        gettext(
            "The defendant has repaid %(principal)s of principal and %(interest)s of interest, "
            "and still owes %(owed)s of principal."
        )
        % {
            "principal": yuan(rd.get("repaid_principal") or Decimal("0")),
            "interest": yuan(paid),
            "owed": yuan(principal),
        }
    )
    if security_fact:
        facts.append(security_fact)
    facts.append(
        gettext(
            "The plaintiff asked for repayment without result. Under Articles 667, 674, 675 and "
            "676 of the Civil Code and the Provisions of the Supreme People's Court on Private "
            "Lending Cases, the plaintiff brings this suit."
        )
    )
    q = QUESTIONNAIRES["private_lending"]
    return Composition(
        cause_name=q.cause_name,
        title=str(q.title),
        claims=claims,
        computation=steps,
        facts=_join(facts),
        sections=_sections(a, q),
        evidence=_evidence(cl),
    )


def compose_financial_loan(a: Answers, ctx: ComposeContext) -> Composition:
    """金融借款: principal and contractual interest as the bank's statement gives them;
    penalty interest computed on the principal owed from the day of default at the contract's
    penalty rate (daily rate = annual ÷ 360), capped at 24 % a year (法发〔2017〕22号 第二条)."""
    con, dfl, sec, cl = a["contract"], a["default"], a["security"], a["claims"]
    c, d, cd = con.cleaned_data, dfl.cleaned_data, cl.cleaned_data
    principal: Decimal = d["principal_owed"]
    interest_owed: Decimal = d.get("interest_owed") or Decimal("0")
    until: dt.date = cd["until"]
    steps = [
        gettext("Principal owed, from the loan account: %(amount)s.") % {"amount": yuan(principal)},
        gettext("Unpaid contractual interest up to the default: %(amount)s.")
        % {"amount": yuan(interest_owed)},
    ]
    penalty = Decimal("0")
    penalty_rate = c.get("penalty_rate")
    if penalty_rate:
        if penalty_rate > FINANCIAL_LOAN_CAP:
            steps.append(
                gettext(
                    "The penalty rate of %(rate)s a year is above the 24%% a year courts "
                    "support for bank loans: 24%% is used."
                )
                % {"rate": pct(penalty_rate)}
            )
            penalty_rate = FINANCIAL_LOAN_CAP
        penalty, days = simple_interest(
            principal, penalty_rate, d["overdue_since"], until, basis=360
        )
        steps.append(
            gettext(
                "Penalty interest, %(start)s to %(end)s: %(principal)s × %(rate)s × %(days)s days "
                "÷ 360 = %(amount)s."
            )
            % {
                "start": cn_date(d["overdue_since"]),
                "end": cn_date(until),
                "principal": yuan(principal),
                "rate": pct(penalty_rate),
                "days": days,
                "amount": yuan(penalty),
            }
        )
    else:
        steps.append(gettext("No penalty rate was given: no penalty interest is computed."))
    claims: list[ClaimLine] = []
    if d["acceleration"] == "accelerate":
        claims.append(
            ClaimLine(
                gettext("Declare the whole loan under contract %(number)s due at once.")
                % {"number": c["number"]}
            )
        )
    elif d["acceleration"] == "terminate":
        claims.append(
            ClaimLine(gettext("Terminate loan contract %(number)s.") % {"number": c["number"]})
        )
    claims.append(
        ClaimLine(
            gettext("Order the defendant to repay the loan principal of %(amount)s.")
            % {"amount": yuan(principal)},
            principal,
        )
    )
    interest_total = interest_owed + penalty
    if interest_total > 0 or (cd.get("to_payment") and penalty_rate):
        text = gettext(
            "Order the defendant to pay interest of %(interest)s and penalty interest of "
            "%(penalty)s up to %(until)s, %(total)s in all"
        ) % {
            "interest": yuan(interest_owed),
            "penalty": yuan(penalty),
            "until": cn_date(until),
            "total": yuan(interest_total),
        }
        if cd.get("to_payment") and penalty_rate:
            text += gettext(
                ", and penalty interest on %(principal)s at %(rate)s a year from %(next)s until "
                "the day it is repaid"
            ) % {
                "principal": yuan(principal),
                "rate": pct(penalty_rate),
                "next": cn_date(until + dt.timedelta(days=1)),
            }
        claims.append(ClaimLine(text + gettext("."), interest_total))
    security_claims, security_fact = _security_claims(sec, ctx)
    claims += security_claims
    claims += _closing_claims(cl)
    facts = [
        gettext(
            "On %(signed)s the plaintiff %(plaintiff)s and the defendant %(defendant)s signed "
            "%(name)s (No. %(number)s): a loan of %(amount)s for the term %(start)s to %(end)s at "
            "%(rate)s a year."
        )
        % {
            "signed": cn_date(c["signed_on"]),
            "plaintiff": ctx.plaintiff,
            "defendant": ctx.defendant,
            "name": c["name"],
            "number": c["number"],
            "amount": yuan(c["amount"]),
            "start": cn_date(c["term_start"]),
            "end": cn_date(c["term_end"]),
            "rate": pct(c["rate"]),
        },
        gettext("The plaintiff paid out %(amount)s on %(date)s.")
        % {"amount": yuan(c["disbursed"]), "date": cn_date(c["disbursed_on"])},
        gettext(
            "The defendant has been overdue since %(date)s and owes %(principal)s of principal."
        )
        % {"date": cn_date(d["overdue_since"]), "principal": yuan(principal)},
    ]
    if security_fact:
        facts.append(security_fact)
    facts.append(
        gettext(
            "Under Articles 667, 674, 675 and 676 of the Civil Code and the contract, the "
            "plaintiff brings this suit."
        )
    )
    q = QUESTIONNAIRES["financial_loan"]
    return Composition(
        cause_name=q.cause_name,
        title=str(q.title),
        claims=claims,
        computation=steps,
        facts=_join(facts),
        sections=_sections(a, q),
        evidence=_evidence(cl),
    )


def compose_traffic_accident(a: Answers, ctx: ComposeContext) -> Composition:
    """交通事故: losses within the compulsory insurance limits by group (医疗费用, 死亡伤残,
    财产损失; the lower limits when the insured driver bears no responsibility) are claimed in
    full (《道路交通安全法》第七十六条); the rest at the share for the other driver's
    responsibility (or the share the person claims)."""
    acc, lia, los, cl = a["accident"], a["liability"], a["losses"], a["claims"]
    ad, ld, sd = acc.cleaned_data, lia.cleaned_data, los.cleaned_data
    liability = ld["liability"]
    no_fault = liability == "none"
    steps: list[str] = []
    compulsory = Decimal("0")
    total = Decimal("0")
    group_names = {
        "medical": gettext("medical expenses"),
        "injury": gettext("death and injury"),
        "property": gettext("property loss"),
    }
    for group, names in LOSS_GROUPS.items():
        subtotal = sum((sd.get(n) or Decimal("0") for n in names), Decimal("0"))
        total += subtotal
        if group == "uninsured" or not subtotal:
            continue
        limit = COMPULSORY_LIMITS[group][1 if no_fault else 0]
        covered = min(subtotal, limit)
        compulsory += covered
        steps.append(
            gettext(
                "%(group)s: %(subtotal)s, within the compulsory insurance limit of %(limit)s: "
                "%(covered)s."
            )
            % {
                "group": group_names[group],
                "subtotal": yuan(subtotal),
                "limit": yuan(limit),
                "covered": yuan(covered),
            }
        )
    excess = total - compulsory
    if ld.get("share") is not None:
        share = ld["share"]
        why = gettext("the share claimed")
    elif no_fault:
        share = Decimal("10") if ad["victim"] in {"pedestrian", "non_motor"} else Decimal("0")
        why = gettext("no responsibility (Art. 76 of the Road Traffic Safety Law)")
    else:
        share = Decimal(LIABILITY_SHARE[liability])
        why = display(lia.fields["liability"], liability)
    excess_claim = (excess * share / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    steps.append(
        gettext(
            "Total losses %(total)s; above the compulsory insurance %(excess)s × %(share)s "
            "(%(why)s) = %(claim)s."
        )
        % {
            "total": yuan(total),
            "excess": yuan(excess),
            "share": pct(share),
            "why": why,
            "claim": yuan(excess_claim),
        }
    )
    limit = ld.get("commercial_limit")
    if limit and excess_claim > limit:
        steps.append(
            gettext(
                "%(over)s is above the third-party liability insurance limit of %(limit)s and "
                "falls on the driver or owner."
            )
            % {"over": yuan(excess_claim - limit), "limit": yuan(limit)}
        )
    breakdown = "、".join(f"{_short(los, n)}{yuan(sd[n])}" for n in LOSS_GROUPS_ALL if sd.get(n))
    claims = [
        ClaimLine(
            gettext(
                "Order the defendants to compensate the plaintiff %(amount)s within the limits "
                "of the compulsory motor vehicle insurance (%(insurer)s)."
            )
            % {
                "amount": yuan(compulsory),
                "insurer": ld.get("compulsory_insurer") or gettext("insurer not known"),
            },
            compulsory,
        )
    ]
    if excess_claim > 0:
        claims.append(
            ClaimLine(
                gettext(
                    "Order the defendants to compensate the plaintiff %(amount)s of the losses "
                    "above the compulsory insurance, %(insurer)s paying within the third-party "
                    "liability insurance."
                )
                % {
                    "amount": yuan(excess_claim),
                    "insurer": ld.get("commercial_insurer") or gettext("the insurer"),
                },
                excess_claim,
            )
        )
    other = (cl.cleaned_data.get("other") or "").strip()
    if other:
        claims.append(ClaimLine(other))
    claims.append(ClaimLine(gettext("Order the defendants to bear the costs of this case.")))
    facts = [
        gettext(
            "On %(date)s at %(place)s, the vehicle %(plate)s driven by %(driver)s was in an "
            "accident with the plaintiff %(plaintiff)s (%(victim)s): %(course)s"
        )
        % {
            "date": cn_date(ad["occurred"]),
            "place": ad["place"],
            "plate": ad["plate"],
            "driver": ad["driver"],
            "plaintiff": ctx.plaintiff,
            "victim": display(acc.fields["victim"], ad["victim"]),
            "course": ad["course"].rstrip("。.") + "。",
        }
    ]
    if ad.get("owner"):
        facts.append(gettext("The vehicle belongs to %(owner)s.") % {"owner": ad["owner"]})
    if ld.get("report_number"):
        facts.append(
            gettext("%(authority)s found in report %(number)s that %(driver)s bears %(liability)s.")
            % {
                "authority": ld["authority"],
                "number": ld["report_number"],
                "driver": ad["driver"],
                "liability": display(lia.fields["liability"], liability),
            }
        )
    insurers = [i for i in (ld.get("compulsory_insurer"), ld.get("commercial_insurer")) if i]
    if insurers:
        facts.append(
            gettext("The vehicle is insured with %(insurers)s.") % {"insurers": "、".join(insurers)}
        )
    facts.append(gettext("The plaintiff's losses are: %(items)s.") % {"items": breakdown})
    facts.append(
        gettext(
            "Under Articles 1179, 1183 and 1208 of the Civil Code and Article 76 of the Road "
            "Traffic Safety Law, the plaintiff brings this suit."
        )
    )
    q = QUESTIONNAIRES["traffic_accident"]
    return Composition(
        cause_name=q.cause_name,
        title=str(q.title),
        claims=claims,
        computation=steps,
        facts=_join(facts),
        sections=_sections(a, q),
        evidence=_evidence(cl),
    )


def _join(sentences: list[str]) -> str:
    """Chinese sentences run on without spaces; other languages take one between sentences."""
    return ("" if (translation.get_language() or "").startswith("zh") else " ").join(sentences)


def _short(form: GuidedForm, name: str) -> str:
    """The loss item as named in Chinese (the part in brackets of the label), else the label."""
    label = str(form.fields[name].label)
    if "(" in label and label.endswith(")"):
        return label.rsplit("(", 1)[1][:-1]
    return label


QUESTIONNAIRES: dict[str, Questionnaire] = {
    "private_lending": Questionnaire(
        kind="private_lending",
        cause_name="民间借贷纠纷",
        title=_("Private lending dispute"),
        hint=_("You lent money to a person or company and it was not repaid."),
        steps=(
            Step("loan", _("The loan"), LendingLoanForm),
            Step("interest", _("Interest and repayments"), LendingInterestForm),
            Step("security", _("Security"), SecurityForm),
            Step("claims", _("What you claim"), LendingClaimsForm),
        ),
        composer=compose_private_lending,
    ),
    "financial_loan": Questionnaire(
        kind="financial_loan",
        cause_name="金融借款合同纠纷",
        title=_("Financial loan contract dispute"),
        hint=_("A bank or licensed lender sues a borrower who is in default."),
        steps=(
            Step("contract", _("The loan contract"), BankContractForm),
            Step("default", _("Repayments and default"), BankDefaultForm),
            Step("security", _("Security"), SecurityForm),
            Step("claims", _("What you claim"), BankClaimsForm),
        ),
        composer=compose_financial_loan,
    ),
    "traffic_accident": Questionnaire(
        kind="traffic_accident",
        cause_name="机动车交通事故责任纠纷",
        title=_("Motor vehicle traffic accident liability dispute"),
        hint=_("You were hurt or your property damaged in a road accident."),
        steps=(
            Step("accident", _("The accident"), AccidentForm),
            Step("liability", _("Responsibility and insurance"), LiabilityForm),
            Step("losses", _("Your losses"), LossesForm),
            Step("claims", _("Other requests and evidence"), TrafficClaimsForm),
        ),
        composer=compose_traffic_accident,
    ),
}


def get_questionnaire(kind: str) -> Questionnaire:
    try:
        return QUESTIONNAIRES[kind]
    except KeyError:
        raise FilingError("unknown_guided_kind", _("There is no such questionnaire.")) from None


def bind_step(
    kind: str,
    step: str,
    data: Mapping[str, Any] | None,
    *,
    answers: Mapping[str, Any],
    today: dt.date | None = None,
) -> GuidedForm:
    """The form of one screen, bound to ``data`` (or unbound with the saved answers)."""
    q = get_questionnaire(kind)
    s = q.step(step)
    if s is None:
        raise FilingError("unknown_guided_step", _("There is no such question."))
    if data is None:
        return s.form(initial=answers.get(step) or None, answers=answers, today=today)
    return s.form(data, answers=answers, today=today)


def validate_answers(
    kind: str, answers: Mapping[str, Any], *, today: dt.date | None = None
) -> tuple[Answers, list[Any]]:
    """Every screen re-checked against the saved answers: (valid forms, what is missing)."""
    q = get_questionnaire(kind)
    valid: Answers = {}
    missing: list[Any] = []
    for s in q.steps:
        saved = answers.get(s.key)
        if saved is None:
            missing.append(_("Answer the questions of “%(step)s”.") % {"step": s.title})
            continue
        form = s.form(saved, answers=answers, today=today)
        if form.is_valid():
            valid[s.key] = form
        else:
            missing.append(_("Check the answers of “%(step)s”.") % {"step": s.title})
    return valid, missing


def compose(
    kind: str,
    answers: Mapping[str, Any],
    *,
    plaintiffs: tuple[str, ...] | list[str],
    defendants: tuple[str, ...] | list[str],
    today: dt.date | None = None,
    lpr: LprTable | None = None,
) -> Composition:
    """The complaint's claims, computation, facts and element table from saved answers."""
    today = today or timezone.localdate()
    valid, missing = validate_answers(kind, answers, today=today)
    if missing:
        raise FilingError("guided_incomplete", [str(m) for m in missing])
    ctx = ComposeContext(today, tuple(plaintiffs), tuple(defendants), lpr or lpr_table())
    return get_questionnaire(kind).composer(valid, ctx)


# --- The PDF ----------------------------------------------------------------------------------


def _party_rows(filing: Filing) -> list[dict[str, str]]:
    order = {PartyRole.PLAINTIFF: 0, PartyRole.DEFENDANT: 1}
    parties = sorted(
        filing.parties.prefetch_related("agents"), key=lambda p: (order.get(p.role, 2), p.position)
    )
    rows = []
    for p in parties:
        rows.append(
            {
                "role": str(p.get_role_display()),
                "kind": str(p.get_kind_display()),
                "name": p.name,
                "id_number": p.id_number,
                "address": p.address,
                "phone": p.phone,
                "representative": p.representative,
                "agents": "、".join(a.name for a in p.agents.all()),
            }
        )
    return rows


def render_complaint_pdf(*, filing: Filing, composition: Composition, today: dt.date) -> bytes:
    """The element-style complaint as an A4 PDF (WeasyPrint, Noto Serif CJK SC)."""
    from weasyprint import HTML  # heavy import, only where a PDF is made

    plaintiffs = [p.name for p in filing.parties.all() if p.role == PartyRole.PLAINTIFF]
    html = render_to_string(
        "filing/complaint_pdf.html",
        {
            "court": filing.court,
            "c": composition,
            "parties": _party_rows(filing),
            "signer": "、".join(plaintiffs),
            "today_cn": cn_date(today),
        },
    )
    buffer = io.BytesIO()
    HTML(string=html).write_pdf(buffer)
    return buffer.getvalue()


# --- Services ---------------------------------------------------------------------------------


def _lock_own_guided(filing: Filing, user: User) -> Filing:
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    if filing.created_by_id != user.id:
        raise FilingError("not_yours", errors.NOT_YOURS)
    if not filing.is_editable:
        raise FilingError("not_editable", errors.NOT_EDITABLE)
    if filing.guided_kind not in QUESTIONNAIRES:
        raise FilingError("not_guided", _("This filing was not started with a questionnaire."))
    return filing


@transaction.atomic
def guided_start(*, user: User, court: Court, kind: str) -> Filing:
    """A draft filing that will be filled by the questionnaire of ``kind``."""
    q = get_questionnaire(kind)
    filing = services.filing_create(user=user, court=court)
    filing.guided_kind = q.kind
    filing.guided_answers = {}
    filing.full_clean()
    filing.save(update_fields=["guided_kind", "guided_answers", "updated_at"])
    return filing


@transaction.atomic
def guided_save_step(
    *, filing: Filing, user: User, step: str, data: Mapping[str, Any], today: dt.date | None = None
) -> GuidedForm:
    """Check one screen and keep its answers. On any error nothing is saved and the bound
    form (with its field errors) comes back inside the ValidationError's ``form``."""
    locked = _lock_own_guided(filing, user)
    answers = dict(locked.guided_answers or {})
    form = bind_step(locked.guided_kind, step, data, answers=answers, today=today)
    if not form.is_valid():
        raise GuidedFormError(form)
    answers[step] = form.serialize()
    locked.guided_answers = answers
    locked.save(update_fields=["guided_answers", "updated_at"])
    filing.guided_answers = answers  # the caller's copy stays current
    return form


class GuidedFormError(ValidationError):
    """A screen's answers were refused; ``form`` carries the errors field by field."""

    def __init__(self, form: GuidedForm) -> None:
        self.form = form
        super().__init__(
            {name or "__all__": list(errs) for name, errs in form.errors.items()},
            code="guided_invalid",
        )


def guided_missing(filing: Filing, *, today: dt.date | None = None) -> list[str]:
    """What still stops the complaint from being generated, said at once."""
    out = []
    roles = {p.role for p in filing.parties.all()}
    if PartyRole.PLAINTIFF not in roles:
        out.append(str(errors.MISSING_PLAINTIFF))
    if PartyRole.DEFENDANT not in roles:
        out.append(str(errors.MISSING_DEFENDANT))
    _valid, missing = validate_answers(filing.guided_kind, filing.guided_answers or {}, today=today)
    return out + [str(m) for m in missing]


def guided_preview(filing: Filing, *, today: dt.date | None = None) -> Composition:
    """The composition in the court's language, for the check screen and the PDF."""
    names = {role: [] for role in (PartyRole.PLAINTIFF, PartyRole.DEFENDANT)}
    for p in filing.parties.all():
        names.setdefault(p.role, []).append(p.name)
    with translation.override(settings.LANGUAGE_CODE):
        return compose(
            filing.guided_kind,
            filing.guided_answers or {},
            plaintiffs=names[PartyRole.PLAINTIFF],
            defendants=names[PartyRole.DEFENDANT],
            today=today,
        )


def guided_generate(*, filing: Filing, user: User, today: dt.date | None = None) -> Composition:
    """Fill the filing from the answers: cause and facts, the claims with their amounts, and
    the complaint PDF as its ``complaint`` attachment. Running it again (after changing an
    answer) replaces what it made before and leaves anything added by hand alone."""
    today = today or timezone.localdate()
    with transaction.atomic():
        filing = _lock_own_guided(filing, user)
        missing = guided_missing(filing, today=today)
        if missing:
            raise FilingError("guided_incomplete", missing)
        composition = guided_preview(filing, today=today)
        with translation.override(settings.LANGUAGE_CODE):
            pdf = render_complaint_pdf(filing=filing, composition=composition, today=today)
            file_name = f"{gettext('Complaint')}（{composition.cause_name}）.pdf"
        made = (filing.guided_answers or {}).get("_generated") or {}
        for claim in filing.claims.filter(pk__in=made.get("claims", [])):
            services.filing_remove_claim(claim=claim, user=user)
        for attachment in filing.attachments.filter(pk__in=made.get("attachments", [])):
            services.filing_remove_attachment(attachment=attachment, user=user)
        match = next(
            (c for c in causes.search(composition.cause_name) if c.name == composition.cause_name),
            None,
        )
        services.filing_update_basics(
            filing=filing,
            user=user,
            court=filing.court,
            cause_name=composition.cause_name,
            facts=composition.facts,
            cause_code=match.key if match else "",
            cause_revision=match.revision if match else "",
        )
        claim_ids = [
            str(
                services.filing_add_claim(
                    filing=filing, user=user, text=line.text, amount=line.amount
                ).id
            )
            for line in composition.claims
        ]
        attachment = services.filing_add_attachment(
            filing=filing, user=user, kind=AttachmentKind.COMPLAINT, name=file_name, data=pdf
        )
        filing.refresh_from_db()
        answers = dict(filing.guided_answers or {})
        answers["_generated"] = {
            "claims": claim_ids,
            "attachments": [str(attachment.id)],
            "on": today.isoformat(),
        }
        filing.guided_answers = answers
        filing.save(update_fields=["guided_answers", "updated_at"])
    return composition
