"""``yunting deadline --from YYYY-MM-DD --days N``: when a legal period ends."""

from __future__ import annotations

import datetime as dt

from yunting.core.management.jsoncommand import JsonCommand, fail
from yunting.rules.deadlines import period_end
from yunting.rules.errors import RuleError


class Command(JsonCommand):
    help = "The last day of a period: start day not counted, extended past rest days."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--days", type=int, default=0)
        parser.add_argument("--months", type=int, default=0)

    def handle(self, *args, start: str, days: int, months: int, **options) -> None:
        try:
            start_date = dt.date.fromisoformat(start)
        except ValueError:
            fail(f"--from must be a date as YYYY-MM-DD, not {start!r}.", code="bad_date")
        try:
            deadline = period_end(start_date, days=days, months=months)
        except RuleError as exc:
            fail(exc.message, code=exc.code)
        data = {"deadline": deadline.date.isoformat(), "extended": deadline.extended}
        if not deadline.calendar_known:
            data["calendar_known"] = False
        self.emit(data)
