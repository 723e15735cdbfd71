"""Private lending (民间借贷纠纷): the screens, and the claims and facts they give under the
Provisions of the Supreme People's Court on Private Lending Cases (法释〔2020〕17号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
from .fields import AmountField, DayField, GuidedForm, RateField, display, text_field
from .interest import cn_date, interest_step, lpr_on, pct, private_lending_cap, yuan
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
    other = text_field(_("Other claims"), rows=2)
    jurisdiction = text_field(_("Agreed court or arbitration clause"))
    preservation = forms.BooleanField(label=_("I will apply to freeze assets"), required=False)
    evidence = text_field(_("Evidence (one per line)"), rows=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, until = self.earlier("loan", "delivered_on"), data.get("until")
        if start and until and until < start:
            self.add_error("until", _("Interest cannot be computed to a day before the loan."))
        return data


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
        amount, line = interest_step(
            gettext(
                "Interest for the term, %(start)s to %(end)s: %(principal)s × %(rate)s × "
                "%(days)s days ÷ 365 = %(amount)s."
            ),
            principal,
            term_rate,
            ld["delivered_on"],
            term_end,
            basis=365,
        )
        interest += amount
        steps.append(line)
    elif agreed is None:
        steps.append(gettext("No interest was agreed: none is claimed for the term (Art. 24)."))
    if overdue_from and overdue_from < until and late_rate:
        amount, line = interest_step(
            gettext(
                "Late interest at %(why)s, %(start)s to %(end)s: %(principal)s × %(rate)s × "
                "%(days)s days ÷ 365 = %(amount)s."
            ),
            principal,
            late_rate,
            overdue_from,
            until,
            basis=365,
            why=late_why,
        )
        interest += amount
        steps.append(line)
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
