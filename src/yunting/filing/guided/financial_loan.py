"""Financial loans (金融借款合同纠纷): the screens, and the claims and facts they give: penalty
interest at the agreed rate or, without one, the contract rate plus the markup of 银发〔2003〕251号
(a court setting), compound interest on unpaid interest when agreed, all within 24 % a year
(法发〔2017〕22号 第二条) — computed by ``yunting.rules.bank_loans``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yunting.rules.bank_loans import DEFAULT_MARKUP, bank_penalty

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
from .fields import AmountField, DayField, GuidedForm, RateField, text_field
from .interest import cn_date, pct, yuan
from .lending_lines import bank_lines
from .security import SecurityForm, security_claims

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

    name = text_field(_("Name of the contract"), required=True)
    number = text_field(_("Contract number"), required=True)
    signed_on = DayField(label=_("Date signed"), required=True)
    signed_place = text_field(_("Place signed"))
    amount = AmountField(label=_("Loan amount agreed"), required=True)
    disbursed = AmountField(label=_("Amount actually paid out"), required=True)
    disbursed_on = DayField(label=_("Date paid out"), required=True)
    term_start = DayField(label=_("Loan term from"), required=True)
    term_end = DayField(label=_("Loan term to"), required=True, future=True)
    rate = RateField(label=_("Interest rate (% a year)"), required=True)
    penalty_rate = RateField(
        label=_("Penalty interest rate for overdue principal (% a year)"),
        help_text=_(
            "As written in the contract (罚息利率). Leave empty if none was agreed: the contract "
            "rate plus the markup of PBoC notice 251 (2003) is used."
        ),
    )
    compound = forms.BooleanField(
        label=_("Compound interest agreed"),
        required=False,
        help_text=_("Compound interest on unpaid interest at the penalty rate (复利)."),
    )
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
    other = text_field(_("Other claims"), rows=2)
    jurisdiction = text_field(_("Agreed court or arbitration clause"))
    preservation = forms.BooleanField(label=_("I will apply to freeze assets"), required=False)
    evidence = text_field(_("Evidence (one per line)"), rows=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = self.earlier("default", "overdue_since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Penalty interest cannot end before the loan was overdue."))
        return data


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
    result = bank_penalty(
        principal=principal,
        interest_owed=interest_owed,
        contract_rate=c["rate"],
        agreed_penalty_rate=c.get("penalty_rate"),
        compound=bool(c.get("compound")),
        start=d["overdue_since"],
        end=until,
        markup=Decimal(str(ctx.rules.get("bank_penalty_markup", DEFAULT_MARKUP))),
    )
    steps += bank_lines(result, contract_rate=c["rate"])
    penalty = result.penalty + result.compound
    penalty_rate = result.rate.percent
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
            "Order the defendant to pay interest of %(interest)s and penalty and compound "
            "interest of %(penalty)s up to %(until)s, %(total)s in all"
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
    more_claims, security_fact = security_claims(sec)
    claims += more_claims
    claims += closing_claims(cl)
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
    return composition(FINANCIAL_LOAN, a, claims=claims, computation=steps, facts=facts)


FINANCIAL_LOAN = Questionnaire(
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
)
