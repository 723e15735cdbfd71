"""Private lending (民间借贷纠纷): the screens, and the claims and facts they give under the
Provisions of the Supreme People's Court on Private Lending Cases (法释〔2020〕17号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunting.rules.lending import private_lending_interest

from .composition import (
    Answers,
    ClaimLine,
    ComposeContext,
    Composition,
    Questionnaire,
    Step,
    closing_claims,
    composition,
)
from .fields import (
    AmountField,
    DayField,
    GuidedForm,
    RateField,
    RepaymentsField,
    display,
    parse_repayments,
    text_field,
)
from .interest import cn_date, pct, yuan
from .lending_lines import lending_lines
from .security import SecurityForm, security_claims

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
PARTY_KIND_CHOICES = [
    ("person", _("A natural person")),
    ("organisation", _("A company or other organisation")),
]
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
    signed_place = text_field(_("Place where it was signed"))
    amount = AmountField(label=_("Amount lent (as written)"), required=True)
    delivery = forms.ChoiceField(label=_("How the money was handed over"), choices=DELIVERY_METHODS)
    delivered_on = DayField(label=_("Date the money was handed over"), required=True)
    delivered_amount = AmountField(
        label=_("Amount actually handed over"),
        required=True,
        help_text=_("If interest was deducted in advance, the amount actually received."),
    )
    lender_kind = forms.ChoiceField(label=_("The lender is"), choices=PARTY_KIND_CHOICES)
    borrower_kind = forms.ChoiceField(label=_("The borrower is"), choices=PARTY_KIND_CHOICES)
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
    repayments = RepaymentsField(
        label=_("Repayments so far (one a line: date and amount)"),
        help_text=_(
            "E.g. 2024-12-01 5000. Add 利息 after the amount if it was paid as interest. Each "
            "payment goes first to the interest then due, then to the principal (Civil Code "
            "Art. 561)."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start = self.earlier("loan", "delivered_on")
        for r in parse_repayments(data.get("repayments") or ""):
            if start and r.on < start:
                self.add_error("repayments", _("A repayment cannot be before the loan."))
                break
            if r.on > self.today:
                self.add_error("repayments", _("This date is in the future."))
                break
        return data


def annual_rate(data: Mapping[str, Any]) -> Decimal | None:
    """The agreed rate a year (a monthly rate such as 月息2分 is 2 % × 12 = 24 % a year)."""
    rate = data.get("rate")
    if rate is None:
        return None
    return rate * 12 if data.get("rate_unit") == "month" else rate


class LendingClaimsForm(GuidedForm):
    """诉讼请求: 利息计算截至日、至实际清偿之日止、实现债权的费用、其他请求; 管辖与保全."""

    until = DayField(
        label=_("Compute interest up to"),
        required=True,
        initial=timezone.localdate,
        help_text=_("Usually today."),
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
    other = text_field(_("Other claims"), rows=2)
    jurisdiction = text_field(_("Agreed court or arbitration clause"))
    preservation = forms.BooleanField(label=_("I will apply to freeze assets"), required=False)
    evidence = text_field(_("Evidence (one per line)"), rows=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, until = self.earlier("loan", "delivered_on"), data.get("until")
        if start and until and until < start:
            self.add_error("until", _("Interest cannot be computed to a day before the loan."))
        paid = (self.answers.get("interest") or {}).get("repayments") or ""
        try:
            last = max((r.on for r in parse_repayments(paid)), default=None)
        except ValueError:
            last = None
        if until and last and last > until:
            self.add_error("until", _("Compute interest at least up to the last repayment."))
        return data


def compose_private_lending(a: Answers, ctx: ComposeContext) -> Composition:
    """民间借贷: principal = the amount actually handed over (第二十六条); interest at the
    agreed rate within four times the LPR at formation (第二十五条; formation by 《民法典》第六百
    七十九条), late interest by 第二十八条, on the principal outstanding between dated repayments
    allocated by 《民法典》第五百六十一条 — all computed by ``yunting.rules.lending`` (the same
    function as the public interest calculator and ``yunting interest``)."""
    loan, rate, sec, cl = a["loan"], a["interest"], a["security"], a["claims"]
    ld, rd, cd = loan.cleaned_data, rate.cleaned_data, cl.cleaned_data
    until: dt.date = cd["until"]
    result = private_lending_interest(
        principal=ld["delivered_amount"],
        rate=annual_rate(rd),
        start=ld["delivered_on"],
        end=until,
        table=ctx.lpr,
        filed_on=ctx.today,
        signed_on=ld.get("signed_on"),
        delivered_on=ld["delivered_on"],
        lender=ld.get("lender_kind") or "person",
        borrower=ld.get("borrower_kind") or "person",
        repayments=parse_repayments(rd.get("repayments") or ""),
        due_on=ld.get("due_on") or ld.get("demanded_on"),
        late_rate=rd.get("overdue_rate"),
        above_cap=ctx.rules.get("lending_above_cap", "offset_principal"),
    )
    steps = lending_lines(result)
    principal = result.accrual.principal_outstanding
    owed_interest = result.accrual.interest_owed
    late_rate = result.late_rate
    term_rate = result.term_rate or None
    overdue_from = result.late_from
    paid = result.accrual.paid_interest
    agreed = result.agreed_rate
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
    if result.accrual.refund > 0:
        claims.append(
            ClaimLine(
                gettext(
                    "The plaintiff acknowledges %(amount)s paid above the lawful interest and "
                    "the principal, to be set off against the above."
                )
                % {"amount": yuan(result.accrual.refund)}
            )
        )
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
    more_claims, security_fact = security_claims(sec)
    claims += more_claims
    claims += closing_claims(cl)

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
            "principal": yuan(result.principal - principal),
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
    return composition(PRIVATE_LENDING, a, claims=claims, computation=steps, facts=facts)


PRIVATE_LENDING = Questionnaire(
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
)
