"""``yunting fee --kind KIND [--amount N] ...``: the court fee as JSON."""

from __future__ import annotations

from yunting.core.management.jsoncommand import JsonCommand, fail
from yunting.fees.calculator import calculate_fee
from yunting.fees.errors import FeeInputError
from yunting.rules.fees import KINDS


class Command(JsonCommand):
    help = "Compute a court fee under the Measures on the Payment of Litigation Costs."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--amount")
        parser.add_argument("--property-amount", dest="property_amount")
        parser.add_argument("--damages")
        parser.add_argument("--summary", action="store_true")
        parser.add_argument("--halve", choices=["mediation", "withdrawal"])

    def handle(self, *args, **options) -> None:
        try:
            self.emit(calculate_fee(options))
        except FeeInputError as exc:
            fail(exc.detail, code=exc.code)
