"""``yunting caseno parse TEXT`` / ``yunting caseno format --year ... --serial N``."""

from __future__ import annotations

from yunting.core.management.jsoncommand import JsonCommand, fail
from yunting.rules.case_numbers import CaseNumber, parse
from yunting.rules.errors import RuleError


class Command(JsonCommand):
    help = "Parse or format a case number such as （2024）沪0105民初1234号."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("parse")
        p.add_argument("text")
        f = sub.add_parser("format")
        f.add_argument("--year", type=int, required=True)
        f.add_argument("--court", required=True)
        f.add_argument("--type", dest="type_code", required=True)
        f.add_argument("--serial", type=int, required=True)
        f.add_argument("--specialised", default=None)

    def handle(self, *args, action: str, **options) -> None:
        try:
            if action == "parse":
                number = parse(options["text"])
                data = {
                    "year": number.year,
                    "court_code": number.court_code,
                    "type_code": number.type_code,
                    "serial": number.serial,
                }
                if number.specialised:
                    data["specialised"] = number.specialised
                self.emit(data)
            else:
                number = CaseNumber(
                    year=options["year"],
                    court_code=options["court"],
                    type_code=options["type_code"],
                    serial=options["serial"],
                    specialised=options["specialised"],
                )
                self.stdout.write(number.format())
        except RuleError as exc:
            fail(exc.message, code=exc.code)
