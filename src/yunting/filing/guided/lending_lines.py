"""The lines that show a private-lending computation (``rules.lending``) step by step, each
with its basis: used by the guided complaint and by the public interest calculator alike."""

from __future__ import annotations

from django.utils.translation import gettext

from yunting.rules.bank_loans import BankPenalty
from yunting.rules.lending import LendingResult, Period

from .interest import cn_date, pct, yuan


def lending_lines(r: LendingResult) -> list[str]:
    a = r.accrual
    lines = [
        gettext("Principal handed over: %(amount)s on %(day)s.")
        % {"amount": yuan(r.principal), "day": cn_date(r.start)}
    ]
    why = {
        "delivery": gettext("the day the money was handed over"),
        "signing": gettext("the day the contract was signed"),
        "start": gettext("taken as the day interest starts, as no other date was given"),
    }[r.formation.by]
    lines.append(
        gettext("The loan contract was formed on %(day)s, %(why)s (%(basis)s).")
        % {"day": cn_date(r.formation.day), "why": why, "basis": r.formation.basis}
    )
    basis = (
        gettext("the day of filing, %(day)s (loan made before 20 August 2020, Art. 31)")
        if r.cap.at_filing
        else gettext("the day the contract was formed, %(day)s (Art. 25)")
    )
    lines.append(
        gettext(
            "Legal cap: four times the one-year LPR of %(lpr)s (published %(published)s) in "
            "force on %(basis)s = %(cap)s a year, under the Provisions of the Supreme People's "
            "Court on Private Lending Cases."
        )
        % {
            "lpr": pct(r.cap.lpr),
            "published": cn_date(r.cap.lpr_day),
            "basis": basis % {"day": cn_date(r.cap.reference_day)},
            "cap": pct(r.cap.percent),
        }
    )
    if r.agreed_rate is None:
        lines.append(gettext("No interest was agreed: none is claimed for the term (Art. 24)."))
    elif r.capped:
        lines.append(
            gettext("The agreed %(what)s of %(rate)s a year is above the cap: %(cap)s is used.")
            % {
                "what": gettext("interest rate"),
                "rate": pct(r.agreed_rate),
                "cap": pct(r.cap.percent),
            }
        )
    if r.late_rate is not None:
        why_late = {
            "agreed": gettext("the agreed late-payment rate, within the cap (Art. 28)"),
            "term-rate": gettext("the agreed rate (Art. 28)"),
            "lpr": gettext("the one-year LPR, as no rate was agreed (Art. 28)"),
        }[r.late_basis]
        agreed_late = r.agreed_late_rate
        if r.late_basis == "agreed" and agreed_late is not None and agreed_late > r.cap.percent:
            lines.append(
                gettext("The agreed %(what)s of %(rate)s a year is above the cap: %(cap)s is used.")
                % {
                    "what": gettext("late-payment rate"),
                    "rate": pct(agreed_late),
                    "cap": pct(r.cap.percent),
                }
            )
        lines.append(
            gettext("From %(day)s the loan is overdue: late interest at %(rate)s a year, %(why)s.")
            % {"day": cn_date(r.late_from), "rate": pct(r.late_rate), "why": why_late}
        )
    allocations = {x.on: [] for x in a.allocations}
    for x in a.allocations:
        allocations[x.on].append(x)
    shown_days = set()
    for p in a.periods:
        if p.rate > 0:
            lines.append(
                gettext(
                    "%(start)s to %(end)s: %(principal)s × %(rate)s × %(days)s days ÷ 365 = "
                    "%(amount)s."
                )
                % {
                    "start": cn_date(p.start),
                    "end": cn_date(p.end),
                    "principal": yuan(p.principal),
                    "rate": pct(p.rate),
                    "days": p.days,
                    "amount": yuan(p.interest),
                }
            )
        for x in allocations.get(p.end, []) if p.end not in shown_days else []:
            lines.extend(_allocation_lines(x, r))
        shown_days.add(p.end)
    for x in allocations.get(r.start, []) if r.start not in shown_days else []:
        lines.insert(3, _allocation_lines(x, r)[0])
    lines.append(
        gettext(
            "Interest still owed: %(owed)s (accrued %(accrued)s, of which %(paid)s paid); "
            "principal outstanding %(principal)s."
        )
        % {
            "accrued": yuan(a.accrued),
            "paid": yuan(a.paid_interest),
            "owed": yuan(a.interest_owed),
            "principal": yuan(a.principal_outstanding),
        }
    )
    return lines


def _allocation_lines(x, r: LendingResult) -> list[str]:
    out = [
        gettext(
            "Repayment of %(amount)s on %(day)s: %(interest)s to the interest due, %(principal)s "
            "to the principal (Civil Code Art. 561: interest first, then principal)."
        )
        % {
            "amount": yuan(x.amount),
            "day": cn_date(x.on),
            "interest": yuan(x.to_interest),
            "principal": yuan(x.to_principal),
        }
    ]
    if x.above_cap > 0:
        treatment = (
            gettext("set off against the principal (court setting)")
            if x.refund < x.above_cap
            else gettext("shown as owed back to the borrower (court setting)")
        )
        out.append(
            gettext("Interest paid above the lawful interest: %(amount)s, %(treatment)s.")
            % {"amount": yuan(x.above_cap), "treatment": treatment}
        )
    elif x.refund > 0:
        out.append(gettext("Paid beyond the whole debt: %(amount)s.") % {"amount": yuan(x.refund)})
    return out


def _period_line(p: Period, what: str, base: int) -> str:
    return gettext(
        "%(what)s, %(start)s to %(end)s: %(principal)s × %(rate)s × %(days)s days ÷ %(base)s = "
        "%(amount)s."
    ) % {
        "what": what,
        "start": cn_date(p.start),
        "end": cn_date(p.end),
        "principal": yuan(p.principal),
        "rate": pct(p.rate),
        "days": p.days,
        "base": base,
        "amount": yuan(p.interest),
    }


def bank_lines(r: BankPenalty, *, contract_rate) -> list[str]:
    """The penalty and compound interest of a bank loan, each line with its basis."""
    rate = r.rate
    if rate.source == "agreed":
        lines = [
            gettext("Penalty rate agreed in the contract: %(rate)s a year.")
            % {"rate": pct(rate.uncapped)}
        ]
    else:
        lines = [
            gettext(
                "No penalty rate was agreed: the contract rate %(rate)s plus %(markup)s%% "
                "(PBoC notice Yinfa [2003] No. 251, Art. 3: 30–50%%, court setting) = "
                "%(penalty)s a year."
            )
            % {
                "rate": pct(contract_rate),
                "markup": f"{rate.markup:f}",
                "penalty": pct(rate.uncapped),
            }
        ]
    if rate.capped:
        lines.append(
            gettext(
                "Above the 24%% a year courts support for bank loans (Fafa [2017] No. 22, "
                "Art. 2): 24%% is used."
            )
        )
    if r.penalty_period is not None:
        lines.append(_period_line(r.penalty_period, gettext("Penalty interest"), 360))
    if r.compound_period is not None:
        lines.append(
            _period_line(
                r.compound_period,
                gettext("Compound interest on the unpaid interest at the penalty rate (agreed)"),
                360,
            )
        )
    return lines
