"""``yunting interest``: private-lending interest as one JSON object (other tools call it).

    yunting interest --principal 100000 --rate 15 --from 2024-08-01 --to 2025-07-31
        [--signed DATE] [--delivered DATE] [--lender person|organisation]
        [--borrower person|organisation] [--repayment DATE:AMOUNT ...]

The rate is % a year; the cap is four times the one-year LPR when the contract was formed
(法释〔2020〕17号 第二十五条; formed on delivery between natural persons, 民法典第六百七十九条).
Prints at least ``interest`` (two decimals), ``cap_rate`` (e.g. "13.40"), ``formed_on``
(YYYY-MM-DD) and ``periods`` (start, end, principal, rate, interest). Bad input exits 2 with
``{"error": "…"}``. Computed by ``yunting.rules.lending`` — the same function as the guided
complaint and the public interest calculator.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from yunting.core.management.jsoncommand import JsonCommand, fail
from yunting.courts.rule_settings import court_rules
from yunting.filing.guided.interest import lpr_table
from yunting.rules.amounts import normalize_amount_text
from yunting.rules.errors import RuleError
from yunting.rules.lending import PARTY_KINDS, Repayment, private_lending_interest


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{name} must be a real date YYYY-MM-DD, not {value!r}")


def _decimal(value: str, name: str) -> Decimal:
    try:
        number = Decimal(normalize_amount_text(value))
    except InvalidOperation:
        fail(f"{name} is not a number: {value!r}")
    if not number.is_finite() or number < 0:
        fail(f"{name} must be a number of zero or more: {value!r}")
    return number


class Command(JsonCommand):
    help = "Private-lending interest within the legal cap, as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--principal", required=True)
        parser.add_argument("--rate", required=True, help="%% a year")
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--signed")
        parser.add_argument("--delivered")
        parser.add_argument("--lender", choices=PARTY_KINDS, default="person")
        parser.add_argument("--borrower", choices=PARTY_KINDS, default="person")
        # Both `--repayment A B` and `--repayment A --repayment B` (the issue's `DATE:AMOUNT ...`).
        parser.add_argument(
            "--repayment", action="extend", nargs="+", default=[], metavar="DATE:AMOUNT"
        )

    def handle(self, *args, **o) -> None:
        principal = _decimal(o["principal"], "--principal")
        rate = _decimal(o["rate"], "--rate")
        if rate > 100:
            fail(f"--rate is % a year and cannot exceed 100: {o['rate']!r}")
        start, end = _date(o["start"], "--from"), _date(o["end"], "--to")
        repayments = []
        for raw in o["repayment"]:
            day, sep, amount = raw.partition(":")
            if not sep:
                fail(f"--repayment must be DATE:AMOUNT, e.g. 2025-01-01:5000, not {raw!r}")
            value = _decimal(amount, "--repayment amount")
            if value <= 0:
                fail(f"--repayment amount must be more than zero: {raw!r}")
            repayments.append(Repayment(_date(day, "--repayment date"), value))
        today = timezone.localdate()
        try:
            result = private_lending_interest(
                principal=principal,
                rate=rate,
                start=start,
                end=end,
                table=lpr_table(),
                filed_on=today,
                signed_on=_date(o["signed"], "--signed"),
                delivered_on=_date(o["delivered"], "--delivered"),
                lender=o["lender"],
                borrower=o["borrower"],
                repayments=repayments,
                above_cap=court_rules().get("lending_above_cap", "offset_principal"),
            )
        except RuleError as exc:
            fail(exc.message, code=exc.code)
        self.emit(result.to_dict(today=today))
