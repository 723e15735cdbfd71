"""``yunting idcheck VALUE``: citizen ID (GB 11643) or unified social credit code (GB 32100)."""

from __future__ import annotations

from yunting.core.management.jsoncommand import JsonCommand
from yunting.rules.identity import check_identity


class Command(JsonCommand):
    help = "Check a citizen ID number or a unified social credit code."

    def add_arguments(self, parser) -> None:
        parser.add_argument("value")

    def handle(self, *args, value: str, **options) -> None:
        check = check_identity(value)
        self.emit({"valid": check.valid, "kind": check.kind, "reason": check.reason})
