"""``yunting judgments tick [--today YYYY-MM-DD]``: judgments that took effect, reminders."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Daily pass: judgments whose appeal periods all ended take effect; 临期/超期 reminders."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["tick"])
        parser.add_argument("--today", help="the day to act as (YYYY-MM-DD); default today")

    def handle(self, *args, action: str, today: str | None = None, **options) -> None:
        from yunting.judgments.services import effects_check_all, limit_reminders_send

        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today must be YYYY-MM-DD, not {today!r}") from exc
        effective = effects_check_all(today=day)
        reminders = limit_reminders_send(today=day)
        self.stdout.write(f"effective: {effective}, reminders: {reminders}")
